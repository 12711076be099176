package ammi.cli;

import ammi.data.DataOptions;
import ammi.data.Document;
import ammi.data.Datasets;
import ammi.data.Vocabulary;
import ammi.pairs.Pair;
import ammi.pairs.PairBuilder;
import ammi.pairs.PairDataset;
import ammi.pairs.PairsFile;
import ammi.util.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where predictive hashing's pairs come from ({@code train --pairs FILE [--pairs-corpus C]} or
 * {@code --pairs-from NAME [--clean] [--cuts K]}, either with index adaptation: {@code --index-self-pairs},
 * {@code --index-from C}), and the one path that builds them: train and eval of a saved model get
 * the same pairs in the same splits. A checkpoint stores {@link #describe}.
 */
record PairsSource(Path pairs, String pairsCorpus, String pairsFrom, boolean clean, int cuts, boolean indexSelfPairs, String indexFrom) {
    PairsSource(Path pairs, String pairsCorpus, String pairsFrom, boolean clean, int cuts) {
        this(pairs, pairsCorpus, pairsFrom, clean, cuts, false, null);
    }

    /** Pairs are used whole: --max-docs, which thins a corpus's splits, would otherwise pass unnoticed. */
    static final String NO_MAX_DOCS = "--max-docs applies to a corpus (--data); pairs are used whole (build them from fewer "
            + "documents, or keep fewer lines of the pairs file)";

    private static final String FILE = "pairs:", FROM = "pairs-from:", CORPUS = " --pairs-corpus ", CLEAN = " --clean",
            INDEX = " --index-self-pairs", INDEX_FROM = " --index-from ";
    private static final Pattern CUTS = Pattern.compile(" --cuts (\\d+)$");

    /**
     * The checkpoint's dataset string: "pairs:FILE[ --pairs-corpus C]" or "pairs-from:NAME[ --clean][ --cuts K]",
     * then " --index-self-pairs" and " --index-from C" if given.
     */
    String describe() {
        String index = (indexSelfPairs ? INDEX : "") + (indexFrom != null ? INDEX_FROM + indexFrom : "");
        if (pairs != null) return FILE + pairs + (pairsCorpus != null ? CORPUS + pairsCorpus : "") + index;
        return FROM + pairsFrom + (clean ? CLEAN : "") + (cuts > 1 ? " --cuts " + cuts : "") + index;
    }

    /** Reads {@link #describe}'s string back; null when {@code source} names no pairs. */
    static PairsSource parse(String source) {
        if (!source.startsWith(FILE) && !source.startsWith(FROM)) return null;
        String indexFrom = null;
        int f = source.lastIndexOf(INDEX_FROM);
        if (f >= 0) {
            indexFrom = source.substring(f + INDEX_FROM.length());
            source = source.substring(0, f);
        }
        boolean index = source.endsWith(INDEX);
        if (index) source = source.substring(0, source.length() - INDEX.length());
        if (source.startsWith(FILE)) {
            String rest = source.substring(FILE.length());
            int c = rest.lastIndexOf(CORPUS);
            return c < 0 ? new PairsSource(Path.of(rest), null, null, false, 1, index, indexFrom)
                    : new PairsSource(Path.of(rest.substring(0, c)), rest.substring(c + CORPUS.length()), null, false, 1, index, indexFrom);
        }
        String rest = source.substring(FROM.length());
        int cuts = 1;
        Matcher m = CUTS.matcher(rest);
        if (m.find()) {
            cuts = Integer.parseInt(m.group(1));
            rest = rest.substring(0, m.start());
        }
        boolean clean = rest.endsWith(CLEAN);
        if (clean) rest = rest.substring(0, rest.length() - CLEAN.length());
        return new PairsSource(null, null, rest, clean, cuts, index, indexFrom);
    }

    /**
     * The vectorised pairs, split by {@code opts}' seed and validation fraction; {@code fixed}
     * (non-null) is a saved vocabulary to vectorise with instead of fitting one. {@code log} gets
     * the line on how many pairs were built.
     */
    PairDataset load(DataOptions opts, Vocabulary fixed, Consumer<String> log) {
        List<Pair> stored = stored(opts, log); // first: a bad --index-from fails before the pairs are built
        String name;
        List<Pair> given;
        if (pairs != null) {
            name = pairs.toString();
            given = PairsFile.read(pairs, pairsCorpus);
        } else {
            PairBuilder.Result built = PairBuilder.build(Datasets.documents(pairsFrom, opts.seed()), opts.seed(),
                    opts.validationFraction(), PairBuilder.DEFAULT_MIN_TOKENS, clean, cuts);
            log.accept(String.format(Locale.ROOT, "built %d pairs from %s (%d train, %d validation, %d test); dropped %d documents "
                            + "(%d without a sentence boundary near the middle, %d with a half under %d tokens%s)",
                    built.pairs().size(), pairsFrom + (clean ? " (cleaned)" : ""), built.count("train"), built.count("validation"), built.count("test"),
                    built.dropped(), built.noBoundary(), built.tooShort(), PairBuilder.DEFAULT_MIN_TOKENS,
                    clean ? ", " + built.emptied() + " empty after cleaning" : "")
                    + (cuts > 1 ? String.format(Locale.ROOT, "; %d train pairs from further cuts (--cuts %d)", built.extraCuts(), cuts) : ""));
            name = pairsFrom + (clean ? " cleaned halves" : " halves");
            given = built.pairs();
        }
        if (!stored.isEmpty()) stored = withoutHeldOut(stored, PairDataset.heldOutIds(name, given, opts), log);
        PairDataset ds = PairDataset.fromPairs(name, given, opts, fixed, indexSelfPairs, stored);
        if (indexSelfPairs)
            log.accept(String.format(Locale.ROOT, "--index-self-pairs: %d train pairs cut from the test split's Y articles (the stored side); "
                    + "test scores are transductive, not the paper's protocol", ds.indexPairs() - stored.size()));
        return ds;
    }

    /** --index-from: the stored articles of that corpus (every split), each cut at its middle; empty without it. */
    private List<Pair> stored(DataOptions opts, Consumer<String> log) {
        if (indexFrom == null) return List.of();
        List<Document> docs = Datasets.documents(indexFrom, opts.seed());
        List<Pair> cut = PairBuilder.indexPairs(docs, PairBuilder.DEFAULT_MIN_TOKENS);
        if (cut.isEmpty())
            throw new UserError(indexFrom + ": --index-from: no document could be cut into two halves (each needs a sentence boundary "
                    + "near its middle and " + PairBuilder.DEFAULT_MIN_TOKENS + " tokens on either side)");
        log.accept(String.format(Locale.ROOT, "--index-from %s: %d of its %d documents cut into train pairs "
                + "(test scores are the paper's protocol only if none of them is a test article)", indexFrom, cut.size(), docs.size()));
        return cut;
    }

    /**
     * {@code stored} without the articles whose id is a validation or test pair's: with
     * {@code --index-from} the pairs' own corpus, those are whole held-out documents, query half
     * and all, and training on them would leak the pairing the scores measure.
     */
    private List<Pair> withoutHeldOut(List<Pair> stored, java.util.Set<String> heldOut, Consumer<String> log) {
        if (heldOut.isEmpty()) return stored;
        List<Pair> kept = new java.util.ArrayList<>(stored.size());
        for (Pair p : stored)
            if (!heldOut.contains(p.id().substring(PairBuilder.INDEX_ID_PREFIX.length()))) kept.add(p);
        int out = stored.size() - kept.size();
        if (out == 0) return stored;
        if (kept.isEmpty())
            throw new UserError(indexFrom + ": --index-from: every document that could be cut is a validation or test pair's article "
                    + "(same id), and training on it would leak the pairing the scores measure; give the corpus of articles to store");
        log.accept(String.format(Locale.ROOT, "--index-from %s: left out %d of them, the articles of validation or test pairs (same id), "
                + "whose query halves would otherwise be trained on", indexFrom, out));
        return kept;
    }

    /**
     * This source with its pairs file, --pairs-corpus file, --pairs-from corpus and --index-from corpus found beside
     * {@code model} where the current directory lacks them.
     */
    PairsSource besideModel(Path model) {
        return new PairsSource(pairs == null ? null : Path.of(SavedModel.besideModel(pairs.toString(), model)),
                pairsCorpus == null ? null : SavedModel.besideModel(pairsCorpus, model),
                pairsFrom == null ? null : SavedModel.besideModel(pairsFrom, model), clean, cuts, indexSelfPairs,
                indexFrom == null ? null : SavedModel.besideModel(indexFrom, model));
    }

    /** A pairs file that is gone, as a one-line error naming {@code model} and the file. */
    void checkExists(Path model) {
        if (pairs != null && !Files.exists(pairs))
            throw new UserError(model + ": the pairs file it was trained on, " + pairs + ", no longer exists"
                    + (pairs.isAbsolute() ? "" : " (neither in the current directory nor beside the model)"));
        if (pairsFrom != null && !Datasets.NAMES.contains(pairsFrom.toLowerCase(Locale.ROOT)) && !Files.exists(Path.of(pairsFrom)))
            throw new UserError(model + ": the corpus its pairs were built from (--pairs-from), " + pairsFrom + ", no longer exists"
                    + (Path.of(pairsFrom).isAbsolute() ? "" : " (neither in the current directory nor beside the model)"));
        if (indexFrom != null && !Datasets.NAMES.contains(indexFrom.toLowerCase(Locale.ROOT)) && !Files.exists(Path.of(indexFrom)))
            throw new UserError(model + ": the corpus of stored articles it was trained on (--index-from), " + indexFrom + ", no longer exists"
                    + (Path.of(indexFrom).isAbsolute() ? "" : " (neither in the current directory nor beside the model)"));
    }
}
