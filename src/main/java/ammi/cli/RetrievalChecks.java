package ammi.cli;

import ammi.data.Dataset;
import ammi.util.UserError;

import java.util.Locale;

/** What top-K retrieval precision needs of a corpus, said the same way by train, eval and baseline. */
final class RetrievalChecks {
    private RetrievalChecks() {}

    /** One error line for a corpus without labels; {@code instead} says what the user can do without them. */
    static void requireLabels(Dataset ds, String name, int k, String instead) {
        if (!ds.labelled()) throw new UserError(name + " has no labels: P@" + k + " counts neighbours that share one (" + instead + ")");
    }

    /** eval ranks test documents against train: a corpus read through a saved model may lack either. */
    static void requireTrainAndTest(Dataset ds, String source) {
        if (ds.train().size() == 0) throw new UserError(source + ": the train split has no documents (eval ranks the test documents against them)");
        if (ds.test().size() == 0)
            throw new UserError(source + ": the test split has no documents (eval needs documents marked test: a \"split\": \"test\" field, or a folder ROOT/test/<label>/<file>)");
    }

    /** With fewer training documents than K every query retrieves all of them, and P@K is the label's share. */
    static void noteSmallBase(Dataset ds, int k) {
        int n = ds.train().size();
        if (ds.labelled() && n < k)
            System.out.printf(Locale.ROOT, "note: %d training documents, fewer than K = %d: P@%d counts every one of them, whatever the ranking%n", n, k, k);
    }

    /**
     * Appended to a P@k score line: "" when k <= N, else " (K = min(k, N) = N)", since the score is
     * then P@N (docs/evaluation.md) and the line's "P@k" alone would misname it.
     */
    static String effectiveK(Dataset ds, int k) {
        int n = ds.train().size();
        return n < k ? String.format(Locale.ROOT, " (K = min(k, N) = %d)", n) : "";
    }
}
