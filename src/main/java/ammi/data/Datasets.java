package ammi.data;

import ammi.util.Permutation;
import ammi.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Loads a named corpus, a JSON-lines file or a VDSH .mat file into a {@link Dataset}. */
public final class Datasets {
    /** Named corpora, bundled as classpath resources /ammi/datasets/FILE (fallback: ./datasets/FILE). */
    public static final List<String> NAMES = List.of("reuters", "reuters90", "20news", "20news-random", "bbc");
    public static final String DEFAULT_NAME = "reuters";
    static final int REUTERS_TOPICS = 20;

    private Datasets() {
    }

    /**
     * A named corpus, a folder tree (ROOT/LABEL/FILE), a JSON-lines file, a LibSVM file or a VDSH
     * .mat file. Options apply to text corpora; LibSVM and .mat input is already vectorised.
     */
    public static Dataset load(String nameOrPath, DataOptions opts) {
        return load(nameOrPath, opts, null);
    }

    /**
     * As {@link #load(String, DataOptions)}; a non-null {@code vocabulary} vectorises a text corpus
     * (with its tokenizer and IDF) instead of one fitted on the corpus's train split: how a saved
     * model reads a corpus other than its own. Pre-vectorised input ignores it.
     */
    public static Dataset load(String nameOrPath, DataOptions opts, Vocabulary vocabulary) {
        requireName(nameOrPath);
        String key = nameOrPath.toLowerCase(Locale.ROOT);
        List<Document> named = namedDocuments(key, opts.seed());
        if (named != null) return fromDocuments(key, named, key.startsWith("reuters") ? 7164 : 10000, opts, vocabulary);
        Path p = Path.of(nameOrPath);
        String base = p.getFileName() == null ? nameOrPath : p.getFileName().toString();
        String lower = base.toLowerCase(Locale.ROOT);
        // errors name the path as given: the dataset's name is only the file's stem
        if (Files.isDirectory(p)) return fromDocuments(base, nameOrPath, FolderCorpus.read(p), 0, opts, vocabulary);
        if (lower.endsWith(".mat")) return MatFiles.read(p);
        if (LibSvm.isLibSvmName(lower)) return LibSvm.read(p, opts);
        for (String ext : new String[] {".jsonl.gz", ".json.gz", ".jsonl"}) {
            if (lower.endsWith(ext)) {
                String name = base.substring(0, base.length() - ext.length());
                return fromDocuments(name, nameOrPath, JsonlCorpus.read(p), 0, opts, vocabulary);
            }
        }
        throw new UserError("unknown dataset '" + nameOrPath + "' (expected one of " + String.join(", ", NAMES)
                + ", a folder ROOT/<label>/<file>, or a path ending in .jsonl, .jsonl.gz, .json.gz, .svm, .libsvm, .svmlight or .mat)");
    }

    /**
     * The parsed documents of a named corpus (reuters restricted to its top topics, as in
     * {@link #load}), a folder tree or a JSON-lines file, before any split or vectorisation: the
     * text that pairs are cut from.
     */
    public static List<Document> documents(String nameOrPath) {
        return documents(nameOrPath, DataOptions.defaults().seed());
    }

