package ammi.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corpus formats through the command line: dataset info, export, and training on exported files. */
class CorpusCliTest extends CliTestBase {

    private String line(String prefix) {
        return out().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " missing from:\n" + out()));
    }

    private static final String[] QUICK = {"--vocab-size", "1500", "--bits", "8", "--epochs", "1", "--batch-size", "32",
            "--prior-steps", "1", "--quiet", "--threads", "1", "--seed", "7"};

    private String[] train(String data, String... extra) {
        String[] args = new String[3 + QUICK.length + extra.length];
        args[0] = "train";
        args[1] = "--data";
        args[2] = data;
        System.arraycopy(QUICK, 0, args, 3, QUICK.length);
        System.arraycopy(extra, 0, args, 3 + QUICK.length, extra.length);
        return args;
    }

    /** "A dataset exported to .mat (or LibSVM) and trained on again gives the same P@100 as the original." */
    @Test
    void exportedMatAndLibSvmTrainToTheSamePrecision() throws Exception {
        Path mat = dir.resolve("bbc.mat");
        Path svm = dir.resolve("bbc.svm");
        assertEquals(0, Main.run("export", "--data", "bbc", "--max-docs", "400", "--vocab-size", "1500", "--out", mat.toString()), err());
        assertEquals(0, Main.run("export", "--data", "bbc", "--max-docs", "400", "--vocab-size", "1500", "--out", svm.toString()), err());
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
        assertTrue(Files.exists(dir.resolve("bbc.val.svm")) && Files.exists(dir.resolve("bbc.test.svm")));

        out.reset();
        Path ref = dir.resolve("ref.json");
        assertEquals(0, Main.run(train("bbc", "--max-docs", "400", "--metrics-out", ref.toString())), err());
        String val = line("validation P@100"), test = line("test P@100");
        for (Path p : new Path[] {mat, svm}) {
            out.reset();
            Path metrics = dir.resolve(p.getFileName() + ".json");
            Path model = dir.resolve(p.getFileName() + ".ammi");
            assertEquals(0, Main.run(train(p.toString(), "--metrics-out", metrics.toString(), "--save", model.toString())), err());
            assertEquals(val, line("validation P@100"), p.toString());
            assertEquals(test, line("test P@100"), p.toString());
            // exactly, not only to the printed two decimals
            assertEquals(precisions(ref), precisions(metrics), p.toString());
            // no vocabulary in such a model: text, even with V = 1500 columns, would be read through a fresh one
            err.reset();
            assertEquals(1, Main.run("encode", "--model", model.toString(), "--data", "bbc", "--out", dir.resolve("x.codes").toString()));
            assertOneErrorLine(model.getFileName().toString(), "no vocabulary", "bbc");
            assertFalse(Files.exists(dir.resolve("x.codes")));
        }
    }

    private static String precisions(Path metricsJson) throws java.io.IOException {
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(metricsJson)).getAsJsonObject();
        return o.get("val_precision").getAsString() + " " + o.get("test_precision").getAsString();
    }

    @Test
    void tokenFiltersAreSavedWithTheModel() throws Exception {
        Path model = dir.resolve("m.ammi");
        assertEquals(0, Main.run(train("bbc", "--max-docs", "300", "--stem", "--stopwords", "none", "--min-token-length", "3",
                "--save", model.toString())), err());
        String test = line("test P@100");
        ammi.model.Checkpoint ckpt = ammi.model.Checkpoint.read(model);
        assertEquals("stopwords=none, stem=true, minTokenLength=3", ckpt.vocabulary().tokenizer().toString());
        assertTrue(ckpt.dataOptions().stem());
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        assertEquals(test, line("test P@100"));
    }

    /** The weighting is part of the saved vocabulary: eval reads the corpus through it, to the same precision. */
    @Test
    void sublinearTfIsSavedWithTheModel() throws Exception {
        Path model = dir.resolve("sub.ammi");
        assertEquals(0, Main.run(train("bbc", "--max-docs", "300", "--sublinear-tf", "--save", model.toString())), err());
        String test = line("test P@100");
        ammi.model.Checkpoint ckpt = ammi.model.Checkpoint.read(model);
        assertTrue(ckpt.vocabulary().sublinearTf());
        assertTrue(ckpt.dataOptions().sublinearTf());
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        assertEquals(test, line("test P@100"));

        out.reset();
        assertEquals(0, Main.run("baseline", "bow", "--data", "bbc", "--max-docs", "300", "--sublinear-tf"), err());
        assertTrue(out().contains("BOW (sublinear TF-IDF cosine"), out());
        out.reset();
        assertEquals(0, Main.run("dataset", "info", "bbc", "--max-docs", "100", "--sublinear-tf"), err());
        assertTrue(out().contains("sublinear TF-IDF, fitted on"), out());
        err.reset();
        assertEquals(1, Main.run("dataset", "info", "bbc", "--sublinear-tf", "--no-tfidf"));
        assertOneErrorLine("--sublinear-tf", "--no-tfidf");
    }

    @Test
    void datasetInfoPrintsTheSummary() {
        assertEquals(0, Main.run("dataset", "info", "bbc", "--max-docs", "200", "--stem", "--top-labels", "2"), err());
        String o = out();
        assertTrue(o.contains("documents: train 180, validation 20, test 200 (total 400)"), o);
        assertTrue(o.contains("labels: 5 "), o);
        assertTrue(o.contains("top labels (documents, all splits): "), o);
        assertTrue(o.contains("vocabulary: ") && o.contains("stem=true"), o);
        assertTrue(o.contains("average non-zeros per document: train "), o);
        assertTrue(o.contains("empty documents dropped: train 0, validation 0, test 0"), o);
    }

    /**
     * dataset info of pairs: the splits, vocabulary and each side's average non-zeros of the very
     * pairs train loads (PairsSource), with train's pair options.
     */
    @Test
    void datasetInfoOfPairsPrintsThePairsTrainLoads() {
        assertEquals(0, Main.run("dataset", "info", "--pairs-from", "bbc", "--cuts", "2", "--index-self-pairs", "--vocab-size", "3000"), err());
        String o = out();
        ammi.pairs.PairDataset ds = new PairsSource(null, null, "bbc", false, 2, true, null)
                .load(ammi.data.DataOptions.defaults().withVocabSize(3000), null, line -> {});
        String counts = String.format(java.util.Locale.ROOT, "pairs: train %d, validation %d, test %d (total %d)", ds.train().size(),
                ds.validation().size(), ds.test().size(), ds.train().size() + ds.validation().size() + ds.test().size());
        assertTrue(o.contains(counts), counts + " in\n" + o);
        assertTrue(o.contains("train pairs cut from the stored articles (index adaptation): " + ds.indexPairs()), o);
        assertTrue(o.contains("vocabulary: 3000 terms (TF-IDF, fitted on " + ds.vocabulary().numDocs() + " training articles"), o);
        ammi.data.CsrMatrix tx = ds.test().x(), ty = ds.test().y();
        String test = String.format(java.util.Locale.ROOT, "test %.1f / %.1f", (double) tx.nnz() / tx.rows, (double) ty.nnz() / ty.rows);
        assertTrue(o.contains("average non-zeros per article (X / Y): train ") && o.contains(test), test + " in\n" + o);

        err.reset();
        assertEquals(1, Main.run("dataset", "info", "bbc", "--pairs-from", "bbc"));
        assertOneErrorLine("bbc", "--pairs");
        err.reset();
        assertEquals(1, Main.run("dataset", "info", "bbc", "--index-self-pairs"));
        assertOneErrorLine("--index-self-pairs", "--pairs");
    }

    /** A .mat file's empty rows are dropped and counted like every other format's. */
    @Test
    void datasetInfoCountsEmptyRowsOfAMatFile() {
        // rows 1 of train and 0 and 2 of test have no value; MatFiles.write keeps them as they are
        ammi.data.CsrMatrix train = new ammi.data.CsrMatrix(3, 2, new int[] {0, 1, 1, 2}, new int[] {0, 1}, new double[] {0.5, 0.25});
        ammi.data.CsrMatrix cv = new ammi.data.CsrMatrix(1, 2, new int[] {0, 1}, new int[] {1}, new double[] {1.0});
        ammi.data.CsrMatrix test = new ammi.data.CsrMatrix(4, 2, new int[] {0, 0, 1, 1, 2}, new int[] {0, 1}, new double[] {0.75, 2.0});
        ammi.data.Dataset ds = new ammi.data.Dataset("gaps",
                new ammi.data.Split("train", train, new int[][] {{0}, {1}, {0}}, new String[] {"a", "b", "c"}),
                new ammi.data.Split("validation", cv, new int[][] {{1}}, new String[] {"d"}),
                new ammi.data.Split("test", test, new int[][] {{0}, {1}, {0}, {1}}, new String[] {"e", "f", "g", "h"}),
                new String[] {"x", "y"}, null);
        Path mat = dir.resolve("gaps.mat");
        ammi.data.MatFiles.write(ds, mat);
        assertEquals(0, Main.run("dataset", "info", mat.toString()), err());
        assertTrue(out().contains("documents: train 2, validation 1, test 2 (total 5)"), out());
        assertTrue(out().contains("empty documents dropped: train 1, validation 0, test 2"), out());
    }

    @Test
    void exampleFilesInEveryFormatLoad() {
        for (String f : new String[] {"datasets/examples/reuters-sample.jsonl.gz", "datasets/examples/bbc-tree",
                "datasets/examples/reuters-sample.svm", "datasets/examples/reuters-sample.mat"}) {
            out.reset();
            assertEquals(0, Main.run("dataset", "info", f), f + ": " + err());
            assertTrue(out().contains("documents: train "), out());
        }
    }

    /** Without labels P@K cannot be measured: every epoch is trained and the last one kept; eval and baselines say why they cannot score. */
    @Test
    void aCorpusWithoutLabelsTrainsToTheLastEpoch() throws Exception {
        String[] topics = {"apple banana cherry grape melon", "engine wheel brake gear clutch", "river mountain forest valley lake"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++)
            sb.append(String.format("{\"id\": \"d%d\", \"split\": \"%s\", \"text\": \"%s w%d w%d\"}%n", i, i % 5 == 0 ? "test" : "train",
                    topics[i % 3], i % 7, i % 11));
        Path corpus = dir.resolve("unlabelled.jsonl");
        Files.writeString(corpus, sb.toString());
        Path model = dir.resolve("u.ammi");
        // --patience 0 would stop after epoch 2 if the flat 0.00 of unlabelled P@K were read as a score
        assertEquals(0, Main.run("train", "--data", corpus.toString(), "--min-df", "1", "--bits", "8", "--epochs", "3", "--patience", "0",
                "--save", model.toString()), err());
        String o = out();
        // unscored epochs are not starred as improvements (every one is kept in turn, none is picked)
        assertTrue(o.contains("val P@100    n/a   |"), o);
        assertFalse(o.contains("NaN *"), o);
        assertTrue(o.contains("note: unlabelled has no labels"), o);
        assertTrue(o.contains("best epoch 3 of 3"), o);
        assertTrue(o.contains("validation P@100 NaN"), o);

        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("has no labels");
        err.reset();
        assertEquals(1, Main.run("baseline", "bow", "--data", corpus.toString(), "--min-df", "1"));
        assertOneErrorLine("unlabelled", "has no labels");
        err.reset();
        assertEquals(1, Main.run("train", "--data", corpus.toString(), "--min-df", "1", "--runs", "2"));
        assertOneErrorLine("--runs", "has no labels");
        // with labels, but fewer training documents than K: said, since P@100 is then the labels' share
        Path labelled = dir.resolve("labelled.jsonl");
        Files.writeString(labelled, sb.toString().replace("\"split\"", "\"labels\": [\"a\"], \"split\""));
        out.reset();
        assertEquals(0, Main.run("baseline", "bow", "--data", labelled.toString(), "--min-df", "1"), err());
        assertTrue(out().contains("training documents, fewer than K = 100: P@100 counts every one of them"), out());
        assertTrue(out().contains("test P@100 100.00"), out());
    }

    @Test
    void badCorporaAreOneLine() throws Exception {
        Path svm = dir.resolve("bad.svm");
        Files.writeString(svm, "a 1:1\nb 3:x\n");
        assertEquals(1, Main.run("dataset", "info", svm.toString()));
        assertOneErrorLine("bad.svm:2", "value 'x'");

        err.reset();
        Path flat = dir.resolve("flat");
        Files.createDirectories(flat);
        Files.writeString(flat.resolve("a.txt"), "text");
        assertEquals(1, Main.run("train", "--data", flat.toString()));
        assertOneErrorLine("flat", "no label folders");

        err.reset();
        Path notext = dir.resolve("notext.jsonl");
        Files.writeString(notext, "{\"id\": 1, \"labels\": [\"a\"], \"title\": \"no text\"}\n");
        assertEquals(1, Main.run("dataset", "info", notext.toString()));
        assertOneErrorLine("notext.jsonl:1", "no \"text\" field");

        err.reset();
        assertEquals(1, Main.run("dataset", "info", "bbc", "--stopwords", "klingon"));
        assertOneErrorLine("klingon", "english or none");

        err.reset();
        Path out = dir.resolve("x.csv");
        assertEquals(1, Main.run("export", "--data", "bbc", "--out", out.toString()));
        assertOneErrorLine("x.csv", ".mat or .svm");
    }
}
