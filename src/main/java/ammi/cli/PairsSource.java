package ammi.cli;

import ammi.data.DataOptions;
import ammi.data.Datasets;
import ammi.data.Vocabulary;
import ammi.pairs.PairBuilder;
import ammi.pairs.PairDataset;
import ammi.pairs.PairsFile;
import ammi.util.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where predictive hashing's pairs come from ({@code train --pairs FILE [--pairs-corpus C]} or
 * {@code --pairs-from NAME [--clean] [--cuts K]}), and the one path that builds them: train and
 * eval of a saved model get the same pairs in the same splits. A checkpoint stores {@link #describe}.
 */
record PairsSource(Path pairs, String pairsCorpus, String pairsFrom, boolean clean, int cuts, boolean indexSelfPairs) {
    PairsSource(Path pairs, String pairsCorpus, String pairsFrom, boolean clean, int cuts) {
        this(pairs, pairsCorpus, pairsFrom, clean, cuts, false);
    }

    /** Pairs are used whole: --max-docs, which thins a corpus's splits, would otherwise pass unnoticed. */
    static final String NO_MAX_DOCS = "--max-docs applies to a corpus (--data); pairs are used whole (build them from fewer "
            + "documents, or keep fewer lines of the pairs file)";

    private static final String FILE = "pairs:", FROM = "pairs-from:", CORPUS = " --pairs-corpus ", CLEAN = " --clean",
            INDEX = " --index-self-pairs";
    private static final Pattern CUTS = Pattern.compile(" --cuts (\\d+)$");

    /**
     * The checkpoint's dataset string: "pairs:FILE[ --pairs-corpus C]" or "pairs-from:NAME[ --clean][ --cuts K]",
     * then " --index-self-pairs" if given.
     */
    String describe() {
        String index = indexSelfPairs ? INDEX : "";
        if (pairs != null) return FILE + pairs + (pairsCorpus != null ? CORPUS + pairsCorpus : "") + index;
        return FROM + pairsFrom + (clean ? CLEAN : "") + (cuts > 1 ? " --cuts " + cuts : "") + index;
    }

    /** Reads {@link #describe}'s string back; null when {@code source} names no pairs. */
    static PairsSource parse(String source) {
        boolean index = source.endsWith(INDEX) && (source.startsWith(FILE) || source.startsWith(FROM));
        if (index) source = source.substring(0, source.length() - INDEX.length());
        if (source.startsWith(FILE)) {
            String rest = source.substring(FILE.length());
            int c = rest.lastIndexOf(CORPUS);
            return c < 0 ? new PairsSource(Path.of(rest), null, null, false, 1, index)
                    : new PairsSource(Path.of(rest.substring(0, c)), rest.substring(c + CORPUS.length()), null, false, 1, index);
        }
        if (!source.startsWith(FROM)) return null;
        String rest = source.substring(FROM.length());
        int cuts = 1;
        Matcher m = CUTS.matcher(rest);
        if (m.find()) {
            cuts = Integer.parseInt(m.group(1));
            rest = rest.substring(0, m.start());
        }
        boolean clean = rest.endsWith(CLEAN);
        if (clean) rest = rest.substring(0, rest.length() - CLEAN.length());
        return new PairsSource(null, null, rest, clean, cuts, index);
    }

    /**
     * The vectorised pairs, split by {@code opts}' seed and validation fraction; {@code fixed}
     * (non-null) is a saved vocabulary to vectorise with instead of fitting one. {@code log} gets
     * the line on how many pairs were built.
     */
    PairDataset load(DataOptions opts, Vocabulary fixed, Consumer<String> log) {
        if (pairs != null) return PairDataset.fromPairs(pairs.toString(), PairsFile.read(pairs, pairsCorpus), opts, fixed, indexSelfPairs);
        PairBuilder.Result built = PairBuilder.build(Datasets.documents(pairsFrom, opts.seed()), opts.seed(),
                opts.validationFraction(), PairBuilder.DEFAULT_MIN_TOKENS, clean, cuts);
        log.accept(String.format(Locale.ROOT, "built %d pairs from %s (%d train, %d validation, %d test); dropped %d documents "
                        + "(%d without a sentence boundary near the middle, %d with a half under %d tokens%s)",
                built.pairs().size(), pairsFrom + (clean ? " (cleaned)" : ""), built.count("train"), built.count("validation"), built.count("test"),
                built.dropped(), built.noBoundary(), built.tooShort(), PairBuilder.DEFAULT_MIN_TOKENS,
                clean ? ", " + built.emptied() + " empty after cleaning" : "")
                + (cuts > 1 ? String.format(Locale.ROOT, "; %d train pairs from further cuts (--cuts %d)", built.extraCuts(), cuts) : ""));
        return PairDataset.fromPairs(pairsFrom + (clean ? " cleaned halves" : " halves"), built.pairs(), opts, fixed, indexSelfPairs);
    }

    /** This source with its pairs file (and --pairs-corpus file) found beside {@code model} where the current directory lacks them. */
    PairsSource besideModel(Path model) {
        if (pairs == null) return this;
        return new PairsSource(Path.of(SavedModel.besideModel(pairs.toString(), model)),
                pairsCorpus == null ? null : SavedModel.besideModel(pairsCorpus, model), pairsFrom, clean, cuts, indexSelfPairs);
    }

    /** A pairs file that is gone, as a one-line error naming {@code model} and the file. */
    void checkExists(Path model) {
        if (pairs != null && !Files.exists(pairs))
            throw new UserError(model + ": the pairs file it was trained on, " + pairs + ", no longer exists"
                    + (pairs.isAbsolute() ? "" : " (neither in the current directory nor beside the model)"));
    }
}
