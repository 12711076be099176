package ammi.cli;

import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The options that choose and preprocess a corpus; shared by every command that reads one. */
final class DataArgs {
    @Option(names = "--data", paramLabel = "NAME|FILE", defaultValue = "reuters",
            description = "Corpus: a name (reuters, reuters90, 20news, 20news-random, bbc), a folder ROOT/<label>/<file>, "
                    + "a JSON-lines file (.jsonl, .jsonl.gz, .json.gz), a LibSVM file (.svm, .libsvm or .svmlight; "
                    + "siblings NAME.test.svm, NAME.val.svm) "
                    + "or a VDSH .mat file. Default: ${DEFAULT-VALUE}, bundled in the jar.")
    String data;

    @Option(names = "--vocab-size", paramLabel = "V", defaultValue = "0",
            description = "Vocabulary size: the V terms with the highest training document frequency "
                    + "(0 = the corpus default: reuters and reuters90 7164, 20news, 20news-random and bbc 10000; "
                    + "a folder or JSON-lines file: every term that passes --min-df). "
                    + ".mat and LibSVM files are already vectorised and keep their columns.")
    int vocabSize;

    @Option(names = "--min-df", paramLabel = "N", defaultValue = "2",
            description = "Minimum training document frequency of a term. Default: ${DEFAULT-VALUE}.")
    int minDf;

    @Option(names = "--no-tfidf", description = "Binary bag of words instead of TF-IDF.")
    boolean noTfidf;

    @Option(names = "--sublinear-tf", description = "Weight a term's count c as 1 + ln(c) before the IDF "
            + "(scikit-learn's sublinear_tf); saved with the model.")
    boolean sublinearTf;

    @Option(names = "--stem", description = "Porter-stem tokens (Lucene PorterStemFilter).")
    boolean stem;

    @Option(names = "--stopwords", paramLabel = "LIST", defaultValue = "english",
            description = "Stop words removed: english (Lucene's 33-word list) or none. Default: ${DEFAULT-VALUE}.")
    String stopwords;

    @Option(names = "--min-token-length", paramLabel = "N", defaultValue = "2",
            description = "Shortest token kept, in letters. Default: ${DEFAULT-VALUE}.")
    int minTokenLength;

    @Option(names = "--data-seed", paramLabel = "SEED", defaultValue = "0",
            description = "Seed of the 10%% validation split carved out of train (and of the 80/20 split of corpora "
                    + "without one, and of 20news-random). Default: ${DEFAULT-VALUE}.")
    long dataSeed;

    @Option(names = "--max-docs", paramLabel = "N", defaultValue = "0",
            description = "Keep only N documents of each of train and test (and of a given validation split), spread evenly "
                    + "over the file (so a corpus sorted by label keeps every label), for quick runs (0 = all). Default: ${DEFAULT-VALUE}.")
    int maxDocs;

    Dataset load() {
        Dataset ds = Datasets.load(data, options());
        if (ds.vocabulary() == null) { // .mat or LibSVM: say so rather than ignore a preprocessing option silently
            List<String> unused = textOptionsGiven();
            if (!unused.isEmpty())
                System.out.println("note: " + String.join(", ", unused) + (unused.size() == 1 ? " applies" : " apply") + " to text corpora; "
                        + data + " is already vectorised and keeps its columns and values");
        }
        return ds;
    }

    /** The text-preprocessing options set away from their defaults. */
    private List<String> textOptionsGiven() {
        List<String> given = new ArrayList<>();
        if (vocabSize != 0) given.add("--vocab-size");
        if (minDf != 2) given.add("--min-df");
        if (noTfidf) given.add("--no-tfidf");
        if (sublinearTf) given.add("--sublinear-tf");
        if (stem) given.add("--stem");
        if (!"english".equalsIgnoreCase(stopwords)) given.add("--stopwords");
        if (minTokenLength != 2) given.add("--min-token-length");
        return given;
    }

    DataOptions options() {
        return DataOptions.defaults()
                .withVocabSize(vocabSize)
                .withMinDf(minDf)
                .withTfidf(!noTfidf)
                .withSublinearTf(sublinearTf)
                .withStem(stem)
                .withStopwords(stopwords)
                .withMinTokenLength(minTokenLength)
                .withMaxDocs(maxDocs)
                .withSeed(dataSeed);
    }
}
