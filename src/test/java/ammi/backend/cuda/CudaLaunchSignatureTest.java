package ammi.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Runs without a GPU: every {@code cuda.launch(kernel, grid, block, args...)} passes as many
 * arguments as the kernel declares, and each argument whose Java type can be read off the source
 * (a cast, a declared variable, a literal, null) has the kind the kernel expects: pointer, int,
 * long or float. A wrong count or an int where the kernel reads 8 bytes fails only on the GPU,
 * which most sessions do not have.
 */
class CudaLaunchSignatureTest {
    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(([^)]*)\\)");
    private static final Pattern LOOKUP = Pattern.compile("(\\w+)\\s*=\\s*(?:cuda\\.)?function\\(\"(\\w+)\",\\s*\"(\\w+)\"\\)");
    private static final Pattern LAUNCH = Pattern.compile("\\.(launch2d|launch)\\(");
    private static final Pattern DECLARED = Pattern.compile("\\b(int|long|float|double|CUdeviceptr)\\s+(\\w+)\\s*(?:,\\s*(\\w+)\\s*)?[,;=)]");

    /** What the checker saw: problems, and how many launches and arguments it checked. */
    record Report(List<String> problems, int launches, int typed) {}

    /** Kernel name to the kind of each parameter, from one .cu source. */
    static Map<String, List<String>> kernels(String cu) {
        Map<String, List<String>> k = new HashMap<>();
        Matcher m = KERNEL.matcher(cu);
        while (m.find()) {
            List<String> kinds = new ArrayList<>();
            for (String p : m.group(2).split(",")) {
                if (p.isBlank()) continue;
                String type = p.trim().replaceAll("\\s*\\w+$", ""); // drop the parameter's name
                kinds.add(kind(type));
            }
            k.put(m.group(1), kinds);
        }
        return k;
    }

    private static String kind(String cType) {
        if (cType.contains("*")) return "pointer";
        String t = cType.replace("const", "").replace("__restrict__", "").trim().replaceAll("\\s+", " ");
        return switch (t) {
            case "int", "unsigned", "unsigned int" -> "int";
            case "long", "long long", "unsigned long long", "size_t" -> "long";
            case "float" -> "float";
            case "double" -> "double";
            default -> "unknown " + t;
        };
    }

    /** The arguments of the call whose '(' is at {@code open}, split at its top-level commas. */
    private static List<String> arguments(String s, int open) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            if (c == ')' || c == ']' || c == '}') depth--;
            if (depth == 0) {
                args.add(cur.toString().trim());
                return args;
            }
            if (depth == 1 && c == ',') {
                args.add(cur.toString().trim());
                cur.setLength(0);
            } else if (i > open) {
                cur.append(c);
            }
        }
        throw new IllegalStateException("unbalanced call at " + open);
    }

    /** The Java kind of an argument expression, or null when the source alone does not tell. */
    private static String javaKind(String arg, Map<String, Set<String>> declared) {
        Matcher cast = Pattern.compile("^\\((int|long|float|double)\\)").matcher(arg);
        if (cast.find()) return cast.group(1);
        if (arg.equals("null")) return "pointer";
        if (arg.matches("\\d+")) return "int";
        if (arg.matches("\\d+L")) return "long";
        if (arg.matches("\\w+") && declared.containsKey(arg) && declared.get(arg).size() == 1) {
            String t = declared.get(arg).iterator().next();
            return t.equals("CUdeviceptr") ? "pointer" : t;
        }
        return null;
    }

    /** Checks the launches of one Java source against the kernels of every module. */
    static Report check(String name, String java, Map<String, Map<String, List<String>>> modules) {
        Map<String, String[]> lookups = new HashMap<>();
        Matcher l = LOOKUP.matcher(java);
        while (l.find()) lookups.put(l.group(1), new String[] {l.group(2), l.group(3)});
        Map<String, Set<String>> declared = new HashMap<>();
        Matcher d = DECLARED.matcher(java);
        while (d.find()) {
            declared.computeIfAbsent(d.group(2), x -> new HashSet<>()).add(d.group(1));
            if (d.group(3) != null) declared.computeIfAbsent(d.group(3), x -> new HashSet<>()).add(d.group(1));
        }
        List<String> problems = new ArrayList<>();
        int launches = 0, typed = 0;
        Matcher call = LAUNCH.matcher(java);
        while (call.find()) {
            List<String> args = arguments(java, call.end() - 1);
            String[] kernel = lookups.get(args.get(0));
            if (kernel == null) {
                problems.add(name + ": launch of '" + args.get(0) + "', which is not a kernel looked up in this file");
                continue;
            }
            launches++;
            List<String> params = modules.getOrDefault(kernel[0], Map.of()).get(kernel[1]);
            if (params == null) {
                problems.add(name + ": " + kernel[0] + "/" + kernel[1] + " is not defined");
                continue;
            }
            List<String> given = args.subList(call.group(1).equals("launch2d") ? 4 : 3, args.size());
            if (given.size() != params.size()) {
                problems.add(name + ": " + kernel[1] + " takes " + params.size() + " arguments, launched with " + given.size());
                continue;
            }
            for (int i = 0; i < given.size(); i++) {
                String j = javaKind(given.get(i), declared);
                if (j == null) continue;
                typed++;
                if (!j.equals(params.get(i)))
                    problems.add(name + ": " + kernel[1] + " argument " + i + " (" + given.get(i) + ") is " + j + ", the kernel reads " + params.get(i));
            }
        }
        return new Report(problems, launches, typed);
    }

    @Test
    void everyLaunchMatchesItsKernel() throws IOException {
        Map<String, Map<String, List<String>>> modules = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("kernels"))) {
            for (Path cu : files.filter(p -> p.toString().endsWith(".cu")).toList()) {
                String name = cu.getFileName().toString();
                modules.put(name.substring(0, name.length() - 3), kernels(Files.readString(cu)));
            }
        }
        List<String> problems = new ArrayList<>();
        int launches = 0, typed = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/ammi/backend/cuda"))) {
            for (Path java : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("Cuda.java")).sorted().toList()) {
                Report r = check(java.getFileName().toString(), Files.readString(java), modules);
                problems.addAll(r.problems());
                launches += r.launches();
                typed += r.typed();
            }
        }
        assertEquals(List.of(), problems);
        // as of 2026-11-30: 39 launches, 273 arguments of known type; far fewer means the parsing broke
        assertTrue(launches >= 35 && typed >= 200, launches + " launches, " + typed + " typed arguments checked");
    }

    /** The checker itself: a wrong count and an int passed for a 64-bit parameter are found. */
    @Test
    void theCheckerFindsWrongCountsAndKinds() {
        Map<String, Map<String, List<String>>> modules = Map.of("mod",
                kernels("extern \"C\" __global__ void k(const float* __restrict__ a, int n,\n    unsigned long long seed, float w) {}"));
        assertEquals(List.of("pointer", "int", "long", "float"), modules.get("mod").get("k"));
        String ok = "k = cuda.function(\"mod\", \"k\"); void f(CUdeviceptr a, int n, long s) { cuda.launch(k, 1, 32, a, n, s, (float) 0.5); }";
        assertEquals(List.of(), check("Ok.java", ok, modules).problems());
        assertEquals(4, check("Ok.java", ok, modules).typed());
        String wrong = "k = cuda.function(\"mod\", \"k\"); void f(CUdeviceptr a, int n, int s) {"
                + " cuda.launch(k, 1, 32, a, n, s, (float) 0.5); cuda.launch(k, Cuda.blocks(n, 2), 32, a, n, s); }";
        List<String> problems = check("Wrong.java", wrong, modules).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("argument 2 (s) is int, the kernel reads long"), problems.get(0));
        assertTrue(problems.get(1).contains("takes 4 arguments, launched with 3"), problems.get(1));
    }
}