    /** As {@link #documents(String)}; {@code seed} draws the split of 20news-random ({@link #randomSplit}). */
    public static List<Document> documents(String nameOrPath, long seed) {
        requireName(nameOrPath);
        List<Document> named = namedDocuments(nameOrPath.toLowerCase(Locale.ROOT), seed);
        if (named != null) return named;
        Path p = Path.of(nameOrPath);
        if (Files.isDirectory(p)) return FolderCorpus.read(p);
        String lower = nameOrPath.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".jsonl.gz", ".json.gz", ".jsonl"}) {
            if (lower.endsWith(ext)) return JsonlCorpus.read(p);
        }
        if (lower.endsWith(".mat") || LibSvm.isLibSvmName(lower))
            throw new UserError(nameOrPath + ": a vectorised corpus (.mat or LibSVM) has no text to read; give a named corpus, a folder "
                    + "ROOT/<label>/<file> or a JSON-lines file");
        throw new UserError("unknown corpus '" + nameOrPath + "' (expected one of " + String.join(", ", NAMES)
                + ", a folder ROOT/<label>/<file>, or a path ending in .jsonl, .jsonl.gz or .json.gz)");
    }

    /** An empty --data would otherwise read the current directory as a folder corpus. */
    private static void requireName(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank())
            throw new UserError("--data is empty (expected one of " + String.join(", ", NAMES) + ", a folder or a corpus file)");
    }

    /** The documents of named corpus {@code key} (lower case), or null when it is not a name; {@code seed} draws 20news-random's split. */
    private static List<Document> namedDocuments(String key, long seed) {
        return switch (key) {
            case "reuters" -> restrictToTopLabels(named("reuters21578.jsonl.gz"), REUTERS_TOPICS);
            case "reuters90" -> restrictToLabelsInTrainAndTest(named("reuters21578.jsonl.gz"));
            case "20news" -> named("20news.jsonl.gz");
            case "20news-random" -> randomSplit(named("20news.jsonl.gz"), seed);
            case "bbc" -> named("bbc.jsonl.gz");
            default -> null;
        };
    }

    /**
     * --max-docs: k of n documents spread evenly over the file (index floor(i n / k)), in file
     * order. Not the first k: corpora are often sorted by label, and a prefix would hold one.
     */
    static int[] spreadIndices(int n, int k) {
        if (k <= 0 || k >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) idx[i] = (int) ((long) i * n / k);
        return idx;
    }

    private static List<Document> spread(List<Document> docs, int k) {
        List<Document> kept = new ArrayList<>();
        for (int i : spreadIndices(docs.size(), k)) kept.add(docs.get(i));
        return kept;
    }

    private static List<Document> named(String file) {
        List<Document> docs = JsonlCorpus.readResource("/ammi/datasets/" + file);
        if (docs != null) return docs;
        Path p = Path.of("datasets", file);
        if (!Files.exists(p))
            throw new UserError("bundled corpus " + file + " not found on the classpath (/ammi/datasets/) nor in "
                    + p.toAbsolutePath() + " (available names: " + String.join(", ", NAMES) + ")");
        return JsonlCorpus.read(p);
    }

    /**
     * Keeps the k labels with the most training documents (ties alphabetical); each document keeps
     * only those labels, and documents left with none are dropped.
     */
    public static List<Document> restrictToTopLabels(List<Document> docs, int k) {
        Map<String, Integer> count = new HashMap<>();
        for (Document d : docs) {
            if (isTest(d)) continue;
            for (String l : new TreeSet<>(d.labels())) count.merge(l, 1, Integer::sum);
        }
        List<String> ranked = new ArrayList<>(count.keySet());
        ranked.sort((a, b) -> !count.get(a).equals(count.get(b)) ? count.get(b) - count.get(a) : a.compareTo(b));
        Set<String> keep = new HashSet<>(ranked.subList(0, Math.min(k, ranked.size())));
        List<Document> out = new ArrayList<>();
        for (Document d : docs) {
            List<String> ls = d.labels().stream().filter(keep::contains).toList();
            if (!ls.isEmpty()) out.add(new Document(d.id(), d.split(), ls, d.text()));
        }
        return out;
    }

    /**
     * The ModApte "90 categories": labels carried by at least one train and at least one test
     * document. Each document keeps only those labels and is dropped if none is left.
     */
    public static List<Document> restrictToLabelsInTrainAndTest(List<Document> docs) {
        Set<String> inTrain = new HashSet<>(), inTest = new HashSet<>();
        for (Document d : docs) (isTest(d) ? inTest : inTrain).addAll(d.labels());
        inTrain.retainAll(inTest);
        List<Document> out = new ArrayList<>();
        for (Document d : docs) {
            List<String> ls = d.labels().stream().filter(inTrain::contains).toList();
            if (!ls.isEmpty()) out.add(new Document(d.id(), d.split(), ls, d.text()));
        }
        return out;
    }

    /**
     * Ignores the documents' own splits and draws a seeded 60/20/20 train/validation/test split
     * (Fisher-Yates with SplittableRandom(seed ^ 0x20AE05), first round(0.6 n) train, next
     * round(0.2 n) validation, the rest test); documents keep file order within a split.
     */
    public static List<Document> randomSplit(List<Document> docs, long seed) {
        int n = docs.size();
        int[] perm = Permutation.of(n, new SplittableRandom(seed ^ 0x20AE05L));
        int nTrain = (int) Math.round(0.6 * n), nVal = (int) Math.round(0.2 * n);
        String[] split = new String[n];
        for (int i = 0; i < n; i++) split[perm[i]] = i < nTrain ? "train" : i < nTrain + nVal ? "validation" : "test";
        List<Document> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Document d = docs.get(i);
            out.add(new Document(d.id(), split[i], d.labels(), d.text()));
        }
        return out;
    }

    static boolean isTest(Document d) {
        return "test".equalsIgnoreCase(d.split());
    }

    /** "validation", "val", "valid", "dev" or "cv" (any case). */
    static boolean isValidation(Document d) {
        String s = d.split();
        if (s == null) return false;
        switch (s.toLowerCase(Locale.ROOT)) {
            case "validation", "val", "valid", "dev", "cv":
                return true;
            default:
                return false;
        }
    }

    /**
     * The pipeline on parsed documents: train/test assignment, validation split, vocabulary fitted
     * on train minus validation, vectorisation, and removal of documents left empty.
     * {@code defaultVocab} applies when opts.vocabSize() is 0 (0 here = no limit).
     */
    public static Dataset fromDocuments(String name, List<Document> docs, int defaultVocab, DataOptions opts) {
        return fromDocuments(name, docs, defaultVocab, opts, null);
    }

    /** As above, vectorising with {@code fixed} instead of fitting a vocabulary when it is non-null. */
    public static Dataset fromDocuments(String name, List<Document> docs, int defaultVocab, DataOptions opts, Vocabulary fixed) {
        return fromDocuments(name, name, docs, defaultVocab, opts, fixed);
    }

    /** As above; errors name {@code source} (the path as the user gave it) rather than the dataset's name. */
    private static Dataset fromDocuments(String name, String source, List<Document> docs, int defaultVocab, DataOptions opts,
                                         Vocabulary fixed) {
        List<Document> train = new ArrayList<>(), given = new ArrayList<>(), test = new ArrayList<>();
        boolean anySplit = docs.stream().anyMatch(d -> d.split() != null);
        if (anySplit) {
            for (Document d : docs) (isTest(d) ? test : isValidation(d) ? given : train).add(d);
        } else {
            // No split given: a seeded 80/20 train/test split, decorrelated from the validation draw.
            boolean[] isTest = seededTestSplit(docs.size(), opts.seed());
            for (int i = 0; i < docs.size(); i++) (isTest[i] ? test : train).add(docs.get(i));
        }
        if (opts.maxDocs() > 0) {
            train = spread(train, opts.maxDocs());
            given = spread(given, opts.maxDocs());
            test = spread(test, opts.maxDocs());
        }
        // Through a saved vocabulary the corpus is only coded (encode, eval): a file of one split is
        // fine there, and eval asks for the splits it reads (RetrievalChecks.requireTrainAndTest).
        boolean coding = fixed != null;
        if (train.isEmpty() && !coding) throw new UserError(source + ": the train split has no documents");
        if (test.isEmpty() && !coding) throw new UserError(source + ": the test split has no documents (" + whyNoTest(source, anySplit, docs.size()) + ")");

        List<Document> fit, val;
        if (!given.isEmpty()) {
            fit = train; // the corpus names its validation documents
            val = given;
        } else {
            int[][] tv = validationSplit(train.size(), opts.validationFraction(), opts.seed());
            fit = pick(train, tv[0]);
            val = pick(train, tv[1]);
        }
        boolean valRequired = !coding && (!given.isEmpty() || opts.validationFraction() > 0);

        TreeSet<String> labelSet = new TreeSet<>(); // of the documents --max-docs keeps
        for (List<Document> part : List.of(train, given, test)) for (Document d : part) labelSet.addAll(d.labels());
        String[] labelNames = labelSet.toArray(new String[0]);
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int i = 0; i < labelNames.length; i++) labelIndex.put(labelNames[i], i);

        Tokenizer tok = fixed != null ? fixed.tokenizer() : opts.tokenizer();
        List<List<String>> fitTokens = new ArrayList<>(fit.size());
        for (Document d : fit) fitTokens.add(tok.tokenize(d.text()));
        int v = opts.vocabSize() > 0 ? opts.vocabSize() : defaultVocab;
        Vocabulary vocab = fixed != null ? fixed : Vocabulary.fit(fitTokens, v, opts.minDf(), opts.tfidf(), tok).withSublinearTf(opts.sublinearTf());
        if (vocab.size() == 0)
            throw new UserError(source + ": the vocabulary is empty (no term occurs in >= " + opts.minDf() + " training documents)");

        int[] dropped = new int[3];
        Split trainSplit = build(source, "train", fit, fitTokens, vocab, labelIndex, dropped, 0, !coding);
        Split valSplit = build(source, "validation", val, null, vocab, labelIndex, dropped, 1, valRequired);
        Split testSplit = build(source, "test", test, null, vocab, labelIndex, dropped, 2, !coding);
        return new Dataset(name, trainSplit, valSplit, testSplit, labelNames, vocab,
                new DroppedDocs(dropped[0], dropped[1], dropped[2]));
    }

    private static String whyNoTest(String source, boolean anySplit, int docs) {
        if (anySplit && Files.isDirectory(Path.of(source)))
            return "none is in a test folder: ROOT/test/<label>/<file>, or any folder beside the train one whose name contains \"test\"";
        return anySplit ? "none is marked test: give some a \"split\": \"test\" field, or give none a split and a seeded 20% is drawn"
                : "the seeded 20% test share of " + docs + " documents is empty; give more documents or mark a test split";
    }

    private static Split build(String dataset, String split, List<Document> docs, List<List<String>> tokens,
                               Vocabulary vocab, Map<String, Integer> labelIndex, int[] dropped, int slot, boolean mustBeNonEmpty) {
        Tokenizer tok = vocab.tokenizer();
        List<SparseRow> rows = new ArrayList<>(docs.size());
        List<int[]> labels = new ArrayList<>(docs.size());
        List<String> ids = new ArrayList<>(docs.size());
        List<String> firstLines = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            Document d = docs.get(i);
            SparseRow row = vocab.vectorizeTokens(tokens != null ? tokens.get(i) : tok.tokenize(d.text()));
            if (row.isEmpty()) {
                dropped[slot]++;
                continue;
            }
            rows.add(row);
            labels.add(d.labels().stream().mapToInt(labelIndex::get).distinct().sorted().toArray());
            ids.add(d.id());
            firstLines.add(Document.firstLine(d.text()));
        }
        if (rows.isEmpty() && mustBeNonEmpty)
            throw new UserError(dataset + ": the " + split + " split is empty after preprocessing (all " + docs.size()
                    + " documents have no vocabulary term)");
        return new Split(split, Vocabulary.toCsr(rows, vocab.size()), labels.toArray(new int[0][]), ids.toArray(new String[0]),
                firstLines.toArray(new String[0]));
    }

    private static List<Document> pick(List<Document> docs, int[] idx) {
        List<Document> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(docs.get(i));
        return out;
    }

    /**
     * Splits indices 0..n-1 into {train, validation}: a Fisher-Yates shuffle with
     * SplittableRandom(seed), the first round(fraction*n) (at least one when fraction > 0 and
     * n >= 2) become validation. Both lists are returned in increasing order.
     */
    public static int[][] validationSplit(int n, double fraction, long seed) {
        int nVal = (int) Math.round(fraction * n);
        if (fraction > 0 && n >= 2) nVal = Math.max(1, Math.min(nVal, n - 1));
        if (fraction <= 0) nVal = 0;
        int[] perm = Permutation.of(n, new SplittableRandom(seed));
        int[] val = Arrays.copyOfRange(perm, 0, nVal);
        int[] tr = Arrays.copyOfRange(perm, nVal, n);
        Arrays.sort(val);
        Arrays.sort(tr);
        return new int[][] {tr, val};
    }

    /** The seeded 80/20 draw used when a corpus (or pairs file: one unit per document) names no split: true = test. */
    public static boolean[] seededTestSplit(int n, long seed) {
        int[] perm = Permutation.of(n, new SplittableRandom(seed ^ 0x5DEECE66DL));
        int nTest = (int) Math.round(0.2 * n);
        boolean[] isTest = new boolean[n];
        for (int i = 0; i < nTest; i++) isTest[perm[i]] = true;
        return isTest;
    }
}
