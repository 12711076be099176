package ammi.cli;

import ammi.eval.PackedCodes;
import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the K indexed documents nearest to a query under Hamming distance, ordered by",
                "(distance, index in the codes file): ties go to the earlier document. The query is text,",
                "encoded like the training documents (the model's tokenizer, vocabulary and TF-IDF), or",
                "an indexed document (--doc), which is then left out of its own results."})
final class SearchCommand implements Callable<Integer> {
    @Mixin
    SearchIndex index = new SearchIndex();

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "Query text (quote it).")
    String query;

    @Option(names = "--doc", paramLabel = "ID", description = "Use this indexed document as the query: its id or SPLIT:INDEX (e.g. test:12).")
    String doc;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Documents printed. Default: ${DEFAULT-VALUE}.")
    int k;

    @Override
    public Integer call() {
        if ((query == null) == (doc == null)) throw new UserError("give either QUERY text or --doc ID (not both)");
        if (k < 1) throw new UserError("--k must be at least 1, got " + k);
        index.open("search");
        try {
            PackedCodes q;
            int qi, exclude;
            String what;
            if (doc != null) {
                exclude = index.find(doc);
                q = index.codes;
                qi = exclude;
                what = index.describe(exclude);
            } else {
                q = index.saved.encode(index.saved.vectorize(query, "the query \"" + query + "\""));
                qi = 0;
                exclude = -1;
                what = "\"" + query + "\"";
            }
            long t0 = System.nanoTime();
            index.search.scan(q, qi, exclude);
            int[] top = new int[k];
            int got = index.search.topK(k, top);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "# %d nearest of %d codes (%d bits) in %s to %s (scan %.2f ms)%n",
                    got, index.codes.count(), index.codes.bits(), index.index, what, ms);
            System.out.println("rank  distance  document");
            for (int r = 0; r < got; r++) {
                System.out.printf(Locale.ROOT, "%4d  %8d  %s%n", r + 1, index.search.distance(top[r]), index.describe(top[r]));
            }
        } finally {
            index.close();
        }
        return 0;
    }
}
