package ammi.model;

import ammi.backend.Backend;
import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.eval.PackedCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A NaN loss stops the run with one warning naming epoch and batch, and the best epoch is kept. */
class DivergenceTest {
    static Dataset bbc;

    @BeforeAll
    static void load() {
        bbc = Datasets.load("bbc", DataOptions.defaults().withVocabSize(1500));
    }

    /**
     * The CPU backend, except that encoder step number {@code nanAt} (1-based) reports a NaN loss,
     * or, with {@code inGradient}, meets a NaN gradient norm under a finite loss as GradClip reports it.
     */
    static final class NanAt implements Backend {
        final CpuBackend cpu;
        final int nanAt;
        final boolean inGradient;
        int steps;

        NanAt(CpuBackend cpu, int nanAt) {
            this(cpu, nanAt, false);
        }

        NanAt(CpuBackend cpu, int nanAt, boolean inGradient) {
            this.cpu = cpu;
            this.nanAt = nanAt;
            this.inGradient = inGradient;
        }

        @Override public String name() { return "nan-at-" + nanAt; }
        @Override public void beginBatch(int[] docs, int count) { cpu.beginBatch(docs, count); }
        @Override public void priorStep() { cpu.priorStep(); }
        @Override public StepResult encoderStep() {
            if (++steps == nanAt) {
                if (inGradient) throw new ArithmeticException("gradient norm is NaN");
                return new StepResult(Double.NaN, Double.NaN, 1.0); // as the CPU backend does: no step taken
            }
            return cpu.encoderStep();
        }
        @Override public PackedCodes encode(CsrMatrix x) { return cpu.encode(x); }
        @Override public Map<String, double[]> parameters() { return cpu.parameters(); }
        @Override public void loadParameters(Map<String, double[]> values) { cpu.loadParameters(values); }
        @Override public void close() { cpu.close(); }
    }

    /** A NaN gradient norm stops the run as a NaN loss does: one warning, the best epoch kept (was: a stack trace). */
    @Test
    void nanGradientNormInEpochTwoKeepsEpochOne() {
        int batches = (bbc.train().x().rows + 63) / 64;
        List<String> warnings = new ArrayList<>();
        Trainer.Result r;
        AmmiConfig c = config(5);
        try (NanAt b = new NanAt(new CpuBackend(c, bbc.train().x()), batches + 2, true)) {
            r = new Trainer(b, bbc, c).train(new Trainer.Listener() {
                @Override
                public void onWarning(String message) {
                    warnings.add(message);
                }
            });
        }
        assertEquals(List.of("gradient norm is NaN at epoch 2, batch 2: training stopped (try a smaller --lr or --clip)"), warnings);
        assertEquals("gradient norm is NaN at epoch 2", r.stopReason());
        assertEquals(1, r.bestEpoch());
    }

    static AmmiConfig config(int epochs) {
        AmmiConfig c = new AmmiConfig();
        c.bits = 16;
        c.epochs = epochs;
        c.batchSize = 64;
        c.priorSteps = 1;
        c.seed = 5;
        return c;
    }

    @Test
    void nanInEpochTwoKeepsEpochOne() {
        int batches = (bbc.train().x().rows + 63) / 64;
        Trainer.Result oneEpoch;
        try (CpuBackend b = new CpuBackend(config(1), bbc.train().x())) {
            oneEpoch = new Trainer(b, bbc, config(1)).train(new Trainer.Listener() {});
        }
        List<String> warnings = new ArrayList<>();
        Trainer.Result r;
        AmmiConfig c = config(5);
        try (NanAt b = new NanAt(new CpuBackend(c, bbc.train().x()), batches + 3)) {
            r = new Trainer(b, bbc, c).train(new Trainer.Listener() {
                @Override
                public void onWarning(String message) {
                    warnings.add(message);
                }
            });
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("epoch 2, batch 3"), warnings.get(0));
        assertTrue(r.stopReason().contains("NaN") && r.stopReason().contains("epoch 2"), r.stopReason());
        assertEquals(1, r.epochs().size(), "the diverged epoch is not reported as finished");
        assertEquals(1, r.bestEpoch());
        // the kept model is epoch 1's: the same as a run that stopped after one epoch
        assertEquals(oneEpoch.valPrecision(), r.valPrecision(), 0.0);
        assertEquals(oneEpoch.testPrecision(), r.testPrecision(), 0.0);
        for (Map.Entry<String, double[]> e : oneEpoch.parameters().entrySet()) {
            assertArrayEquals(e.getValue(), r.parameters().get(e.getKey()), 0.0, e.getKey());
        }
    }

    @Test
    void nanInTheFirstEpochLeavesNothingToKeep() {
        AmmiConfig c = config(3);
        try (NanAt b = new NanAt(new CpuBackend(c, bbc.train().x()), 2)) {
            Trainer.Diverged e = assertThrows(Trainer.Diverged.class, () -> new Trainer(b, bbc, c).train(new Trainer.Listener() {}));
            assertTrue(e.getMessage().contains("first epoch"), e.getMessage());
        }
    }
}
