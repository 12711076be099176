package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.util.Parallel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Training gives the same bits on 1 and 2 threads with every loop split, so a grid-search run
 * trained on one thread (runs in parallel) equals the same run trained on all cores.
 */
class ThreadCountTest {
    static Dataset bbc;

    @BeforeAll
    static void load() {
        bbc = Datasets.load("bbc", DataOptions.defaults().withVocabSize(1500));
    }

    static Trainer.Result train(AmmiConfig c, int threads) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreadsSplittingAll(threads);
            try (CpuBackend b = new CpuBackend(c, bbc.train().x())) {
                return new Trainer(b, bbc, c).train(new Trainer.Listener() {});
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    static void assertSameOnOneAndTwoThreads(AmmiConfig c) {
        Trainer.Result one = train(c, 1), two = train(c, 2);
        assertEquals(one.testPrecision(), two.testPrecision(), 0.0);
        for (int e = 0; e < one.epochs().size(); e++) assertEquals(one.epochs().get(e).loss(), two.epochs().get(e).loss(), 0.0);
        for (Map.Entry<String, double[]> e : one.parameters().entrySet()) {
            assertArrayEquals(e.getValue(), two.parameters().get(e.getKey()), 0.0, e.getKey());
        }
    }

    static AmmiConfig config() {
        AmmiConfig c = new AmmiConfig();
        c.bits = 16;
        c.epochs = 2;
        c.batchSize = 64;
        c.priorSteps = 2;
        c.layers = 1;
        c.hidden = 12;
        c.seed = 3;
        return c;
    }

    @Test
    void ammiWithANetPrior() {
        assertSameOnOneAndTwoThreads(config());
    }

    @Test
    void ammiWithARawPriorAndAnOrderOneEncoder() {
        AmmiConfig c = config();
        c.rawPrior = true;
        c.orderPosterior = 1;
        c.encoderLayers = 1;
        assertSameOnOneAndTwoThreads(c);
    }

    @Test
    void bmmi() {
        AmmiConfig c = config();
        c.brute = true;
        c.bits = 10;
        assertSameOnOneAndTwoThreads(c);
    }
}
