package ammi.backend;

import ammi.backend.cpu.CpuBackend;
import ammi.backend.cuda.Cuda;
import ammi.backend.cuda.CudaBackend;
import ammi.data.CsrMatrix;
import ammi.model.AmmiConfig;
import ammi.util.UserError;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Picks the backend for {@code --device auto|cpu|cuda}. auto takes the GPU when a CUDA driver, a
 * device and the packaged kernels are all present, and otherwise says in one line why it runs on
 * the CPU; cuda without a usable GPU is a one-line error.
 */
public final class Backends {
    private Backends() {}

    public static final String DEVICES = "auto, cpu, cuda";

    /** Fails fast, before any data is loaded, when --device names a backend this machine cannot run. */
    public static void check(String device) {
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        if (!d.equals("auto") && !d.equals("cpu") && !d.equals("cuda"))
            throw new UserError("--device must be one of " + DEVICES + ", got '" + device + "'");
        if (d.equals("cuda")) {
            String why = Cuda.unavailableReason();
            if (why != null) throw new UserError("--device cuda: " + why);
        }
    }

    /** Opens the backend; {@code trainX} is null except for predictive hashing. */
    public static Backend open(String device, AmmiConfig config, CsrMatrix train, CsrMatrix trainX, Consumer<String> log) {
        checkEncoderSize(config, train, trainX, false);
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        switch (d) {
            case "cpu":
                return cpu(config, train, trainX);
            case "cuda":
                return new CudaBackend(config, train, trainX);
            case "auto":
                if (config.brute) {
                    log.accept("device: BMMI (--brute) runs on the CPU");
                    return cpu(config, train, trainX);
                }
                String why = Cuda.unavailableReason();
                if (why != null) {
                    log.accept("device: cpu (" + why + ")");
                    return cpu(config, train, trainX);
                }
                try {
                    return new CudaBackend(config, train, trainX);
                } catch (UserError e) { // e.g. a driver too old for the kernels' PTX: auto still trains
                    log.accept("device: cpu (the GPU could not be used: " + e.getMessage().replaceFirst("^--device cuda: ", "") + ")");
                    return cpu(config, train, trainX);
                }
            default:
                throw new UserError("--device must be one of " + DEVICES + ", got '" + device + "'");
        }
    }

    /** Largest array the JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * The encoder's input layer is one V x K array (K = m 2^o, or the hidden width): a huge V (a
     * LibSVM '# features:' line, a wide .mat) would otherwise fail deep inside with a negative
     * array size, or run the CPU backend out of heap after the corpus is loaded.
     */
    static void checkEncoderSize(AmmiConfig config, CsrMatrix train, CsrMatrix trainX, boolean onHeap) {
        checkEncoderSize(config, train.cols, config.orderPosterior, "the corpus", onHeap);
        if (trainX != null) checkEncoderSize(config, trainX.cols, config.orderX, "the X articles", onHeap);
    }

    private static void checkEncoderSize(AmmiConfig config, int vocab, int order, String what, boolean onHeap) {
        long width = config.encoderLayers == 0 ? (long) config.bits << order : config.effectiveEncoderHidden();
        long weights = (long) vocab * width;
        long bytes = 4 * 8 * weights; // value, gradient and Adam's two moments, in doubles
        long heap = Runtime.getRuntime().maxMemory();
        if (weights <= MAX_ARRAY && !(onHeap && bytes > heap)) return;
        throw new UserError(what + " has V = " + vocab + " columns: the encoder's input layer would need " + vocab + " x " + width
                + " weights (" + (bytes >> 20) + " MiB with gradients and Adam moments), more than "
                + (weights > MAX_ARRAY ? "a Java array holds (2^31 - 1)" : "the Java heap holds (" + (heap >> 20) + " MiB; raise it with java -Xmx)")
                + "; use fewer columns (--vocab-size, or a smaller '# features:' count)");
    }

    private static Backend cpu(AmmiConfig config, CsrMatrix train, CsrMatrix trainX) {
        checkEncoderSize(config, train, trainX, true);
        return new CpuBackend(config, train, trainX);
    }

    /** Whether {@link #open} would pick the CUDA backend for this device and configuration. */
    public static boolean usesCuda(String device, AmmiConfig config) {
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        return d.equals("cuda") || (d.equals("auto") && !config.brute && Cuda.unavailableReason() == null);
    }

    /** One line naming the backend and its hardware, for the console. */
    public static String describe(Backend backend) {
        if (backend instanceof CudaBackend c) return "cuda, " + c.device().describe();
        return backend.name() + ", " + ammi.util.Parallel.threads() + " threads";
    }
}
