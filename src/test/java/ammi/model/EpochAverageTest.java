package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** --epoch-average: what is validated and kept is the moving average of the encoders' end-of-epoch weights. */
class EpochAverageTest {

    @Test
    void handComputedAverageLeavesThePriorLive() {
        EpochAverage avg = new EpochAverage(0.75, null);
        Map<String, double[]> w1 = new LinkedHashMap<>();
        w1.put("encoder.in.weight", new double[] {1, -2});
        w1.put("prior.embedding", new double[] {5});
        Map<String, double[]> out1 = avg.update(w1);
        assertArrayEquals(new double[] {1, -2}, out1.get("encoder.in.weight"), 0.0, "the first epoch starts the average");
        Map<String, double[]> w2 = new LinkedHashMap<>();
        w2.put("encoder.in.weight", new double[] {5, 2});
        double[] prior2 = {7};
        w2.put("prior.embedding", prior2);
        Map<String, double[]> out2 = avg.update(w2);
        // 0.75 * 1 + 0.25 * 5 = 2, 0.75 * -2 + 0.25 * 2 = -1
        assertArrayEquals(new double[] {2, -1}, out2.get("encoder.in.weight"), 1e-15);
        assertSame(prior2, out2.get("prior.embedding"), "the prior's parameters pass through live");
        assertEquals(List.of("encoder.in.weight", "prior.embedding"), new ArrayList<>(out2.keySet()), "same names, same order");
        assertEquals(List.of("encoder.in.weight"), new ArrayList<>(avg.state().keySet()));
        out2.get("encoder.in.weight")[0] = 99; // callers get copies
        assertEquals(2, avg.state().get("encoder.in.weight")[0], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new EpochAverage(1, null));
    }

    @Test
    void trainerKeepsTheAverageOfTheLiveTrajectory() {
        Dataset bbc = Datasets.load("bbc", DataOptions.defaults().withVocabSize(1500));
        AmmiConfig plain = ResumeTest.small();
        plain.epochs = 4;
        plain.patience = 10;
        AmmiConfig averaged = plain.copy();
        averaged.epochAverage = 0.5;

        List<Map<String, double[]>> live = new ArrayList<>();
        Trainer.Result p, a;
        try (CpuBackend backend = new CpuBackend(plain, bbc.train().x())) {
            p = new Trainer(backend, bbc, plain).checkpointEvery(1, s -> live.add(s.parameters())).train(new Trainer.Listener() {});
        }
        List<Map<String, double[]>> liveA = new ArrayList<>();
        try (CpuBackend backend = new CpuBackend(averaged, bbc.train().x())) {
            a = new Trainer(backend, bbc, averaged).checkpointEvery(1, s -> liveA.add(s.parameters())).train(new Trainer.Listener() {});
        }
        for (int e = 0; e < p.epochs().size(); e++) {
            assertEquals(p.epochs().get(e).loss(), a.epochs().get(e).loss(), 0.0, "training itself is untouched, epoch " + (e + 1));
            for (String k : live.get(e).keySet()) {
                assertArrayEquals(live.get(e).get(k), liveA.get(e).get(k), 0.0, "live " + k + " after epoch " + (e + 1));
            }
        }
        // Oracle: the average written out from the live weights of each epoch, up to the kept epoch.
        int best = a.bestEpoch();
        for (String k : a.parameters().keySet()) {
            double[] expect = live.get(best - 1).get(k).clone();
            if (!k.startsWith("prior.")) {
                expect = live.get(0).get(k).clone();
                for (int e = 1; e < best; e++) {
                    double[] w = live.get(e).get(k);
                    for (int i = 0; i < expect.length; i++) expect[i] = 0.5 * expect[i] + 0.5 * w[i];
                }
            }
            assertArrayEquals(expect, a.parameters().get(k), 1e-12, k + " kept at epoch " + best);
        }
        if (best > 1) {
            assertNotEquals(live.get(best - 1).get("posterior.in.weight")[0], a.parameters().get("posterior.in.weight")[0],
                    "past the first epoch the kept encoder is not the live one");
        }
        // The reported validation score is the score of the kept (averaged) parameters.
        try (CpuBackend backend = new CpuBackend(averaged, bbc.train().x())) {
            backend.loadParameters(a.parameters());
            assertEquals(a.valPrecision(), new RetrievalTask(bbc, averaged.topK).validate(backend), 1e-12);
        }
    }
}
