package ammi.data;

import java.util.ArrayList;
import java.util.List;

final class Fixtures {
    private Fixtures() {
    }

    /** An alphabetic token unique to i (tokens with digits would be dropped by the tokenizer). */
    static String word(String prefix, int i) {
        return prefix + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    }

    /** nTrain train docs "common sport|tech uniqXX" and nTest test docs "common sport|tech testXX". */
    static List<Document> corpus(int nTrain, int nTest) {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < nTrain; i++) {
            String lab = i % 2 == 0 ? "sport" : "tech";
            docs.add(new Document("tr" + i, "train", List.of(lab), "Common " + lab + " " + word("uniq", i)));
        }
        for (int i = 0; i < nTest; i++) {
            String lab = i % 2 == 0 ? "sport" : "tech";
            docs.add(new Document("te" + i, "test", List.of(lab), "common " + lab + " " + word("test", i)));
        }
        return docs;
    }
}
