package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** --weight-decay reaches both encoders' Adam and leaves the prior's alone. */
class WeightDecayTest {

    @Test
    void oneStepShrinksEncoderWeightsByLrTimesDecayAndNotThePrior() {
        CsrMatrix y = WordDropoutTest.random(12, 40, 8, 1), x = WordDropoutTest.random(12, 40, 6, 2);
        AmmiConfig c = new AmmiConfig();
        c.predictive = true;
        c.bits = 8;
        c.batchSize = 4;
        c.weightDecay = 2.0;
        c.validate();
        AmmiConfig plain = c.copy();
        plain.weightDecay = 0;
        int[] docs = {1, 4, 7, 10};
        Map<String, double[]> before, decayed, undecayed;
        try (CpuBackend a = new CpuBackend(c, y, x); CpuBackend b = new CpuBackend(plain, y, x)) {
            before = a.parameters();
            for (CpuBackend be : new CpuBackend[] {a, b}) {
                be.beginBatch(docs, 4);
                for (int g = 0; g < c.priorSteps; g++) be.priorStep();
                be.encoderStep();
            }
            decayed = a.parameters();
            undecayed = b.parameters();
        }
        double shrink = c.lr * c.weightDecay;
        int encoderTensors = 0;
        for (String k : before.keySet()) {
            double[] p0 = before.get(k), pd = decayed.get(k), pu = undecayed.get(k);
            boolean encoder = k.startsWith("posterior.") || k.startsWith("encoderX.");
            if (encoder) encoderTensors++;
            for (int i = 0; i < p0.length; i++) {
                // AdamW: p0 (1 - lr wd) - u against p0 - u, the same Adam step u (the decay does not enter the moments).
                double expected = encoder ? pu[i] - shrink * p0[i] : pu[i];
                assertEquals(expected, pd[i], 1e-15, k + "[" + i + "]");
            }
        }
        assertEquals(4, encoderTensors, "weight and bias of each encoder");
    }
}
