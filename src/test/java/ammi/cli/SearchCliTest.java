package ammi.cli;

import ammi.backend.cpu.CpuBackend;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.data.Document;
import ammi.eval.CodeLikelihood;
import ammi.eval.PackedCodes;
import ammi.model.Checkpoint;
import ammi.search.CodesFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * encode, search and neighbors on a small bbc model, checked against oracles computed here:
 * codes from the backend directly (not through the commands' shared path) and neighbours by
 * sorting every document by (distance counted bit by bit, index).
 */
class SearchCliTest extends CliTestBase {
    static final int M = 16;

    @TempDir
    static Path shared;
    static Path model, codes;
    /** The oracle: the corpus as the model sees it and its codes, split by split (train, validation, test). */
    static Dataset ds;
    static PackedCodes train, validation, test;
    static CpuBackend backend;

    @BeforeAll
    static void trainAndEncode() {
        model = shared.resolve("bbc16.ammi");
        codes = shared.resolve("bbc16.codes");
        assertEquals(0, Main.run("train", "--data", "bbc", "--vocab-size", "2000", "--bits", Integer.toString(M),
                "--epochs", "2", "--quiet", "--save", model.toString()));
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--out", codes.toString()));
        Checkpoint ckpt = Checkpoint.read(model);
        ds = Datasets.load("bbc", ckpt.dataOptions());
        backend = new CpuBackend(ckpt.config(), ds.train().x());
        backend.loadParameters(ckpt.parameters());
        train = backend.encode(ds.train().x());
        validation = backend.encode(ds.validation().x());
        test = backend.encode(ds.test().x());
    }

    /** Code index of split:index in an encode of all splits. */
    static int codeOf(String position) {
        String[] p = position.split(":");
        int i = Integer.parseInt(p[1]);
        return switch (p[0]) {
            case "train" -> i;
            case "validation" -> train.count() + i;
            case "test" -> train.count() + validation.count() + i;
            default -> throw new AssertionError(position);
        };
    }

    static PackedCodes all() {
        return PackedCodes.concat(PackedCodes.concat(train, validation), test);
    }

    static int bitDistance(PackedCodes a, int i, PackedCodes b, int j) {
        int d = 0;
        for (int t = 0; t < M; t++) if (a.bit(i, t) != b.bit(j, t)) d++;
        return d;
    }

    /** Every indexed code but {@code exclude}, by (distance to query q, index). */
    static List<int[]> bruteForce(PackedCodes queries, int q, int exclude) {
        PackedCodes base = all();
        List<int[]> ranked = new ArrayList<>();
        for (int j = 0; j < base.count(); j++) if (j != exclude) ranked.add(new int[] {j, bitDistance(queries, q, base, j)});
        ranked.sort((x, y) -> x[1] != y[1] ? Integer.compare(x[1], y[1]) : Integer.compare(x[0], y[0]));
        return ranked;
    }

    /** The result rows of search output: {code index, distance}. */
    private List<int[]> rows() {
        List<int[]> got = new ArrayList<>();
        boolean table = false;
        for (String line : out().lines().toList()) {
            if (line.startsWith("rank  distance")) {
                table = true;
                continue;
            }
            if (!table || line.startsWith("#")) continue;
            String[] f = line.strip().split("\\s+");
            got.add(new int[] {codeOf(f[2]), Integer.parseInt(f[1])});
        }
        return got;
    }

    private static void assertSameRanking(List<int[]> want, List<int[]> got) {
        assertEquals(want.size(), got.size());
        for (int r = 0; r < want.size(); r++) {
            assertArrayEquals(want.get(r), got.get(r), "rank " + (r + 1));
        }
    }

    @Test
    void encodeWritesTheBackendsCodesAndTheirIds() throws Exception {
        PackedCodes read = CodesFile.read(codes);
        assertEquals(M, read.bits());
        assertEquals(ds.train().size() + ds.validation().size() + ds.test().size(), read.count());
        assertArrayEquals(all().words(), read.words());
        assertTrue(CodesFile.load(codes).model() != 0, "encode records the model's fingerprint");

        Map<String, String> rawFirstLine = new HashMap<>();
        for (Document d : Datasets.documents("bbc")) rawFirstLine.put(d.id(), d.text().lines().findFirst().orElseThrow().strip().replaceAll("\\s+", " "));
        List<String> lines = Files.readAllLines(codes.resolveSibling("bbc16.codes.ids"));
        assertEquals(read.count(), lines.size());
        for (int c = 0; c < lines.size(); c++) {
            String[] f = lines.get(c).split("\t", -1);
            assertEquals(4, f.length, lines.get(c));
            assertEquals(c, codeOf(f[0] + ":" + f[1]));
            String[] splitIds = f[0].equals("train") ? ds.train().ids() : f[0].equals("validation") ? ds.validation().ids() : ds.test().ids();
            assertEquals(splitIds[Integer.parseInt(f[1])], f[2]);
            assertEquals(rawFirstLine.get(f[2]), f[3]);
        }
        assertEquals("train\t0\tbusiness/001\tAd sales boost Time Warner profit", lines.get(0));
        try (var files = Files.list(shared)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void encodeOneSplit() throws Exception {
        Path f = dir.resolve("test.codes");
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--split", "test", "--out", f.toString()), err());
        assertArrayEquals(test.words(), CodesFile.read(f).words());
        List<String> ids = Files.readAllLines(dir.resolve("test.codes.ids"));
        assertEquals(test.count(), ids.size());
        assertTrue(ids.get(5).startsWith("test\t5\t" + ds.test().ids()[5] + "\t"), ids.get(5));
    }

    /** Codes and ids are replaced together or not at all; an output that names the model is refused before any work. */
    @Test
    void aFailedEncodeLeavesTheIndexAsItWas() throws Exception {
        Path f = dir.resolve("x.codes"), ids = dir.resolve("x.codes.ids");
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--split", "test", "--out", f.toString()), err());
        byte[] before = Files.readAllBytes(f);
        Files.delete(ids);
        Files.createDirectories(ids.resolve("blocker")); // the ids file's rename fails after the codes file's succeeded
        assertEquals(1, Main.run("encode", "--model", model.toString(), "--split", "validation", "--out", f.toString()));
        assertOneErrorLine("x.codes.ids", "cannot write");
        assertArrayEquals(before, Files.readAllBytes(f), "the codes file has its old contents back");

        err.reset();
        Path copy = dir.resolve("m.ammi");
        Files.copy(model, copy);
        assertEquals(1, Main.run("encode", "--model", copy.toString(), "--out", copy.toString()));
        assertOneErrorLine("--out", "m.ammi", "--model");
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(copy));
    }

    @Test
    void encodeAnotherCorpusReadsItThroughTheModelsVocabulary() throws Exception {
        Path f = dir.resolve("reuters.codes");
        Path corpus = Path.of("datasets/examples/reuters-sample.jsonl.gz");
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--data", corpus.toString(), "--out", f.toString()), err());
        PackedCodes read = CodesFile.read(f);
        Checkpoint ckpt = Checkpoint.read(model);
        Map<String, String> text = new HashMap<>();
        for (Document d : Datasets.documents(corpus.toString())) text.put(d.id(), d.text());
        List<String> lines = Files.readAllLines(dir.resolve("reuters.codes.ids"));
        assertEquals(read.count(), lines.size());
        assertTrue(read.count() > 300, "train, validation and test of the sample");
        for (int c = 0; c < lines.size(); c++) {
            String id = lines.get(c).split("\t")[2];
            PackedCodes one = backend.encode(ckpt.vocabulary().vectorize(List.of(text.get(id))));
            assertEquals(0, one.distance(0, read, c), "code " + c + " (" + id + ")");
        }
    }

    /** A collection to index need not have a test split; eval, which ranks test against train, still asks for one. */
    @Test
    void aCorpusOfOneSplitIsCodedWholeAndEvalAsksForATestSplit() throws Exception {
        Path corpus = dir.resolve("one-split.jsonl");
        List<Document> docs = Datasets.documents("bbc").subList(0, 40);
        List<String> lines = new ArrayList<>();
        com.google.gson.Gson gson = new com.google.gson.Gson();
        for (Document d : docs)
            lines.add(gson.toJson(Map.of("id", d.id(), "split", "train", "labels", d.labels(), "text", d.text())));
        Files.write(corpus, lines);
        Path f = dir.resolve("one-split.codes");
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--data", corpus.toString(), "--out", f.toString()), err());
        PackedCodes read = CodesFile.read(f);
        List<String> ids = Files.readAllLines(dir.resolve("one-split.codes.ids"));
        assertEquals(docs.size(), read.count(), "every document, though none is marked test");
        Checkpoint ckpt = Checkpoint.read(model);
        Map<String, String> text = new HashMap<>();
        for (Document d : docs) text.put(d.id(), d.text());
        for (int c = 0; c < ids.size(); c++) {
            String id = ids.get(c).split("\t")[2];
            PackedCodes one = backend.encode(ckpt.vocabulary().vectorize(List.of(text.get(id))));
            assertEquals(0, one.distance(0, read, c), "code " + c + " (" + id + ")");
        }

        err.reset();
        assertEquals(1, Main.run("encode", "--model", model.toString(), "--data", corpus.toString(), "--split", "test",
                "--out", dir.resolve("none.codes").toString()));
        assertOneErrorLine("--split test", "one-split.jsonl", "no test documents");
        assertFalse(Files.exists(dir.resolve("none.codes")));
        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString(), "--data", corpus.toString()));
        assertOneErrorLine("one-split.jsonl", "test split has no documents");
    }

    @Test
    void searchByTextIsTheBruteForceRanking() {
        String query = "the government plans to cut taxes as economic growth slows";
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", codes.toString(), "--k", "25", query), err());
        Checkpoint ckpt = Checkpoint.read(model);
        PackedCodes q = backend.encode(ckpt.vocabulary().vectorize(List.of(query)));
        assertSameRanking(bruteForce(q, 0, -1).subList(0, 25), rows());
        assertTrue(out().startsWith("# 25 nearest of " + all().count() + " codes (16 bits)"), out());
    }

    /** --rank likelihood: every indexed code scored bit by bit under the query's conditionals, sorted by (score descending, index). */
    @Test
    void searchRankedByLikelihoodIsTheSortOfEveryCodesLogProbability() throws Exception {
        List<String> texts = List.of("the government plans to cut taxes as economic growth slows", "football cup final");
        Path f = dir.resolve("likely.txt");
        Files.write(f, texts);
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", codes.toString(), "--k", "25",
                "--rank", "likelihood", "--queries", f.toString()), err());
        Checkpoint ckpt = Checkpoint.read(model);
        PackedCodes base = all();
        List<String[]> got = new ArrayList<>();
        boolean table = false;
        for (String line : out().lines().toList()) {
            if (line.startsWith("rank  log-prob")) table = true;
            else if (table && !line.startsWith("#")) got.add(line.strip().split("\\s+"));
        }
        assertEquals(50, got.size(), out());
        for (int t = 0; t < texts.size(); t++) {
            CodeLikelihood q = backend.likelihood(ckpt.vocabulary().vectorize(List.of(texts.get(t))));
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < base.count(); j++) order.add(j);
            order.sort(java.util.Comparator.comparingDouble((Integer j) -> -q.logLikelihood(0, base, j)).thenComparingInt(j -> j));
            for (int r = 0; r < 25; r++) {
                String[] row = got.get(t * 25 + r);
                int j = order.get(r);
                assertEquals(j, codeOf(row[2]), "query " + t + ", rank " + (r + 1));
                assertEquals(q.logLikelihood(0, base, j), Double.parseDouble(row[1]), 0.005, "query " + t + ", rank " + (r + 1));
            }
        }
        assertEquals(2, out().lines().filter(l -> l.startsWith("# 25 most likely of " + base.count() + " codes (16 bits)")).count(), out());
    }

    @Test
    void manyQueriesFromAFileEachGetTheBruteForceRanking() throws Exception {
        List<String> texts = List.of("football cup final", "", "new mobile phones and broadband", "film festival award");
        Path f = dir.resolve("queries.txt");
        Files.write(f, texts);
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", codes.toString(), "--k", "7",
                "--queries", f.toString()), err());
        List<int[]> got = rows();
        Checkpoint ckpt = Checkpoint.read(model);
        List<int[]> want = new ArrayList<>();
        for (String t : texts) {
            if (t.isEmpty()) continue; // blank lines are skipped
            want.addAll(bruteForce(backend.encode(ckpt.vocabulary().vectorize(List.of(t))), 0, -1).subList(0, 7));
        }
        assertSameRanking(want, got);
        assertEquals(3, out().lines().filter(l -> l.startsWith("# 7 nearest")).count());
    }

    @Test
    void searchByDocumentLeavesItOutAndIsTheBruteForceRanking() {
        int q = codeOf("validation:3");
        String id = ds.validation().ids()[3];
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", codes.toString(), "--doc", id, "--k", "40"), err());
        assertSameRanking(bruteForce(all(), q, q).subList(0, 40), rows());

        out.reset(); // the same document by position
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", codes.toString(), "--doc", "validation:3", "--k", "40"), err());
        assertSameRanking(bruteForce(all(), q, q).subList(0, 40), rows());
    }

    @Test
    void neighborsShowTheClosestDocumentAtOrBeyondEachDistance() {
        int q = codeOf("test:7");
        int[] ds = {0, 1, 3, 6, 9, 12, 16, 17, 90};
        assertEquals(0, Main.run("neighbors", "--model", model.toString(), "--index", codes.toString(),
                "--doc", "test:7", "--distances", "0,1,3,6,9,12,16,17,90"), err());
        List<int[]> ranked = bruteForce(all(), q, q);
        List<String> lines = out().lines().toList();
        assertTrue(lines.get(0).startsWith("# query test:7"), lines.get(0));
        assertEquals(ds.length + 2, lines.size(), out());
        for (int t = 0; t < ds.length; t++) {
            int d = ds[t];
            int[] want = ranked.stream().filter(r -> r[1] >= d).findFirst().orElse(null);
            String[] f = lines.get(t + 2).strip().split("\\s+");
            assertEquals(Integer.toString(d), f[0]);
            if (want == null) {
                assertTrue(lines.get(t + 2).contains("none: no document at distance >= " + d), lines.get(t + 2));
            } else {
                int dist = Integer.parseInt(f[1]);
                assertTrue(dist >= d);
                assertArrayEquals(want, new int[] {codeOf(f[2]), dist}, "d = " + d);
            }
        }
        assertTrue(lines.get(lines.size() - 1).contains("codes have only 16 bits"));
    }

    private void assertFails(String[] args, String... fragments) {
        out.reset();
        err.reset();
        assertEquals(1, Main.run(args), out() + err());
        assertOneErrorLine(fragments);
    }

    @Test
    void badInputIsOneLineNamingTheFileOrOption() throws Exception {
        String mo = model.toString();
        Path missing = dir.resolve("missing.codes");
        assertFails(new String[] {"search", "--model", mo, "--index", missing.toString(), "economy"}, "missing.codes", "no such codes file");

        Path corrupt = dir.resolve("corrupt.codes");
        byte[] b = Files.readAllBytes(codes);
        b[100] ^= 0x01;
        Files.write(corrupt, b);
        Files.copy(codes.resolveSibling("bbc16.codes.ids"), dir.resolve("corrupt.codes.ids"));
        assertFails(new String[] {"search", "--model", mo, "--index", corrupt.toString(), "economy"}, "corrupt.codes", "checksum mismatch");

        Path other = dir.resolve("m8.codes");
        CodesFile.write(other, PackedCodes.fromBits(new byte[8 * all().count()], all().count(), 8));
        Files.copy(codes.resolveSibling("bbc16.codes.ids"), dir.resolve("m8.codes.ids"));
        assertFails(new String[] {"neighbors", "--model", mo, "--index", other.toString(), "--doc", "test:0"},
                "m8.codes", "m = 8 bits", "--model", "16-bit");

        Path stranger = dir.resolve("stranger.codes");
        CodesFile.write(stranger, all(), CodesFile.load(codes).model() ^ 0x5555);
        Files.copy(codes.resolveSibling("bbc16.codes.ids"), dir.resolve("stranger.codes.ids"));
        assertFails(new String[] {"search", "--model", mo, "--index", stranger.toString(), "economy"},
                "stranger.codes", "written by another model than --model");

        Path noIds = dir.resolve("noids.codes");
        Files.copy(codes, noIds);
        assertFails(new String[] {"search", "--model", mo, "--index", noIds.toString(), "economy"}, "noids.codes.ids", "no such ids file");

        String ix = codes.toString();
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "--doc", "sport/9999"}, "--doc sport/9999", "no document");
        assertFails(new String[] {"neighbors", "--model", mo, "--index", ix, "--doc", "test:99999"}, "--doc test:99999", "no document");
        assertFails(new String[] {"search", "--model", mo, "--index", ix, ""}, "query", "no word of the model's vocabulary");
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "zzqx the of and qqwv"}, "query", "no word of the model's vocabulary");
        assertFails(new String[] {"search", "--model", mo, "--index", ix}, "QUERY", "--doc");
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "--k", "0", "economy"}, "--k");
        assertFails(new String[] {"neighbors", "--model", mo, "--index", ix, "--doc", "test:0", "--distances", "0,-3"},
                "--distances", "-3");
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "--queries", dir.resolve("q.txt").toString()},
                "--queries", "q.txt", "no such file");
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "--queries", dir.resolve("latin1.txt").toString()},
                "error: --queries " + dir.resolve("latin1.txt") + ": not UTF-8 text (expected one query per line)");
        Files.write(dir.resolve("q2.txt"), List.of("economy growth", "zzqx qqwv"));
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "--queries", dir.resolve("q2.txt").toString()},
                "q2.txt:2", "no word of the model's vocabulary");
        assertEquals("", out(), "nothing answered before the bad query was found");
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "--rank", "likelihood", "--queries", dir.resolve("q2.txt").toString()},
                "q2.txt:2", "no word of the model's vocabulary");
        assertEquals("", out(), "nothing answered before the bad query was found (--rank likelihood)");
        assertFails(new String[] {"search", "--model", mo, "--index", ix, "--rank", "likelihood", "--doc", "test:0"},
                "--rank likelihood", "--doc test:0", "text query");
        out.reset();
        err.reset();
        assertEquals(2, Main.run("search", "--model", mo, "--index", ix, "--rank", "cosine", "economy"), "a usage error");
        assertOneErrorLine("--rank", "cosine", "hamming, likelihood");
        assertFails(new String[] {"encode", "--model", dir.resolve("nope.ammi").toString(), "--out", dir.resolve("x.codes").toString()},
                "nope.ammi", "no such file (expected a model written by train --save");
    }
}
