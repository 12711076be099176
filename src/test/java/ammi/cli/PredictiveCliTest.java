package ammi.cli;

import ammi.pairs.PairDataset;
import ammi.pairs.PairSplit;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pairs build} and {@code train --pairs}: files written whole, metrics keys, one-line errors. */
class PredictiveCliTest extends CliTestBase {

    private Path corpus() throws Exception {
        String[] topics = {"apple banana cherry grape melon", "engine wheel brake gear clutch", "river mountain forest valley lake"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String t = topics[i % 3];
            sb.append(String.format("{\"id\": \"d%d\", \"split\": \"%s\", \"text\": \"The %s story %s. More about %s here. "
                    + "Later the %s came back. It was about %s again.\"}%n", i, i % 5 == 0 ? "test" : "train", t, t, t, t, t));
        }
        Path c = dir.resolve("corpus.jsonl");
        Files.writeString(c, sb.toString());
        return c;
    }

    @Test
    void buildThenTrainWritesMetrics() throws Exception {
        Path pairs = dir.resolve("out/pairs.jsonl.gz");
        assertEquals(0, Main.run("pairs", "build", "--data", corpus().toString(), "--out", pairs.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("60 pairs (43 train, 5 validation, 12 test)"), out.toString(StandardCharsets.UTF_8));
        Path metrics = dir.resolve("m.json"), model = dir.resolve("m.ammi");
        assertEquals(0, Main.run("train", "--pairs", pairs.toString(), "--bits", "8", "--epochs", "2", "--top-k", "3",
                "--min-df", "1", "--quiet", "--metrics-out", metrics.toString(), "--save", model.toString()), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("val match@3"), o);
        assertTrue(o.contains("test match@3"), o);
        assertTrue(o.contains("distinct codes on the 86 training articles"), o);
        assertTrue(o.contains("BOW (TF-IDF cosine"), o);
        JsonObject m = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
        for (String k : new String[] {"test_matching_precision", "val_matching_precision", "distinct_codes", "bow_matching_precision",
                "test_matching_precision_by_likelihood"})
            assertTrue(m.has(k), k + " missing from " + m.keySet());
        assertTrue(Files.exists(model));
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        assertEquals(matchLines(o), matchLines(out()));
        // The likelihood ranking's line, as train printed it, and its test score in the metrics.
        java.util.List<String> byLikelihood = out().lines().filter(l -> l.startsWith("ranked by likelihood")).toList();
        assertEquals(1, byLikelihood.size(), out());
        assertEquals(byLikelihood, o.lines().filter(l -> l.startsWith("ranked by likelihood")).toList());
        assertTrue(byLikelihood.get(0).endsWith(String.format(java.util.Locale.ROOT, "test match@3 %.2f",
                m.get("test_matching_precision_by_likelihood").getAsDouble())), byLikelihood + " vs " + m);
    }

    /** The validation and test match@K lines of a run's output, in order. */
    private static java.util.List<String> matchLines(String output) {
        return output.lines().filter(l -> l.startsWith("validation match@") || l.startsWith("test match@")).toList();
    }

    /** Trains a tiny bbc model on {@code source} (plus fast settings), saves it and returns train's output. */
    private String trainTiny(Path model, String... source) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train"));
        args.addAll(java.util.List.of(source));
        args.addAll(java.util.List.of("--bits", "8", "--epochs", "1", "--vocab-size", "2000", "--batch-size", "64",
                "--prior-steps", "1", "--quiet", "--device", "cpu", "--save", model.toString()));
        assertEquals(0, Main.run(args.toArray(new String[0])), err());
        return out();
    }

