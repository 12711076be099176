package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    static Dataset bbc;

    @BeforeAll
    static void load() {
        bbc = Datasets.load("bbc", DataOptions.defaults().withVocabSize(3000));
    }

    static AmmiConfig small() {
        AmmiConfig c = new AmmiConfig();
        c.bits = 16;
        c.epochs = 3;
        c.batchSize = 32;
        c.lr = 0.01;
        c.priorSteps = 2;
        c.hidden = 16;
        c.layers = 1;
        c.init = 0.1;
        c.seed = 7;
        return c;
    }

    static Trainer.Result train(AmmiConfig c) {
        try (CpuBackend backend = new CpuBackend(c, bbc.train().x())) {
            return new Trainer(backend, bbc, c).train(new Trainer.Listener() {});
        }
    }

    static double randomCodePrecision(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = 16;
        byte[] base = new byte[bbc.train().x().rows * m];
        byte[] query = new byte[bbc.test().x().rows * m];
        for (int k = 0; k < base.length; k++) base[k] = (byte) rng.nextInt(2);
        for (int k = 0; k < query.length; k++) query[k] = (byte) rng.nextInt(2);
        return RetrievalPrecision.precisionAtK(PackedCodes.fromBits(query, bbc.test().x().rows, m), bbc.test().labels(),
                PackedCodes.fromBits(base, bbc.train().x().rows, m), bbc.train().labels(), 100);
    }

    @Test
    void shortAmmiRunOnRealCorpusBeatsRandomCodes() {
        Trainer.Result r = train(small());
        double random = randomCodePrecision(1);
        System.out.printf("bbc 16 bits, 3 epochs: test P@100 %.2f, val %.2f; random codes %.2f%n",
                r.testPrecision(), r.valPrecision(), random);
        assertTrue(random < 35, "random codes should be near the label prior, got " + random);
        assertTrue(r.testPrecision() > random + 25, "AMMI " + r.testPrecision() + " vs random " + random);
        assertTrue(r.bestEpoch() >= 1 && r.bestEpoch() <= 3);
        assertEquals(r.epochs().get(r.bestEpoch() - 1).valPrecision(), r.valPrecision(), 1e-9,
                "the best epoch's parameters are restored");
    }

    @Test
    void bmmiRunBeatsRandomCodes() {
        AmmiConfig c = small();
        c.brute = true;
        c.bits = 8;
        c.epochs = 2;
        Trainer.Result r = train(c);
        assertTrue(r.testPrecision() > randomCodePrecision(2) + 20, "BMMI test P@100 " + r.testPrecision());
    }

    @Test
    void sameSeedGivesTheSameRun() {
        AmmiConfig c = small();
        c.epochs = 1;
        Trainer.Result a = train(c);
        Trainer.Result b = train(c);
        assertEquals(a.valPrecision(), b.valPrecision(), 0.0);
        assertEquals(a.epochs().get(0).loss(), b.epochs().get(0).loss(), 0.0);
        for (Map.Entry<String, double[]> e : a.parameters().entrySet()) {
            assertArrayEquals(e.getValue(), b.parameters().get(e.getKey()), 0.0, e.getKey());
        }
        c.seed = 8;
        Trainer.Result other = train(c);
        assertTrue(other.epochs().get(0).loss() != a.epochs().get(0).loss(), "another seed, another run");
    }
}
