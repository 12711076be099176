package ammi.model;

import ammi.backend.Backend;
import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --checkpoint-every / --resume: a run stopped after any epoch (or mid-epoch, by a crash) and
 * resumed from its checkpoint file ends bit for bit where the uninterrupted run ends.
 */
class ResumeTest {
    static Dataset bbc;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        bbc = Datasets.load("bbc", DataOptions.defaults().withVocabSize(1500));
    }

    static AmmiConfig small() {
        AmmiConfig c = new AmmiConfig();
        c.bits = 16;
        c.epochs = 3;
        c.batchSize = 64;
        c.priorSteps = 2;
        c.hidden = 12;
        c.layers = 1;
        c.seed = 11;
        return c;
    }

    record Run(Trainer.Result result, List<Path> checkpoints) {}

    /** Trains from scratch, writing a checkpoint file after every epoch. */
    Run uninterrupted(AmmiConfig c, String tag) {
        List<Path> files = new ArrayList<>();
        try (CpuBackend backend = new CpuBackend(c, bbc.train().x())) {
            Trainer.Result r = new Trainer(backend, bbc, c).checkpointEvery(1, state -> {
                Path f = dir.resolve(tag + "-epoch" + state.epochsDone() + ".ckpt");
                Checkpoint.resumable(c, "bbc", bbc.vocabulary() == null ? null : DataOptions.defaults(), bbc.vocabulary(), state).write(f);
                files.add(f);
            }).train(new Trainer.Listener() {});
            return new Run(r, files);
        }
    }

    static Trainer.Result resume(Path file) {
        Checkpoint ckpt = Checkpoint.read(file);
        assertNotNull(ckpt.training(), "a resumable checkpoint holds a training state");
        AmmiConfig c = ckpt.config();
        try (CpuBackend backend = new CpuBackend(c, bbc.train().x())) {
            return new Trainer(backend, bbc, c).resume(ckpt.training(), new Trainer.Listener() {});
        }
    }

    static void assertSameRun(Trainer.Result expected, Trainer.Result actual) {
        assertEquals(expected.valPrecision(), actual.valPrecision(), 0.0);
        assertEquals(expected.testPrecision(), actual.testPrecision(), 0.0);
        assertEquals(expected.bestEpoch(), actual.bestEpoch());
        assertEquals(expected.stopReason(), actual.stopReason());
        assertEquals(expected.epochs().size(), actual.epochs().size());
        for (int e = 0; e < expected.epochs().size(); e++) {
            Trainer.EpochReport a = expected.epochs().get(e), b = actual.epochs().get(e);
            assertEquals(a.loss(), b.loss(), 0.0, "loss of epoch " + a.epoch());
            assertEquals(a.conditionalEntropy(), b.conditionalEntropy(), 0.0);
            assertEquals(a.crossEntropy(), b.crossEntropy(), 0.0);
            assertEquals(a.valPrecision(), b.valPrecision(), 0.0);
        }
        assertEquals(expected.parameters().keySet(), actual.parameters().keySet());
        for (Map.Entry<String, double[]> e : expected.parameters().entrySet()) {
            assertArrayEquals(e.getValue(), actual.parameters().get(e.getKey()), 0.0, e.getKey());
        }
    }

    @Test
    void resumingAfterAnyEpochGivesTheUninterruptedRun() {
        AmmiConfig c = small();
        Run full = uninterrupted(c, "ammi");
        assertEquals(3, full.checkpoints().size());
        for (Path f : full.checkpoints()) assertSameRun(full.result(), resume(f));
    }

    @Test
    void wordDropoutAndWeightDecayResumeToo() {
        AmmiConfig c = small();
        c.wordDropout = 0.4; // the masks follow the restored step count
        c.weightDecay = 0.5;
        Run full = uninterrupted(c, "dropout");
        assertSameRun(full.result(), resume(full.checkpoints().get(0)));
        assertEquals(0.4, Checkpoint.read(full.checkpoints().get(0)).config().wordDropout, 0.0, "the checkpoint keeps the option");
    }

    @Test
    void reorderedBitsResumeToo() {
        AmmiConfig c = small();
        c.reorderBits = true; // the chain order chosen after each epoch travels with the optimiser state
        Run full = uninterrupted(c, "reorder");
        assertSameRun(full.result(), resume(full.checkpoints().get(1)));
        double[] order = Checkpoint.read(full.checkpoints().get(0)).training().optimizer().get(ammi.model.BitOrder.STATE_KEY);
        assertNotNull(order, "the checkpoint holds the chain order");
        boolean moved = false;
        for (int i = 0; i < order.length; i++) moved |= order[i] != i;
        assertTrue(moved, "after an epoch the order is no longer the identity: " + java.util.Arrays.toString(order));
    }

    @Test
    void priorParentsResumeToo() {
        AmmiConfig c = small();
        c.reorderBits = true;
        c.priorParents = true; // the parents travel with the order
        Run full = uninterrupted(c, "parents");
        assertSameRun(full.result(), resume(full.checkpoints().get(1)));
        double[] pa = Checkpoint.read(full.checkpoints().get(0)).training().optimizer().get(ammi.model.BitOrder.PARENTS_KEY);
        assertNotNull(pa, "the checkpoint holds the parents");
        int[] chain = ammi.markov.ParentCrossEntropy.chainParents(c.bits, c.orderPrior);
        boolean moved = false;
        for (int i = 0; i < pa.length; i++) moved |= pa[i] != chain[i];
        assertTrue(moved, "after an epoch the parents are no longer the chain's: " + java.util.Arrays.toString(pa));
    }

    @Test
    void rawPriorAndBmmiResumeToo() {
        AmmiConfig raw = small();
        raw.rawPrior = true;
        raw.orderPosterior = 1;
        Run full = uninterrupted(raw, "raw");
        assertSameRun(full.result(), resume(full.checkpoints().get(0)));

        AmmiConfig bmmi = small();
        bmmi.brute = true;
        bmmi.bits = 8;
        full = uninterrupted(bmmi, "bmmi");
        assertSameRun(full.result(), resume(full.checkpoints().get(1)));
    }

    @Test
    void crashMidEpochThenResumeFromTheLastCheckpoint() {
        AmmiConfig c = small();
        c.epochs = 4;
        Trainer.Result expected = uninterrupted(c, "clean").result();
        Path file = dir.resolve("crash.ckpt");
        try (CpuBackend backend = new CpuBackend(c, bbc.train().x())) {
            Trainer t = new Trainer(backend, bbc, c).checkpointEvery(2, state ->
                    Checkpoint.resumable(c, "bbc", DataOptions.defaults(), bbc.vocabulary(), state).write(file));
            RuntimeException crash = assertThrows(RuntimeException.class, () -> t.train(new Trainer.Listener() {
                @Override
                public void onBatch(int epoch, int batch, int batches) {
                    if (epoch == 4 && batch == 5) throw new IllegalStateException("killed");
                }
            }));
            assertEquals("killed", crash.getMessage());
        }
        Checkpoint ckpt = Checkpoint.read(file);
        assertEquals(2, ckpt.training().epochsDone(), "the epoch-2 checkpoint survives the crash in epoch 4");
        assertSameRun(expected, resume(file));
    }

    @Test
    void checkpointHoldsTheLoopState() throws Exception {
        AmmiConfig c = small();
        Run full = uninterrupted(c, "state");
        Checkpoint ckpt = Checkpoint.read(full.checkpoints().get(1));
        TrainingState s = ckpt.training();
        assertEquals(2, s.epochsDone());
        assertEquals(2, s.history().size());
        int bestEpoch = s.history().get(0).valPrecision() >= s.history().get(1).valPrecision() ? 1 : 2;
        assertEquals(bestEpoch, s.bestEpoch());
        assertEquals(Math.max(s.history().get(0).valPrecision(), s.history().get(1).valPrecision()), s.bestVal(), 0.0);
        assertEquals(bestEpoch == 2 ? 0 : 1, s.badEpochs());
        // the order is a permutation of the training documents
        int[] sorted = s.order().clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
        // Adam: the encoder has taken one step per batch so far; its moments are not zero
        int batches = (bbc.train().x().rows + c.batchSize - 1) / c.batchSize;
        assertArrayEquals(new double[] {2.0 * batches}, s.optimizer().get("adam.encoder.t"));
        assertTrue(java.util.Arrays.stream(s.optimizer().get("adam.encoder.v.posterior.in.weight")).anyMatch(v -> v > 0));
        assertNotNull(s.optimizer().get("adam.prior.t"));
        // the model of the checkpoint is the best epoch so far
        assertEquals(s.best().keySet(), ckpt.parameters().keySet());
        // format 2 when resumable; a plain model stays format 1
        assertEquals(2, java.nio.ByteBuffer.wrap(Files.readAllBytes(full.checkpoints().get(1)), 8, 4).getInt());
        Path plain = dir.resolve("plain.ammi");
        new Checkpoint(c, "bbc", DataOptions.defaults(), bbc.vocabulary(), full.result().parameters()).write(plain);
        assertEquals(1, java.nio.ByteBuffer.wrap(Files.readAllBytes(plain), 8, 4).getInt());
        assertNull(Checkpoint.read(plain).training());
    }

    @Test
    void optimizerStateRoundTripsBetweenBackends() {
        AmmiConfig c = small();
        try (CpuBackend a = new CpuBackend(c, bbc.train().x()); CpuBackend b = new CpuBackend(c, bbc.train().x())) {
            int[] docs = {3, 1, 4, 1, 5, 9, 2, 6};
            a.beginBatch(docs, docs.length);
            a.priorStep();
            a.encoderStep();
            b.loadParameters(a.parameters());
            b.loadOptimizerState(a.optimizerState());
            for (Backend x : new Backend[] {a, b}) {
                x.beginBatch(docs, docs.length);
                x.priorStep();
                x.encoderStep();
            }
            for (Map.Entry<String, double[]> e : a.parameters().entrySet()) {
                assertArrayEquals(e.getValue(), b.parameters().get(e.getKey()), 0.0, e.getKey());
            }
        }
    }

    @Test
    void resumeOnOtherDataIsOneClearError() {
        Run full = uninterrupted(small(), "other");
        Checkpoint ckpt = Checkpoint.read(full.checkpoints().get(0));
        Dataset fewer = Datasets.load("bbc", DataOptions.defaults().withVocabSize(1500).withMaxDocs(500));
        try (CpuBackend backend = new CpuBackend(ckpt.config(), fewer.train().x())) {
            var e = assertThrows(ammi.util.UserError.class,
                    () -> new Trainer(backend, fewer, ckpt.config()).resume(ckpt.training(), new Trainer.Listener() {}));
            assertTrue(e.getMessage().contains("same data"), e.getMessage());
        }
    }
}
