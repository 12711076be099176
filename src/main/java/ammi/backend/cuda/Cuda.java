package ammi.backend.cuda;

import ammi.util.UserError;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.CudaException;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static jcuda.driver.JCudaDriver.*;

/**
 * One CUDA device through JCuda's driver API: start-up checks (driver, device, packaged PTX),
 * the context, the kernels' modules, device memory and launches. Everything the engine runs on
 * the device goes through one in-order stream, so consecutive launches need no synchronisation.
 */
public final class Cuda implements AutoCloseable {

    /** What the start-up found; printed once by the CLI. */
    public record Info(String name, int major, int minor, int multiprocessors, long memoryBytes, int driverVersion) {
        public String describe() {
            return String.format("%s (compute %d.%d, %d SMs, %.0f GiB), CUDA driver %s", name, major, minor,
                    multiprocessors, memoryBytes / (double) (1L << 30), version(driverVersion));
        }
    }

    /** The kernel modules, one PTX file per kernels/*.cu. */
    static final String[] MODULES = {"adam", "bit_order", "cross_entropy", "dense_linear", "forward_marginals",
            "hamming_topk", "parent_cross_entropy", "sparse_linear", "util", "viterbi"};

    private static String probeResult;
    private static boolean probed;

    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Info info;
    private final java.util.Set<CUdeviceptr> live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final java.util.List<jcuda.driver.CUgraphExec> graphs = new java.util.ArrayList<>();
    private long allocated;
    private boolean closed;

