package ammi.cli;

import ammi.eval.HammingSearch;
import ammi.eval.PackedCodes;
import ammi.search.CodesFile;
import ammi.search.DocIds;
import ammi.util.Parallel;
import ammi.util.UserError;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The options and files that search and neighbors share: a saved model and the codes (and ids)
 * that {@code encode} wrote with it, checked against each other.
 */
final class SearchIndex {
    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "The model written by train --save that encoded the index.")
    Path model;

    @Option(names = "--index", paramLabel = "FILE", required = true,
            description = "Codes written by encode --out (its ids are read from FILE.ids).")
    Path index;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;

    SavedModel saved;
    PackedCodes codes;
    DocIds ids;
    HammingSearch search;
    /** Which encoder codes text queries: the other side of a predictive model's index, else p(z|y). */
    SavedModel.Side querySide = SavedModel.Side.y;

    /** Loads and cross-checks the model, the codes and the ids. */
    SearchIndex open() {
        if (threads > 0) Parallel.setThreads(threads);
        saved = SavedModel.open(model);
        try {
            CodesFile.Contents contents = CodesFile.load(index);
            codes = contents.codes();
            if (codes.bits() != saved.bits()) {
                throw new UserError(index + ": codes of m = " + codes.bits() + " bits, but --model " + model + " makes "
                        + saved.bits() + "-bit codes (encode the corpus with this model first)");
            }
            boolean xSide = saved.config().predictive && contents.model() != 0 && contents.model() == saved.fingerprint(SavedModel.Side.x);
            if (saved.config().predictive) querySide = xSide ? SavedModel.Side.y : SavedModel.Side.x;
            if (contents.model() != 0 && contents.model() != saved.fingerprint() && !xSide) {
                throw new UserError(index + ": written by another model than --model " + model + " (fingerprint "
                        + Integer.toHexString(contents.model()) + ", this model's is " + Integer.toHexString(saved.fingerprint())
                        + "; encode the corpus with this model first)");
            }
            Path idsFile = DocIds.pathFor(index);
            ids = DocIds.read(idsFile);
            if (ids.size() != codes.count()) {
                throw new UserError(idsFile + ": " + ids.size() + " lines for the " + codes.count() + " codes of " + index
                        + " (the two files come from different encode runs)");
            }
            search = new HammingSearch(codes);
            return this;
        } catch (RuntimeException e) {
            saved.close();
            throw e;
        }
    }

    /** The code of --doc ID (a document id or SPLIT:INDEX). */
    int find(String doc) {
        return ids.find(doc, "--doc", DocIds.pathFor(index));
    }

    /** One document as a result row: split:index, id, first line. */
    String describe(int code) {
        DocIds.Entry e = ids.get(code);
        String id = e.id().equals(e.position()) ? "" : "  " + e.id();
        return String.format(Locale.ROOT, "%s%s  %s", e.position(), id, e.firstLine());
    }

    void close() {
        if (saved != null) saved.close();
    }
}
