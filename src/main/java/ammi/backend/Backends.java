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
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        switch (d) {
            case "cpu":
                return new CpuBackend(config, train, trainX);
            case "cuda":
                return new CudaBackend(config, train, trainX);
            case "auto":
                if (config.brute) {
                    log.accept("device: BMMI (--brute) runs on the CPU");
                    return new CpuBackend(config, train, trainX);
                }
                String why = Cuda.unavailableReason();
                if (why != null) {
                    log.accept("device: cpu (" + why + ")");
                    return new CpuBackend(config, train, trainX);
                }
                try {
                    return new CudaBackend(config, train, trainX);
                } catch (UserError e) { // e.g. a driver too old for the kernels' PTX: auto still trains
                    log.accept("device: cpu (the GPU could not be used: " + e.getMessage().replaceFirst("^--device cuda: ", "") + ")");
                    return new CpuBackend(config, train, trainX);
                }
            default:
                throw new UserError("--device must be one of " + DEVICES + ", got '" + device + "'");
        }
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