    private Cuda() {
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        int[] v = new int[1];
        cuDriverGetVersion(v);
        int[] count = new int[1];
        cuDeviceGetCount(count);
        if (count[0] == 0) throw new UserError("--device cuda: the CUDA driver " + version(v[0]) + " sees no GPU");
        cuDeviceGet(device, 0);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        long[] mem = new long[1];
        cuDeviceTotalMem(mem, device);
        info = new Info(cString(name), attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), mem[0], v[0]);
        cuDevicePrimaryCtxRetain(context, device);
        cuCtxSetCurrent(context);
        cuStreamCreate(stream, 0);
        for (String m : MODULES) loadModule(m);
    }

    /**
     * Opens the first GPU, or throws a {@link UserError} whose one line says why it cannot (no
     * driver, no device, a jar built without nvcc, a driver older than the kernels' PTX).
     */
    public static Cuda open() {
        String why = unavailableReason();
        if (why != null) throw new UserError("--device cuda: " + why);
        try {
            return new Cuda();
        } catch (CudaException e) {
            throw new UserError("--device cuda: CUDA failed at start-up: " + e.getMessage());
        }
    }

    /** Null when a driver, a device and the packaged kernels are present; else the reason, one line. */
    public static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            probeResult = probe();
        }
        return probeResult;
    }

    private static String probe() {
        for (String m : MODULES) {
            if (Cuda.class.getResource(ptxPath(m)) == null)
                return "this jar has no CUDA kernels (it was built without nvcc on the PATH; see docs/cuda.md)";
        }
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int rc = cuInit(0);
            if (rc != CUresult.CUDA_SUCCESS) return "no usable CUDA driver (cuInit: " + CUresult.stringFor(rc) + ")";
            int[] count = new int[1];
            rc = cuDeviceGetCount(count);
            if (rc != CUresult.CUDA_SUCCESS || count[0] == 0) return "the CUDA driver sees no GPU";
            return null;
        } catch (LinkageError e) { // JCuda's native library needs libcuda.so.1, the driver
            String msg = String.valueOf(e.getMessage());
            return msg.contains("libcuda") || e instanceof NoClassDefFoundError
                    ? "no CUDA driver on this machine (libcuda.so.1 not found)"
                    : "JCuda could not load its native library: " + msg.lines().findFirst().orElse(msg);
        } finally {
            try {
                JCudaDriver.setExceptionsEnabled(true);
            } catch (LinkageError ignored) {
                // already reported
            }
        }
    }

    public Info info() {
        return info;
    }

    /** Makes this device's context current on the calling thread (contexts are per thread). */
    public void bind() {
        cuCtxSetCurrent(context);
    }

    private int attribute(int which) {
        int[] v = new int[1];
        cuDeviceGetAttribute(v, which, device);
        return v[0];
    }

    static String ptxPath(String module) {
        return "/ammi/kernels/" + module + ".ptx";
    }

    private void loadModule(String name) {
        byte[] ptx;
        try (InputStream in = Cuda.class.getResourceAsStream(ptxPath(name))) {
            if (in == null) throw new UserError("--device cuda: kernel " + ptxPath(name) + " is missing from the jar");
            ptx = in.readAllBytes();
        } catch (IOException e) {
            throw new UserError("--device cuda: cannot read kernel " + ptxPath(name) + ": " + e.getMessage());
        }
        byte[] z = java.util.Arrays.copyOf(ptx, ptx.length + 1); // cuModuleLoadData wants a C string
        CUmodule module = new CUmodule();
        try {
            cuModuleLoadData(module, z);
        } catch (CudaException e) {
            String isa = ptxVersion(ptx);
            throw new UserError("--device cuda: the driver (CUDA " + version(info.driverVersion()) + ") cannot load kernel "
                    + name + ".ptx (PTX ISA " + isa + "): " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("UNSUPPORTED_PTX_VERSION")
                    ? "; update the driver, or rebuild the jar with an nvcc no newer than the driver" : ""));
        }
        modules.put(name, module);
    }

    /** ".version X.Y" of a PTX file: the driver must be at least the toolkit that wrote it. */
    static String ptxVersion(byte[] ptx) {
        String head = new String(ptx, 0, Math.min(ptx.length, 4096), StandardCharsets.US_ASCII);
        Matcher m = Pattern.compile("\\.version\\s+(\\d+\\.\\d+)").matcher(head);
        return m.find() ? m.group(1) : "unknown";
    }

    /** A kernel by module and name, looked up once. */
    public CUfunction function(String module, String name) {
        return functions.computeIfAbsent(module + "/" + name, k -> {
            CUmodule mod = modules.get(module);
            if (mod == null) throw new IllegalArgumentException("no kernel module " + module);
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, mod, name);
            return f;
        });
    }

    // ---- memory ----------------------------------------------------------------------------

    /** Device memory of {@code bytes} (at least 4), zeroed. */
    public CUdeviceptr alloc(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        long n = Math.max(4, (bytes + 3) & ~3L);
        try {
            cuMemAlloc(p, n);
        } catch (CudaException e) {
            throw new UserError(String.format("--device cuda: out of GPU memory allocating %.1f MiB (%.1f MiB held): %s",
                    n / 1048576.0, allocated / 1048576.0, e.getMessage()));
        }
        allocated += n;
        live.add(p);
        cuMemsetD32Async(p, 0, n / 4, stream);
        return p;
    }

    public void free(CUdeviceptr p) {
        if (p != null && !closed && live.remove(p)) cuMemFree(p);
    }

    public long allocatedBytes() {
        return allocated;
    }

    public void zero(CUdeviceptr p, long floats) {
        if (floats > 0) cuMemsetD32Async(p, 0, floats, stream);
    }

    public void upload(CUdeviceptr dst, float[] src, int count) {
        if (count > 0) cuMemcpyHtoD(dst, Pointer.to(src), 4L * count); // the legacy stream: ordered after our blocking stream
    }

    public void upload(CUdeviceptr dst, int[] src, int count) {
        if (count > 0) cuMemcpyHtoD(dst, Pointer.to(src), 4L * count);
    }

    public void upload(CUdeviceptr dst, long[] src, int count) {
        if (count > 0) cuMemcpyHtoD(dst, Pointer.to(src), 8L * count);
    }

    public void download(float[] dst, CUdeviceptr src, int count) {
        if (count > 0) cuMemcpyDtoH(Pointer.to(dst), src, 4L * count);
    }

    public void download(int[] dst, CUdeviceptr src, int count) {
        if (count > 0) cuMemcpyDtoH(Pointer.to(dst), src, 4L * count);
    }

    public void download(long[] dst, CUdeviceptr src, int count) {
        if (count > 0) cuMemcpyDtoH(Pointer.to(dst), src, 8L * count);
    }

    public void download(double[] dst, CUdeviceptr src, int count) {
        if (count > 0) cuMemcpyDtoH(Pointer.to(dst), src, 8L * count);
    }

    public void sync() {
        cuStreamSynchronize(stream);
    }

    public CUstream stream() {
        return stream;
    }

    // ---- launches ---------------------------------------------------------------------------

    /**
     * Launches a kernel on the engine's stream. Arguments: a CUdeviceptr (or null for a null
     * pointer), Integer, Long or Float, in the kernel's order.
     */
    public void launch(CUfunction f, int grid, int block, Object... args) {
        launch2d(f, grid, 1, block, args);
    }

    /** As {@link #launch} with a second grid dimension. */
    public void launch2d(CUfunction f, int grid, int gridY, int block, Object... args) {
        if (grid <= 0 || gridY <= 0) return;
        Pointer[] p = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) p[i] = Pointer.to(new CUdeviceptr());
            else if (a instanceof CUdeviceptr d) p[i] = Pointer.to(d);
            else if (a instanceof Integer v) p[i] = Pointer.to(new int[] {v});
            else if (a instanceof Long v) p[i] = Pointer.to(new long[] {v});
            else if (a instanceof Float v) p[i] = Pointer.to(new float[] {v});
            else if (a instanceof Double v) p[i] = Pointer.to(new double[] {v});
            else throw new IllegalArgumentException("kernel argument " + i + " has unsupported type " + a.getClass());
        }
        cuLaunchKernel(f, grid, gridY, 1, block, 1, 1, 0, stream, Pointer.to(p), null);
    }

    /** Starts recording this thread's launches on the stream into a CUDA graph instead of running them. */
    public void beginCapture() {
        cuStreamBeginCapture(stream, jcuda.driver.CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
    }

    /** Ends the recording and returns the graph, instantiated and ready to launch. */
    public jcuda.driver.CUgraphExec endCapture() {
        jcuda.driver.CUgraph graph = new jcuda.driver.CUgraph();
        cuStreamEndCapture(stream, graph);
        jcuda.driver.CUgraphExec exec = new jcuda.driver.CUgraphExec();
        cuGraphInstantiate(exec, graph, 0);
        cuGraphDestroy(graph);
        graphs.add(exec);
        return exec;
    }

    /** Destroys a graph from {@link #endCapture} before the context closes (benchmarks make many). */
    public void releaseGraph(jcuda.driver.CUgraphExec exec) {
        if (graphs.remove(exec)) cuGraphExecDestroy(exec);
    }

    public void launchGraph(jcuda.driver.CUgraphExec exec) {
        cuGraphLaunch(exec, stream);
    }

    static int blocks(long threads, int block) {
        return (int) Math.min(Integer.MAX_VALUE, (threads + block - 1) / block);
    }

    static String version(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (closed) return;
        try {
            bind();
            sync();
            for (jcuda.driver.CUgraphExec g : graphs) cuGraphExecDestroy(g);
            for (CUdeviceptr p : live) cuMemFree(p);
            live.clear();
            for (CUmodule m : modules.values()) cuModuleUnload(m);
            cuStreamDestroy(stream);
            cuDevicePrimaryCtxRelease(device);
        } finally {
            closed = true;
        }
    }
}
