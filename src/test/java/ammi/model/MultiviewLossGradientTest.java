package ammi.model;

import ammi.autograd.CrossEntropyOp;
import ammi.autograd.LinearCombination;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.data.CsrMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predictive-hashing loss H+(p(z|y), q(z|x)) - beta H+(Z), through both encoders (Y's of
 * order o, X's of order h >= o), the prior net and the fused cross-entropy nodes, against central
 * finite differences in float64.
 */
class MultiviewLossGradientTest {

    @ParameterizedTest
    @CsvSource({"0, 0, 3, 0, 0, false", "0, 1, 3, 1, 0, false", "1, 2, 3, 0, 1, true", "1, 1, 2, 1, 2, false", "0, 0, 0, 0, 0, true"})
    void lossGradientMatchesFiniteDifferences(int o, int h, int r, int encoderLayers, int priorLayers, boolean raw) {
        int v = 11, m = 5, hidden = 4, batch = 3;
        double beta = 1.7;
        SplittableRandom rng = new SplittableRandom(17 + o * 7 + h * 3 + r);
        CsrMatrix y = AmmiLossGradientTest.randomCsr(batch, v, 0.5, rng);
        CsrMatrix x = AmmiLossGradientTest.randomCsr(batch, v, 0.5, rng);
        int[] rows = {0, 1, 2};
        Posterior py = new Posterior("posterior", v, m, o, encoderLayers, hidden, batch);
        Posterior qx = new Posterior("encoderX", v, m, h, encoderLayers, hidden, batch);
        Prior prior = new Prior(m, r, priorLayers, hidden, raw);
        py.initialise(0.7, rng);
        qx.initialise(0.7, rng);
        prior.initialise(0.7, rng);
        CrossEntropyOp cross = new CrossEntropyOp(m, o, h, batch);
        CrossEntropyOp marg = new CrossEntropyOp(m, o, r, batch);
        LinearCombination combine = new LinearCombination("loss");

        java.util.function.Function<Tape, Tensor> build = t -> {
            Tensor p = py.forward(t, y, rows, batch);
            Tensor q = qx.forward(t, x, rows, batch);
            Tensor pr = prior.forward(t);
            Tensor hyx = cross.forward(t, p, true, q, false);
            Tensor hz = marg.forward(t, p, true, pr, true);
            return combine.forward(t, hyx, 1.0, hz, -beta);
        };

        List<Tensor> params = new ArrayList<>(py.parameters());
        params.addAll(qx.parameters());
        params.addAll(prior.parameters());
        for (Tensor t : params) t.zeroGrad();
        Tape tape = new Tape();
        tape.backward(build.apply(tape));

        double eps = 1e-6;
        int checked = 0;
        boolean sawX = false;
        for (Tensor t : params) {
            double[] analytic = t.grad.clone();
            for (int k = 0; k < t.size(); k += Math.max(1, t.size() / 15)) {
                double saved = t.value[k];
                t.value[k] = saved + eps;
                double up = build.apply(new Tape()).value[0];
                t.value[k] = saved - eps;
                double down = build.apply(new Tape()).value[0];
                t.value[k] = saved;
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, analytic[k], 1e-6 * Math.max(1, Math.abs(numeric)), t.name + "[" + k + "]");
                if (t.name.startsWith("encoderX") && numeric != 0) sawX = true;
                checked++;
            }
        }
        assertTrue(checked > 30, "checked " + checked);
        assertTrue(sawX, "the X encoder gets a gradient");
    }
}
