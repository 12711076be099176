package ammi.cli;

import ammi.backend.Bench;
import ammi.data.DataOptions;
import ammi.data.Datasets;
import ammi.util.Parallel;
import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times training and evaluation with the paper's settings on each backend: a fixed number of "
                + "training steps through the same backend calls as `train`, then one evaluation pass as run after "
                + "every epoch. Prints documents per second and seconds per epoch.",
                "Settings: reuters64, ng64 (20news), reuters128; pred-ng64 and pred-ng128: predictive hashing on 20news "
                        + "halves with the options beyond the paper (--tie-encoders --both-directions --prior-parents "
                        + "--order-prior 8 --prior-steps 16 --word-dropout 0.3, batch 128, V = 50000)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--settings", paramLabel = "LIST", defaultValue = "reuters64,ng64,reuters128",
            description = "Comma-separated settings. Default: ${DEFAULT-VALUE}.")
    String settings;
    @Option(names = "--backends", paramLabel = "LIST", defaultValue = "cpu",
            description = "Comma-separated backends. Default: ${DEFAULT-VALUE}.")
    String backends;
    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "Timed training steps. Default: ${DEFAULT-VALUE}.")
    int steps;
    @Option(names = "--warmup", paramLabel = "N", defaultValue = "300",
            description = "Untimed steps first (JIT); with N > 0 one untimed evaluation too. Default: ${DEFAULT-VALUE}.")
    int warmup;
    @Option(names = "--eval-rounds", paramLabel = "N", defaultValue = "1", description = "Timed evaluation passes. Default: ${DEFAULT-VALUE}.")
    int evalRounds;
    @Option(names = "--data", paramLabel = "NAME|FILE", description = "Run every setting on this corpus instead of its own (for quick checks).")
    String data;
    @Option(names = "--vocab-size", paramLabel = "V", defaultValue = "0", description = "Vocabulary size (0 = the setting's: the corpus default, 50000 for pred-*).")
    int vocabSize;
    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;
    @Option(names = "--kernels", description = "Time each CUDA kernel over the benchmark grid (B, m, o, r) with CUDA events, "
            + "instead of training steps; needs a GPU (the CPU kernels have JMH benchmarks: tools/bench-kernels).")
    boolean kernels;
    @Option(names = "--filter", paramLabel = "NAME", description = "With --kernels: only kernels whose name contains NAME.")
    String filter;

    @Override
    public Integer call() {
        if (threads > 0) Parallel.setThreads(threads);
        if (kernels) return kernelBench();
        // train's check (DataOptions), before any corpus is loaded: a negative size must not fall back to the setting's
        DataOptions.defaults().withVocabSize(vocabSize);
        Bench.checkCounts(steps, warmup, evalRounds);
        List<Bench.Setting> chosen = Bench.parse(settings);
        if (chosen.isEmpty()) throw new UserError("--settings names no setting");
        List<String> backendNames = new ArrayList<>();
        for (String b : backends.split(",")) if (!b.isBlank()) backendNames.add(b.trim());
        for (String b : backendNames) {
            if (!Bench.BACKENDS.containsKey(b)) throw new UserError("unknown backend '" + b + "' (available: " + String.join(", ", Bench.BACKENDS.keySet()) + ")");
            String why = b.startsWith("cuda") ? ammi.backend.cuda.Cuda.unavailableReason() : null;
            if (why != null) throw new UserError("--backends " + b + ": " + why);
        }
        Map<String, Bench.Workload> workloads = new HashMap<>();
        List<Bench.Result> results = new ArrayList<>();
        for (Bench.Setting s : chosen) {
            String corpus = data != null ? data : s.data();
            boolean pairs = s.config().predictive;
            // --vocab-size overrides a setting's own; the workload is loaded once per (kind, corpus, size)
            int v = vocabSize > 0 ? vocabSize : s.vocabSize();
            DataOptions opts = DataOptions.defaults().withVocabSize(v);
            Bench.Workload d = workloads.computeIfAbsent((pairs ? "pairs:" : "") + corpus + "@" + v, k -> pairs
                    ? Bench.Workload.matching(new PairsSource(null, null, corpus, false, 1).load(opts, null, line -> {}), s.config().topK)
                    : Bench.Workload.retrieval(Datasets.load(corpus, opts), s.config().topK));
            for (String b : backendNames) {
                Bench.Result r = Bench.run(s, d, b, steps, warmup, evalRounds);
                results.add(r);
                if (!json) System.err.printf(Locale.ROOT, "%s on %s: done%n", s.name(), b);
            }
        }
        System.out.print(json ? toJson(results) : table(results));
        return 0;
    }

    private int kernelBench() {
        String why = ammi.backend.cuda.Cuda.unavailableReason();
        if (why != null) throw new UserError("bench --kernels times the CUDA kernels, and " + why
                + "; the CPU kernels have JMH benchmarks (tools/bench-kernels)");
        ammi.backend.cuda.KernelBench kb = new ammi.backend.cuda.KernelBench();
        try {
            System.out.println("device: " + kb.device());
            double copy = kb.copyBandwidth();
            List<ammi.backend.cuda.KernelBench.Row> rows = kb.run(filter, System.err);
            if (json) System.out.print(JsonOut.pretty(rows));
            else System.out.print(ammi.backend.cuda.KernelBench.table(rows, copy));
        } finally {
            kb.close();
        }
        return 0;
    }

    static String table(List<Bench.Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-11s %-10s %-13s %7s %5s %6s | %12s %10s %10s | %12s %10s | %10s%n",
                "setting", "backend", "data", "threads", "batch", "steps",
                "train doc/s", "ms/step", "train s/ep", "eval doc/s", "eval s/ep", "s/epoch"));
        for (Bench.Result r : results) {
            sb.append(String.format(Locale.ROOT, "%-11s %-10s %-13s %7d %5d %6d | %12.0f %10.3f %10.3f | %12.0f %10.3f | %10.3f%n",
                    r.setting(), r.backend(), r.data(), r.threads(), r.batchSize(), r.steps(),
                    r.trainDocsPerSecond(), 1000 * r.secondsPerStep(), r.trainSecondsPerEpoch(),
                    r.evalDocsPerSecond(), r.evalSecondsPerEpoch(), r.secondsPerEpoch()));
        }
        return sb.toString();
    }

    static String toJson(List<Bench.Result> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Bench.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("setting", r.setting());
            m.put("backend", r.backend());
            m.put("data", r.data());
            m.put("threads", r.threads());
            m.put("steps", r.steps());
            m.put("batch_size", r.batchSize());
            m.put("train_docs", r.trainDocs());
            m.put("eval_docs", r.evalDocs());
            m.put("train_seconds", r.trainSeconds());
            m.put("seconds_per_step", r.secondsPerStep());
            m.put("train_docs_per_second", r.trainDocsPerSecond());
            m.put("train_seconds_per_epoch", r.trainSecondsPerEpoch());
            m.put("eval_seconds", r.evalSeconds());
            m.put("eval_docs_per_second", r.evalDocsPerSecond());
            m.put("eval_seconds_per_epoch", r.evalSecondsPerEpoch());
            m.put("seconds_per_epoch", r.secondsPerEpoch());
            m.put("val_precision", r.valPrecision());
            rows.add(m);
        }
        root.put("results", rows);
        return JsonOut.pretty(root);
    }
}