    @Test
    void evalOfAPairsFromModelPrintsTrainsBestEpochScores() throws Exception {
        Path model = dir.resolve("halves.ammi");
        String trained = trainTiny(model, "--pairs-from", "bbc");
        java.util.List<String> lines = matchLines(trained);
        assertEquals(2, lines.size(), trained);
        String distinct = trained.lines().filter(l -> l.startsWith("distinct codes on")).findFirst().orElseThrow();

        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--device", "cpu"), err());
        assertEquals(lines, matchLines(out()));
        assertTrue(out().contains(distinct), out());

        out.reset(); // --top-k scores the same codes at another K
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--device", "cpu", "--top-k", "10"), err());
        assertEquals(2, matchLines(out()).size(), out());
        assertTrue(matchLines(out()).get(0).startsWith("validation match@10 "), out());
        assertTrue(matchLines(out()).get(1).startsWith("test match@10 "), out());

        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString(), "--data", "bbc"));
        assertOneErrorLine("halves.ammi", "--data", "pairs-from:bbc");

        // Without --data, encode codes one side of the model's own pairs, in pair order: the
        // matching precision computed from the two files is the test line training printed.
        Path xc = dir.resolve("x.codes"), yc = dir.resolve("y.codes");
        out.reset();
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--split", "test", "--side", "x", "--out", xc.toString()), err());
        assertTrue(out().contains("by q(z|x)") && out().contains("the x articles of pairs-from:bbc"), out());
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--split", "test", "--side", "y", "--out", yc.toString()), err());
        ammi.eval.PackedCodes x = ammi.search.CodesFile.read(xc), y = ammi.search.CodesFile.read(yc);
        assertEquals(x.count(), y.count());
        java.util.List<String> xIds = Files.readAllLines(ammi.search.DocIds.pathFor(xc)), yIds = Files.readAllLines(ammi.search.DocIds.pathFor(yc));
        assertEquals(xIds.size(), yIds.size());
        java.util.Map<String, String> firstLine = new java.util.HashMap<>();
        for (ammi.data.Document d : ammi.data.Datasets.documents("bbc")) firstLine.put(d.id(), ammi.data.Document.firstLine(d.text()));
        for (int i = 0; i < xIds.size(); i++) {
            String[] xf = xIds.get(i).split("\t", 4), yf = yIds.get(i).split("\t", 4);
            assertEquals(java.util.List.of(xf).subList(0, 3), java.util.List.of(yf).subList(0, 3), "code i of one side is the partner of code i of the other");
            assertEquals(firstLine.get(xf[2]), xf[3], "an X half starts where its document does");
            assertTrue(!yf[3].isEmpty() && !yf[3].equals(xf[3]), "the Y half's own first line: " + yIds.get(i));
        }
        assertEquals(lines.get(1), String.format(java.util.Locale.ROOT, "test match@100 %.2f",
                ammi.eval.MatchingPrecision.matchingAtK(x, y, 100)));
        Path tx = dir.resolve("tx.codes"), ty = dir.resolve("ty.codes");
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--split", "train", "--side", "x", "--out", tx.toString()), err());
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--split", "train", "--side", "y", "--out", ty.toString()), err());
        ammi.eval.PackedCodes train = ammi.eval.PackedCodes.concat(ammi.search.CodesFile.read(tx), ammi.search.CodesFile.read(ty));
        assertEquals(distinct, "distinct codes on the " + train.count() + " training articles (X and Y): " + train.distinctCodes());
    }

    /** eval --model prints the validation and test match lines that training printed. */
    private void assertEvalRepeats(Path model, String trained) {
        java.util.List<String> lines = matchLines(trained);
        assertEquals(2, lines.size(), trained);
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--device", "cpu"), err());
        assertEquals(lines, matchLines(out()));
    }

    /** --val-distractors changes only the early-stopping signal: the final scores are the plain ones, as eval recomputes them. */
    @Test
    void valDistractorsKeepThePlainFinalScores() throws Exception {
        Path model = dir.resolve("vd.ammi");
        String trained = trainTiny(model, "--pairs-from", "bbc", "--val-distractors");
        assertTrue(trained.contains("each validation X against its 149 Y articles and the 1341 training Y articles (--val-distractors)"), trained);
        assertEvalRepeats(model, trained);
        err.reset();
        assertEquals(1, Main.run("train", "--data", "bbc", "--val-distractors", "--epochs", "1"));
        assertOneErrorLine("--val-distractors", "--pairs");
    }

    /** A grid search with --val-distractors ranks its runs by the score their early stopping read, and records it. */
    @Test
    void gridSearchWithValDistractorsRanksByTheStoppingScore() throws Exception {
        Path csv = dir.resolve("runs.csv");
        assertEquals(0, Main.run("train", "--pairs-from", "bbc", "--val-distractors", "--runs", "3", "--bits", "8", "--epochs", "2",
                "--vocab-size", "2000", "--device", "cpu", "--runs-csv", csv.toString()), err());
        String printed = out();
        java.util.List<String> rows = java.nio.file.Files.readAllLines(csv);
        java.util.List<String> header = ammi.model.RunsCsv.parse(rows.get(0));
        int val = header.indexOf("val_precision"), stop = header.indexOf("val_stopping"), run = header.indexOf("run");
        int bestRun = -1;
        double bestStop = Double.NEGATIVE_INFINITY;
        for (String row : rows.subList(1, rows.size())) {
            java.util.List<String> cells = ammi.model.RunsCsv.parse(row);
            double v = Double.parseDouble(cells.get(val)), st = Double.parseDouble(cells.get(stop));
            // the training articles as extra candidates make the stopping score the harder one
            assertTrue(st < v, "stopping " + st + " against plain validation " + v + " in " + row);
            assertTrue(printed.contains(String.format(java.util.Locale.ROOT, "(stopping score %.2f)", st)), printed);
            if (st > bestStop) {
                bestStop = st;
                bestRun = Integer.parseInt(cells.get(run));
            }
        }
        assertEquals(4, rows.size(), String.join("\n", rows));
        assertTrue(printed.contains("best run " + bestRun + " of 3:"), printed);
    }

    /** --both-directions trains each pair both ways; scores, training articles and the saved model stay those of the pairs as given. */
    @Test
    void bothDirectionsDoublesTheTrainingPairsOnly() throws Exception {
        Path model = dir.resolve("both.ammi");
        String trained = trainTiny(model, "--pairs-from", "bbc", "--tie-encoders", "--both-directions");
        assertTrue(trained.contains("--both-directions: 2682 training pairs per epoch (each of the 1341 as (x, y) and as (y, x))"), trained);
        assertTrue(trained.contains("distinct codes on the 2682 training articles (X and Y)"), trained);
        assertTrue(trained.lines().anyMatch(l -> l.startsWith("model:") && l.contains("--both-directions")), trained);
        assertEvalRepeats(model, trained);
        err.reset();
        assertEquals(1, Main.run("train", "--pairs-from", "bbc", "--both-directions", "--epochs", "1"));
        assertOneErrorLine("--both-directions", "--tie-encoders");
    }

    /**
     * --index-self-pairs trains on the stored test articles cut in two (as many as {@link ammi.pairs.PairBuilder#indexSelfPairs}
     * finds), says so, and the saved model remembers it: eval rebuilds the same pairs and repeats train's scores.
     */
    @Test
    void indexSelfPairsAddTheStoredArticlesAndEvalRepeatsTheScores() throws Exception {
        Path pairs = dir.resolve("idx.jsonl.gz"), model = dir.resolve("idx.ammi");
        assertEquals(0, Main.run("pairs", "build", "--data", "bbc", "--out", pairs.toString()), err());
        java.util.List<ammi.pairs.Pair> test = ammi.pairs.PairsFile.read(pairs, null).stream().filter(p -> "test".equals(p.split())).toList();
        int expected = ammi.pairs.PairBuilder.indexSelfPairs(test, ammi.pairs.PairBuilder.DEFAULT_MIN_TOKENS).size();
        assertTrue(expected > 100 && expected <= test.size(), expected + " of " + test.size());
        out.reset();
        String plain = trainTiny(dir.resolve("plain.ammi"), "--pairs", pairs.toString());
        int plainTrain = Integer.parseInt(plain.replaceAll("(?s).*?: (\\d+) train, .*", "$1"));
        out.reset();
        String trained = trainTiny(model, "--pairs", pairs.toString(), "--index-self-pairs");
        assertTrue(trained.contains("--index-self-pairs: " + expected + " train pairs cut from the test split's Y articles"), trained);
        assertTrue(trained.contains(": " + (plainTrain + expected) + " train, "), plainTrain + " + " + expected + " in " + trained);
        assertTrue(trained.contains("distinct codes on the " + 2 * (plainTrain + expected) + " training articles"), trained);
        assertEquals(plain.lines().filter(l -> l.contains(" validation, ")).map(l -> l.replaceAll(".*train, (\\d+ validation, \\d+ test).*", "$1")).toList(),
                trained.lines().filter(l -> l.contains(" validation, ")).map(l -> l.replaceAll(".*train, (\\d+ validation, \\d+ test).*", "$1")).toList());
        assertEvalRepeats(model, trained);

        err.reset();
        assertEquals(1, Main.run("train", "--data", "bbc", "--index-self-pairs", "--epochs", "1"));
        assertOneErrorLine("--index-self-pairs", "--pairs");
    }

    /** --index-from: a corpus of stored articles, cut in two and trained on; the model remembers the file, eval needs it. */
    @Test
    void indexFromACorpusIsTrainedOnAndEvalNeedsIt() throws Exception {
        Path stored = corpus(), model = dir.resolve("from.ammi");
        int expected = ammi.pairs.PairBuilder.indexPairs(ammi.data.Datasets.documents(stored.toString()), ammi.pairs.PairBuilder.DEFAULT_MIN_TOKENS).size();
        assertEquals(60, expected); // every document of corpus() has a middle sentence boundary
        String plain = trainTiny(dir.resolve("plain.ammi"), "--pairs-from", "bbc");
        int plainTrain = Integer.parseInt(plain.replaceAll("(?s).*?: (\\d+) train, .*", "$1"));
        out.reset();
        String trained = trainTiny(model, "--pairs-from", "bbc", "--index-from", stored.toString());
        assertTrue(trained.contains("--index-from " + stored + ": 60 of its 60 documents cut into train pairs"), trained);
        assertTrue(trained.contains(": " + (plainTrain + 60) + " train, "), trained);
        assertTrue(trained.contains("; 60 of the train pairs cut from the stored articles (index adaptation)"), trained);
        assertEvalRepeats(model, trained);

        Files.delete(stored);
        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("from.ammi", "--index-from", stored.toString(), "no longer exists");
        err.reset();
        assertEquals(1, Main.run("train", "--data", "bbc", "--index-from", "bbc", "--epochs", "1"));
        assertOneErrorLine("--index-from", "--pairs");
    }

    /**
     * --index-from the pairs' own corpus: its validation and test documents are whole held-out
     * articles (query half too), so they are left out by id and only the train documents are cut
     * again, the same cut as their pairs: twice the train pairs.
     */
    @Test
    void indexFromThePairsOwnCorpusLeavesOutHeldOutArticles() throws Exception {
        Path c = corpus(), model = dir.resolve("own.ammi");
        String trained = trainTiny(model, "--pairs-from", c.toString(), "--index-from", c.toString());
        java.util.regex.Matcher built = java.util.regex.Pattern.compile("built 60 pairs from \\S+ \\((\\d+) train, (\\d+) validation, (\\d+) test\\)")
                .matcher(trained);
        assertTrue(built.find(), trained);
        int train = Integer.parseInt(built.group(1)), heldOut = Integer.parseInt(built.group(2)) + Integer.parseInt(built.group(3));
        assertEquals(12, Integer.parseInt(built.group(3)), trained); // the corpus's 12 test documents
        assertTrue(trained.contains("--index-from " + c + ": left out " + heldOut + " of them, the articles of validation or test pairs"), trained);
        assertTrue(trained.contains(": " + 2 * train + " train, "), trained);
        assertTrue(trained.contains("; " + train + " of the train pairs cut from the stored articles (index adaptation)"), trained);
        assertEvalRepeats(model, trained);

        Files.delete(c);
        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("own.ammi", "--pairs-from", c.toString(), "no longer exists");
    }

    @Test
    void tiedEncodersModelReloadsAndBadUseIsOneLine() throws Exception {
        Path model = dir.resolve("tied.ammi");
        String trained = trainTiny(model, "--pairs-from", "bbc", "--tie-encoders");
        assertTrue(trained.contains("--tie-encoders"), trained);
        assertEvalRepeats(model, trained);

        err.reset();
        assertEquals(1, Main.run("train", "--data", "bbc", "--tie-encoders", "--epochs", "1"));
        assertOneErrorLine("--tie-encoders", "--pairs");
        err.reset();
        assertEquals(1, Main.run("train", "--pairs-from", "bbc", "--tie-encoders", "--order-x", "1"));
        assertOneErrorLine("--tie-encoders", "--order-x");
    }

    /**
     * A predictive model codes a corpus with either encoder, and search codes text queries with
     * the other one: the ranking of a query is the (Hamming distance, index) order of
     * q(z|x)(query) against the p(z|y) codes of the index, computed here from the model directly.
     */
    @Test
    void predictiveModelEncodesEitherSideAndSearchQueriesThroughTheOther() throws Exception {
        Path pairsFile = dir.resolve("p.jsonl.gz"), model = dir.resolve("pm.ammi");
        assertEquals(0, Main.run("pairs", "build", "--data", "bbc", "--out", pairsFile.toString()), err());
        trainTiny(model, "--pairs", pairsFile.toString());
        // The Y halves of the test pairs as a corpus to index.
        java.util.List<ammi.pairs.Pair> test = ammi.pairs.PairsFile.read(pairsFile, null).stream()
                .filter(p -> "test".equals(p.split())).limit(40).toList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < test.size(); i++) {
            ammi.pairs.Pair p = test.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("id", p.id());
            o.addProperty("split", i % 8 == 7 ? "test" : "train");
            com.google.gson.JsonArray labels = new com.google.gson.JsonArray();
            labels.add("none");
            o.add("labels", labels);
            o.addProperty("text", p.y());
            sb.append(o).append('\n');
        }
        Path halves = dir.resolve("yhalves.jsonl");
        Files.writeString(halves, sb.toString());
        Path yCodes = dir.resolve("y.codes"), xCodes = dir.resolve("x.codes");
        out.reset();
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--data", halves.toString(), "--split", "train",
                "--out", yCodes.toString()), err());
        assertTrue(out().contains("by p(z|y)"), out());
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--data", halves.toString(), "--split", "train",
                "--side", "x", "--out", xCodes.toString()), err());
        ammi.eval.PackedCodes y = ammi.search.CodesFile.read(yCodes), x = ammi.search.CodesFile.read(xCodes);
        assertTrue(y.count() > 20 && y.count() == x.count(), y.count() + " codes");
        int differ = 0;
        for (int i = 0; i < y.count(); i++) if (y.distance(i, x, i) > 0) differ++;
        assertTrue(differ > 0, "two untied encoders code the same articles differently");

        String query = test.get(3).x();
        int[] expected;
        try (SavedModel saved = SavedModel.open(model)) {
            assertEquals(0, saved.encode(saved.loadCorpus(halves.toString()).train().x()).distance(0, y, 0), "index holds p(z|y) codes");
            ammi.eval.PackedCodes q = saved.encode(saved.vectorize(query, "q"), SavedModel.Side.x);
            Integer[] order = new Integer[y.count()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingInt(i -> q.distance(0, y, i)).thenComparingInt(i -> i));
            expected = new int[5];
            for (int r = 0; r < 5; r++) expected[r] = order[r];
        }
        out.reset();
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", yCodes.toString(), "--k", "5", query), err());
        assertTrue(out().contains("coded by q(z|x)"), out());
        java.util.List<String> rows = out().lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+train:.*")).toList();
        assertEquals(5, rows.size(), out());
        for (int r = 0; r < 5; r++) assertTrue(rows.get(r).contains("train:" + expected[r] + " "), r + ": " + rows.get(r) + " expected train:" + expected[r]);

        out.reset(); // an index of q(z|x) codes is queried through p(z|y)
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", xCodes.toString(), "--k", "3", query), err());
        assertTrue(out().contains("coded by p(z|y)"), out());

        // --rank likelihood: the query keeps the other encoder's conditionals (q(z|x) for a y index,
        // p(z|y) for an x index); the indexed codes come back by log-probability under it.
        for (boolean yIndex : new boolean[] {true, false}) {
            ammi.eval.PackedCodes idx = yIndex ? y : x;
            int[] want = new int[4];
            double[] wantScore = new double[4];
            try (SavedModel saved = SavedModel.open(model)) {
                ammi.eval.CodeLikelihood q = saved.likelihood(saved.vectorize(query, "q"), yIndex ? SavedModel.Side.x : SavedModel.Side.y);
                Integer[] order = new Integer[idx.count()];
                for (int i = 0; i < order.length; i++) order[i] = i;
                java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingDouble(i -> -q.logLikelihood(0, idx, i)).thenComparingInt(i -> i));
                for (int r = 0; r < 4; r++) {
                    want[r] = order[r];
                    wantScore[r] = q.logLikelihood(0, idx, order[r]);
                }
            }
            out.reset();
            assertEquals(0, Main.run("search", "--model", model.toString(), "--index", (yIndex ? yCodes : xCodes).toString(), "--k", "4",
                    "--rank", "likelihood", query), err());
            assertTrue(out().contains(yIndex ? "under q(z|x)" : "under p(z|y)"), out());
            java.util.List<String[]> got = out().lines().filter(l -> l.matches("\\s*\\d+\\s+-?[0-9.]+\\s+train:.*"))
                    .map(l -> l.strip().split("\\s+")).toList();
            assertEquals(4, got.size(), out());
            for (int r = 0; r < 4; r++) {
                assertEquals("train:" + want[r], got.get(r)[2], "rank " + (r + 1));
                assertEquals(wantScore[r], Double.parseDouble(got.get(r)[1]), 0.005, "rank " + (r + 1));
            }
        }

        err.reset();
        Path plain = dir.resolve("plain.ammi");
        assertEquals(0, Main.run("train", "--data", "bbc", "--bits", "8", "--epochs", "1", "--quiet", "--save", plain.toString()), err());
        err.reset();
        assertEquals(1, Main.run("encode", "--model", plain.toString(), "--side", "x", "--out", dir.resolve("z.codes").toString()));
        assertOneErrorLine("--side x", "unsupervised");
    }

    @Test
    void evalOfAPairsFileModelPrintsTrainsBestEpochScores() throws Exception {
        Path pairs = dir.resolve("f.jsonl.gz"), model = dir.resolve("file.ammi");
        assertEquals(0, Main.run("pairs", "build", "--data", "bbc", "--out", pairs.toString()), err());
        out.reset();
        java.util.List<String> lines = matchLines(trainTiny(model, "--pairs", pairs.toString()));
        assertEquals(2, lines.size());

        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--device", "cpu"), err());
        assertEquals(lines, matchLines(out()));

        Files.delete(pairs);
        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("file.ammi", pairs.toString(), "no longer exists");
    }

    @Test
    void gridSearchOverPairsSavesTheBestRunAndResumes() throws Exception {
        Path model = dir.resolve("search.ammi"), csv = dir.resolve("search.runs.csv");
        String[] search = {"train", "--pairs-from", "bbc", "--runs", "2", "--bits", "8", "--epochs", "1", "--vocab-size", "2000",
                "--batch-size", "64", "--prior-steps", "1", "--reorder-bits", "--device", "cpu", "--save", model.toString()};
        assertEquals(0, Main.run(search), err());
        String best = out().lines().filter(l -> l.startsWith("best run ")).findFirst().orElseThrow();
        assertTrue(best.contains("validation match@100"), best);
        assertEquals(3, Files.readAllLines(csv).size(), "a header and two runs");
        for (String row : Files.readAllLines(csv).subList(1, 3)) assertTrue(row.contains("--reorder-bits"), "fixed options stay: " + row);
        // the saved model is the best run's: eval gives its validation score
        String val = best.replaceAll(".*validation match@100 ([0-9.]+),.*", "$1");
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--device", "cpu"), err());
        assertTrue(out().contains("validation match@100 " + val), val + " vs " + out());

        out.reset(); // one more run: --resume trains only run 3
        String[] more = search.clone();
        more[4] = "3";
        java.util.List<String> resumed = new java.util.ArrayList<>(java.util.List.of(more));
        resumed.add("--resume");
        assertEquals(0, Main.run(resumed.toArray(new String[0])), err());
        assertTrue(out().contains("2 of 3 runs done"), out());
        assertEquals(4, Files.readAllLines(csv).size());

        err.reset();
        assertEquals(1, Main.run("train", "--pairs-from", "bbc", "--checkpoint-every", "1"));
        assertOneErrorLine("--checkpoint-every", "--runs N");
    }

    @Test
    void pairsErrorsAreOneLine() throws Exception {
        Path c = corpus();
        Path pairs = dir.resolve("p.jsonl");
        Files.writeString(pairs, "{\"x_id\": \"d1\", \"y_id\": \"d2\"}\n{\"x_id\": \"d3\", \"y_id\": \"nope\"}\n");
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--pairs-corpus", c.toString()));
        assertOneErrorLine("p.jsonl:2", "nope");

        // the user trial's file: an unknown split, named with its line
        Path badSplit = dir.resolve("badsplit.jsonl");
        Files.writeString(badSplit, "{\"id\": \"p1\", \"split\": \"train\", \"x\": \"a b\", \"y\": \"c d\"}\n"
                + "{\"id\": \"p9\", \"split\": \"tset\", \"x\": \"a b\", \"y\": \"c d\"}\n");
        err.reset();
        assertEquals(1, Main.run("train", "--pairs", badSplit.toString()));
        assertOneErrorLine("badsplit.jsonl:2: pair p9 has split 'tset' (expected train, validation or test");

        err.reset();
        assertEquals(1, Main.run("train", "--pairs-from", c.toString(), "--order-posterior", "1", "--order-x", "0"));
        assertOneErrorLine("--order-x");

        err.reset();
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--data", "bbc"));
        assertOneErrorLine("--data");

        err.reset();
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--pairs-corpus", c.toString(), "--clean"));
        assertOneErrorLine("--clean");
    }

    /** Pairs are cut from any text corpus: a folder tree and every named corpus; vectorised input is one error line. */
    @Test
    void buildReadsFoldersAndEveryNamedCorpus() throws Exception {
        Path root = dir.resolve("tree");
        for (String label : new String[] {"fruit", "cars"}) {
            Files.createDirectories(root.resolve(label));
            for (int i = 0; i < 3; i++)
                Files.writeString(root.resolve(label).resolve("doc" + i + ".txt"),
                        "The " + label + " story number " + i + " begins with sellers and buyers at market. "
                                + "Then it goes on about " + label + " prices, weather and harvest for a while.");
        }
        assertEquals(0, Main.run("pairs", "build", "--data", root.toString(), "--out", dir.resolve("tree.jsonl").toString()), err());
        assertTrue(out().contains("6 pairs"), out());
        assertEquals(6, Files.readAllLines(dir.resolve("tree.jsonl")).size());

        out.reset();
        assertEquals(0, Main.run("pairs", "build", "--data", "reuters90", "--out", dir.resolve("r90.jsonl.gz").toString()), err());
        assertTrue(out().contains("pairs ("), out());

        err.reset();
        assertEquals(1, Main.run("pairs", "build", "--data", dir.resolve("vectors.svm").toString(), "--out", dir.resolve("v.jsonl").toString()));
        assertOneErrorLine("vectors.svm", "no text");
        assertTrue(Files.notExists(dir.resolve("v.jsonl")));

        // a corpus whose documents are all train: train --pairs would refuse the file, so it is not written
        Path allTrain = dir.resolve("train-only.jsonl");
        Files.writeString(allTrain, Files.readString(corpus()).replace("\"split\": \"test\"", "\"split\": \"train\""));
        err.reset();
        assertEquals(1, Main.run("pairs", "build", "--data", allTrain.toString(), "--out", dir.resolve("t.jsonl").toString()));
        assertOneErrorLine("train-only.jsonl", "no test pairs");
        assertTrue(Files.notExists(dir.resolve("t.jsonl")));

        err.reset();
        assertEquals(1, Main.run("pairs", "build", "--data", allTrain.toString(), "--out", allTrain.toString()));
        assertOneErrorLine("--out", "--data");
    }

    @Test
    void buildCleanCountsPostsLeftEmpty() throws Exception {
        Path c = dir.resolve("posts.jsonl");
        Files.writeString(c, "{\"id\": \"a\", \"split\": \"test\", \"text\": \"From: jo@foo.edu\\n\\nAlpha beta gamma delta epsilon. Zeta theta iota kappa lambda.\"}\n"
                + "{\"id\": \"b\", \"split\": \"train\", \"text\": \"From: al@x.org\\n\\n> Only quoted text. Nothing of my own here at all.\"}\n"
                + "{\"id\": \"c\", \"split\": \"train\", \"text\": \"Mu nu xi omicron pi rho. Sigma tau upsilon phi chi psi.\"}\n");
        Path pairs = dir.resolve("clean.jsonl");
        assertEquals(0, Main.run("pairs", "build", "--data", c.toString(), "--out", pairs.toString(), "--clean"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("2 pairs (1 train, 0 validation, 1 test)") && o.contains("dropped 1 documents") && o.contains("1 empty after cleaning"), o);
        assertTrue(Files.readString(pairs).contains("\"x\":\"Alpha beta gamma delta epsilon.\""), Files.readString(pairs));
    }

    @Test
    void cutsAddTrainPairsButNotTrainingArticles() throws Exception {
        // each post: boundaries after sentences 1, 2, 3 at 2L+12, 3L+30, 4L+52 of 5L+73 characters (L = the topic's
        // length, 30-33): the middle cut takes the second, the 1/3 target the first, the 2/3 target the third, which
        // leaves under a quarter after it; so one further cut per train post
        Path pairs = dir.resolve("cut.jsonl");
        assertEquals(0, Main.run("pairs", "build", "--data", corpus().toString(), "--out", pairs.toString(), "--cuts", "3"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("103 pairs (86 train, 5 validation, 12 test)") && o.contains("43 of the train pairs come from further cuts"), o);
        out.reset();
        Path model = dir.resolve("cuts.ammi");
        assertEquals(0, Main.run("train", "--pairs-from", corpus().toString(), "--cuts", "3", "--bits", "8", "--epochs", "1",
                "--top-k", "3", "--min-df", "1", "--quiet", "--save", model.toString()), err.toString(StandardCharsets.UTF_8));
        o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("86 train, 5 validation, 12 test pairs"), o);
        assertTrue(o.contains("distinct codes on the 86 training articles"), o); // 43 posts, counted once each
        out.reset(); // eval rebuilds the same cuts
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        assertTrue(out().contains("; 43 train pairs from further cuts (--cuts 3)"), out());
        assertEquals(matchLines(o), matchLines(out()));
        err.reset();
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--cuts", "2"));
        assertOneErrorLine("--cuts");
        err.reset();
        assertEquals(1, Main.run("pairs", "build", "--data", corpus().toString(), "--out", pairs.toString(), "--cuts", "0"));
        assertOneErrorLine("--cuts");
    }

    @Test
    void validationDrawnFromAFileWithCutsTakesWholeDocuments() throws Exception {
        // 48 train posts, each with one further cut, no validation in the file: train --pairs draws round(0.1 * 48) = 5
        // posts, as pairs build does, keeping their middle cut; the other 43 keep both cuts
        Path pairs = dir.resolve("cut0.jsonl");
        assertEquals(0, Main.run("pairs", "build", "--data", corpus().toString(), "--out", pairs.toString(), "--cuts", "3",
                "--validation-fraction", "0"), err());
        assertTrue(out().contains("108 pairs (96 train, 0 validation, 12 test)"), out());
        out.reset();
        Path model = dir.resolve("cut0.ammi");
        assertEquals(0, Main.run("train", "--pairs", pairs.toString(), "--bits", "8", "--epochs", "1", "--top-k", "3", "--min-df", "1",
                "--quiet", "--save", model.toString()), err());
        assertTrue(out().contains("86 train, 5 validation, 12 test pairs, V = ")
                && out().contains("; 5 further cuts of documents drawn into validation or test left out"), out());
        assertTrue(out().contains("distinct codes on the 86 training articles"), out()); // 43 posts, counted once each
        String trained = out();
        // the same pairs in the same splits as a file built with the validation draw
        Path drawnByBuild = dir.resolve("cut10.jsonl");
        assertEquals(0, Main.run("pairs", "build", "--data", corpus().toString(), "--out", drawnByBuild.toString(), "--cuts", "3"), err());
        PairDataset a = PairsSource.parse("pairs:" + pairs).load(ammi.data.DataOptions.defaults().withMinDf(1), null, l -> { });
        PairDataset b = PairsSource.parse("pairs:" + drawnByBuild).load(ammi.data.DataOptions.defaults().withMinDf(1), null, l -> { });
        for (String s : new String[] {"train", "validation", "test"}) {
            PairSplit sa = split(a, s), sb = split(b, s);
            assertArrayEquals(sb.ids(), sa.ids(), s);
            assertArrayEquals(sb.xFirstLines(), sa.xFirstLines(), s);
        }
        out.reset(); // eval draws the same split again
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        assertEquals(2, matchLines(trained).size(), trained);
        assertEquals(matchLines(trained), matchLines(out()));
    }

    private static PairSplit split(PairDataset d, String name) {
        return switch (name) {
            case "train" -> d.train();
            case "validation" -> d.validation();
            default -> d.test();
        };
    }

    @Test
    void bagOfWordsLineNamesBinaryVectorsUnderNoTfidf() throws Exception {
        assertEquals(0, Main.run("train", "--pairs-from", corpus().toString(), "--no-tfidf", "--bits", "8", "--epochs", "1",
                "--top-k", "3", "--min-df", "1", "--quiet"), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("BOW (binary cosine, V = "), o);
        assertTrue(!o.contains("TF-IDF cosine"), o);
    }
}
