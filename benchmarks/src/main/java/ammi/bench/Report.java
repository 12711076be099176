package ammi.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns JMH's JSON results into the markdown table of docs/benchmarks.md: time per call,
 * positions per second, effective GB/s and its share of the bandwidth figure (the triad's result
 * when the file has one, otherwise the second argument in GB/s).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar ammi.bench.Report results.json [bandwidthGBs]</pre>
 */
public final class Report {
    private Report() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Report results.json [bandwidth GB/s]");
            System.exit(2);
        }
        JsonArray runs = JsonParser.parseString(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)).getAsJsonArray();
        double bandwidth = args.length > 1 ? Double.parseDouble(args[1]) * 1e9 : Double.NaN;
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            if (run.get("benchmark").getAsString().endsWith("BenchmarkTriad.triad")) bandwidth = secondary(run, "bytes");
        }
        System.out.println(Double.isNaN(bandwidth) ? "bandwidth figure: none given"
                : String.format(Locale.ROOT, "bandwidth figure: %.1f GB/s", bandwidth / 1e9));
        System.out.println();
        System.out.println("| kernel | B | m | o/r | ms per call | error (ms) | positions/s | effective GB/s | % of bandwidth |");
        System.out.println("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            String name = run.get("benchmark").getAsString();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1).replace("Benchmark", "");
            JsonObject params = run.has("params") ? run.getAsJsonObject("params") : new JsonObject();
            JsonObject primary = run.getAsJsonObject("primaryMetric");
            double opsPerSecond = primary.get("score").getAsDouble();
            double error = primary.get("scoreError").isJsonPrimitive() ? primary.get("scoreError").getAsDouble() : Double.NaN;
            double ms = 1000.0 / opsPerSecond;
            // error of 1/x to first order: dx / x^2
            double msError = Double.isNaN(error) ? Double.NaN : 1000.0 * error / (opsPerSecond * opsPerSecond);
            double positions = secondary(run, "positions"), bytes = secondary(run, "bytes");
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.3g | %.2f | %s |",
                    name, param(params, "batch"), param(params, "m"), param(params, "orders"),
                    fmt(ms), Double.isNaN(msError) ? "" : fmt(msError), positions, bytes / 1e9,
                    Double.isNaN(bandwidth) ? "" : String.format(Locale.ROOT, "%.1f", 100 * bytes / bandwidth)));
        }
    }

    private static String fmt(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 1 ? String.format(Locale.ROOT, "%.2f", ms) : String.format(Locale.ROOT, "%.4f", ms);
    }

    private static String param(JsonObject params, String key) {
        return params.has(key) ? params.get(key).getAsString() : "-";
    }

    private static double secondary(JsonObject run, String key) {
        JsonObject sec = run.getAsJsonObject("secondaryMetrics");
        if (sec == null || !sec.has(key)) return Double.NaN;
        return sec.getAsJsonObject(key).get("score").getAsDouble();
    }

}
