package ammi.cli;

import ammi.backend.Backend;
import ammi.backend.Backends;
import ammi.data.CsrMatrix;
import ammi.data.DataFingerprint;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.data.Vocabulary;
import ammi.eval.CodeLikelihood;
import ammi.eval.PackedCodes;
import ammi.model.AmmiConfig;
import ammi.model.Checkpoint;
import ammi.pairs.PairDataset;
import ammi.util.UserError;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A model written by {@code train --save}, reloaded to encode documents: the one path by which
 * eval, encode, search and neighbors turn a checkpoint and text into Viterbi codes (and eval a
 * predictive model's pairs into X and Y codes).
 */
final class SavedModel implements AutoCloseable {
    private final Path file;
    private final Checkpoint checkpoint;
    private final Backend backend;

    private SavedModel(Path file, Checkpoint checkpoint, Backend backend) {
        this.file = file;
        this.checkpoint = checkpoint;
        this.backend = backend;
    }

    /** Which encoder codes a document: p(z|y) (the only one of an unsupervised model) or a predictive model's q(z|x). */
    enum Side { y, x }

    /** Reads the checkpoint (unsupervised or predictive) and loads its parameters into a CPU backend. */
    static SavedModel open(Path file) {
        return open(file, "cpu");
    }

    /** As {@link #open(Path)} on the backend {@code device} picks (--device auto|cpu|cuda). */
    static SavedModel open(Path file, String device) {
        return load(file, Checkpoint.read(file), device);
    }

    private static SavedModel load(Path file, Checkpoint ckpt, String device) {
        AmmiConfig config = ckpt.config();
        int v = inputDim(ckpt);
        if (v < 1) throw new UserError(file + ": corrupt checkpoint (no encoder input layer)");
        // The backend keeps its training matrices for batches only; encoding needs just their width
        // (a predictive model's X encoder reads the same vocabulary, so it is built from a second one).
        CsrMatrix none = new CsrMatrix(0, v, new int[1], new int[0], new double[0]);
        // A checksum only says the bytes are the ones written: a configuration that does not fit its
        // parameters (a hand-edited file) is still a corrupt model, not an internal failure.
        Backend backend;
        try {
            backend = Backends.open(device, config, none, config.predictive ? none : null, System.out::println);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": corrupt checkpoint (" + e.getMessage() + ")");
        }
        try {
            backend.loadParameters(ckpt.parameters());
        } catch (IllegalArgumentException e) {
            backend.close();
            throw new UserError(file + ": corrupt checkpoint (" + e.getMessage() + ")");
        }
        return new SavedModel(file, ckpt, backend);
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    AmmiConfig config() {
        return checkpoint.config();
    }

    /**
     * CRC-32 of every parameter (names and values, in the checkpoint's order), never 0: stored in
     * codes files so that search can tell codes of another model with the same m.
     */
    int fingerprint() {
        CRC32 crc = new CRC32();
        for (Map.Entry<String, double[]> e : checkpoint.parameters().entrySet()) {
            crc.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            ByteBuffer values = ByteBuffer.allocate(8 * e.getValue().length);
            values.asDoubleBuffer().put(e.getValue());
            crc.update(values);
        }
        int f = (int) crc.getValue();
        return f == 0 ? 1 : f; // 0 means "not recorded"
    }

    /** Code length m. */
    int bits() {
        return checkpoint.config().bits;
    }

    /**
     * The corpus {@code data} (null: the one the model was trained on), built with the model's data
     * options and read through its saved vocabulary, so that any text corpus gives the columns the
     * encoder was trained on. Pre-vectorised corpora must already have them.
     */
    Dataset loadCorpus(String data) {
        if (data == null && config().predictive)
            throw new UserError(file + ": a predictive-hashing model, trained on pairs (" + checkpoint.dataset()
                    + "); give --data NAME|FILE, the corpus to code");
        String source = data != null ? data : besideModel(checkpoint.dataset(), file);
        Dataset ds = Datasets.load(source, checkpoint.dataOptions(), checkpoint.vocabulary());
        if (checkpoint.vocabulary() == null && ds.vocabulary() != null) // a vocabulary fitted here: its columns mean nothing to the model
            throw new UserError(file + ": the model was trained on vectorised input (" + checkpoint.dataset()
                    + ") and has no vocabulary to read the text of --data " + source + "; give a .mat or LibSVM file with its "
                    + inputDim(checkpoint) + " columns");
        if (checkpoint.vocabulary() != null && ds.vocabulary() == null) // nothing says which term a column is
            throw new UserError(file + ": the model reads text through its saved vocabulary of " + checkpoint.vocabulary().size()
                    + " terms, but --data " + source + " is vectorised (.mat or LibSVM), and its columns cannot be matched to those "
                    + "terms; give the corpus as text (a named corpus, a folder or a JSON-lines file)");
        boolean same = checkpoint.vocabulary() == null
                ? ds.vocabSize() == inputDim(checkpoint)
                : Arrays.equals(checkpoint.vocabulary().terms(), ds.vocabulary().terms());
        if (!same) {
            throw new UserError(file + ": the model was trained with another vocabulary (V = " + inputDim(checkpoint)
                    + ") than --data " + source + " (V = " + ds.vocabSize() + ")");
        }
        return ds;
    }

    /** What train records of a predictive model's pairs: both sides of every split, as given (before --both-directions). */
    static int fingerprint(PairDataset pairs) {
        return DataFingerprint.of(pairs.train().x(), pairs.train().y(), pairs.validation().x(), pairs.validation().y(),
                pairs.test().x(), pairs.test().y());
    }

    /**
     * Refuses to score a model on its own corpus or pairs ({@code what}, fingerprint {@code now})
     * when they changed after training: eval's scores would silently differ from train's.
     */
    void requireTrainingData(String what, int now) {
        int then = config().dataFingerprint;
        if (then == 0) // saved by an older build: nothing to compare with, and two inputs read differently since
            System.out.println("note: " + file + " was saved before models recorded a fingerprint of their data, so eval cannot "
                    + "check that " + what.replaceFirst("^its ", "") + " is what it trained on; since 2026-12-01 pairs files with "
                    + "repeated ids draw their missing splits per document and .mat files drop empty rows, so such inputs may score differently");
        if (then != 0 && then != now)
            throw new UserError(file + ": " + what + " has changed since the model was trained (other documents, texts or "
                    + "splits), so eval would not reproduce train's scores; retrain it"
                    + (config().predictive ? "" : ", or give --data to score it as another corpus"));
    }

    /**
     * The pairs a predictive model was trained on, rebuilt as train built them (same seed,
     * validation fraction, cleaning and cuts) and vectorised by the saved vocabulary, not a refit.
     */
    PairDataset loadPairs() {
        PairsSource source = PairsSource.parse(checkpoint.dataset());
        if (source == null)
            throw new UserError(file + ": a predictive-hashing model whose pairs source '" + checkpoint.dataset() + "' this build cannot read");
        if (checkpoint.vocabulary() == null) throw new UserError(file + ": corrupt checkpoint (a predictive model without its vocabulary)");
        if (checkpoint.vocabulary().size() != inputDim(checkpoint))
            throw new UserError(file + ": corrupt checkpoint (vocabulary of " + checkpoint.vocabulary().size() + " terms, encoder input "
                    + inputDim(checkpoint) + ")");
        source = source.besideModel(file);
        source.checkExists(file);
        return source.load(checkpoint.dataOptions(), checkpoint.vocabulary(), System.out::println);
    }

    /**
     * A file the checkpoint names (its corpus or pairs file, stored as given to train), read from
     * beside {@code model} when it is relative and missing from the current directory but there:
     * a model and its data moved or used from another directory together still work.
     */
    static String besideModel(String stored, Path model) {
        if (Datasets.NAMES.contains(stored.toLowerCase(Locale.ROOT))) return stored; // a named corpus is never a file
        Path p;
        try {
            p = Path.of(stored);
        } catch (InvalidPathException e) {
            return stored;
        }
        if (p.isAbsolute() || Files.exists(p)) return stored;
        Path beside = model.toAbsolutePath().resolveSibling(p);
        return Files.exists(beside) ? beside.toString() : stored;
    }

    /** The corpus name or file the model was trained on, or {@code data} when given. */
    String source(String data) {
        return data != null ? data : checkpoint.dataset();
    }

    /** Viterbi codes of every row of x by p(z|y). */
    PackedCodes encode(CsrMatrix x) {
        return backend.encode(x);
    }

    /** Viterbi codes of every row of x by the encoder of {@code side} (x: a predictive model's q(z|x)). */
    PackedCodes encode(CsrMatrix x, Side side) {
        return side == Side.x ? backend.encodeX(x) : backend.encode(x);
    }

    /** The conditionals of the encoder of {@code side} for every row of x: queries of the likelihood ranking. */
    CodeLikelihood likelihood(CsrMatrix x, Side side) {
        return side == Side.x ? backend.likelihoodX(x) : backend.likelihood(x);
    }

    /**
     * Refuses {@code --side x} for a model without an X encoder; {@code option} names the option
     * in the message.
     */
    void checkSide(Side side, String option) {
        if (side == Side.x && !config().predictive)
            throw new UserError(option + " x: " + file + " is an unsupervised model, with one encoder (x applies to predictive-hashing models)");
    }

    /**
     * The fingerprint stored in codes of {@code side}: {@link #fingerprint()} for p(z|y), another
     * value for q(z|x), so that search knows which encoder wrote an index.
     */
    int fingerprint(Side side) {
        if (side == Side.y) return fingerprint();
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(4).putInt(fingerprint()).array());
        crc.update("q(z|x)".getBytes(StandardCharsets.UTF_8));
        int f = (int) crc.getValue();
        return f == 0 ? 1 : f;
    }

    /** The backend holding the model's parameters (for evaluation tasks that encode by themselves). */
    Backend backend() {
        return backend;
    }

    /** The backend's top-K search (the GPU's kernel on a CUDA backend). */
    ammi.eval.NeighbourSearch search() {
        return backend.search();
    }

    /**
     * One row for free text, tokenised and TF-IDF weighted by the saved vocabulary exactly as the
     * training documents were. Text with no vocabulary term is refused: its code would say nothing.
     */
    CsrMatrix vectorize(String text, String what) {
        Vocabulary vocab = checkpoint.vocabulary();
        if (vocab == null) {
            throw new UserError(file + ": the model was trained on pre-vectorised data (" + checkpoint.dataset()
                    + ") and has no vocabulary to read text with; use --doc ID instead");
        }
        CsrMatrix x = vocab.vectorize(List.of(text));
        if (x.nnz() == 0) {
            throw new UserError(what + " has no word of the model's vocabulary (" + vocab.size() + " terms fitted on "
                    + checkpoint.dataset() + ", stop words and tokens shorter than " + vocab.tokenizer().minTokenLength()
                    + " letters removed): nothing to search with");
        }
        return x;
    }

    private static int inputDim(Checkpoint ckpt) {
        double[] w = ckpt.parameters().get("posterior.in.weight");
        AmmiConfig c = ckpt.config();
        int out = c.encoderLayers == 0 ? c.bits << c.orderPosterior : c.effectiveEncoderHidden();
        return w == null ? -1 : w.length / out;
    }

    @Override
    public void close() {
        backend.close();
    }
}
