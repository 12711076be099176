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

    /**
     * --tie-encoders: q(z|x) runs p(z|y)'s own weights. The gradient of the shared weights must
     * match central differences and equal the sum of the two untied encoders' gradients when the
     * untied X encoder holds a copy of Y's weights.
     */
    @ParameterizedTest
    @CsvSource({"0, 3, 0", "0, 2, 1", "1, 3, 0"})
    void tiedEncodersGradientMatchesFiniteDifferencesAndSumOfUntied(int o, int r, int encoderLayers) {
        int v = 11, m = 5, hidden = 4, batch = 3;
        double beta = 1.3;
        SplittableRandom rng = new SplittableRandom(41 + o * 5 + r + encoderLayers);
        CsrMatrix y = AmmiLossGradientTest.randomCsr(batch, v, 0.5, rng);
        CsrMatrix x = AmmiLossGradientTest.randomCsr(batch, v, 0.5, rng);
        int[] rows = {0, 1, 2};
        Posterior py = new Posterior("posterior", v, m, o, encoderLayers, hidden, batch);
        Posterior tied = new Posterior("encoderX", py, batch);
        Posterior copy = new Posterior("encoderX", v, m, o, encoderLayers, hidden, batch);
        Prior prior = new Prior(m, r, 0, hidden, true);
        py.initialise(0.7, rng);
        prior.initialise(0.7, rng);
        for (int i = 0; i < py.parameters().size(); i++) {
            double[] src = py.parameters().get(i).value;
            System.arraycopy(src, 0, copy.parameters().get(i).value, 0, src.length);
        }
        assertTrue(tied.parameters().equals(py.parameters()), "a tied encoder has no weights of its own");
        CrossEntropyOp cross = new CrossEntropyOp(m, o, o, batch);
        CrossEntropyOp marg = new CrossEntropyOp(m, o, r, batch);
        LinearCombination combine = new LinearCombination("loss");
        java.util.function.BiFunction<Tape, Posterior, Tensor> build = (t, qx) -> {
            Tensor p = py.forward(t, y, rows, batch);
            Tensor q = qx.forward(t, x, rows, batch);
            Tensor hyx = cross.forward(t, p, true, q, false);
            Tensor hz = marg.forward(t, p, true, prior.forward(t), true);
            return combine.forward(t, hyx, 1.0, hz, -beta);
        };

        List<Tensor> untied = new ArrayList<>(py.parameters());
        untied.addAll(copy.parameters());
        untied.addAll(prior.parameters());
        for (Tensor t : untied) t.zeroGrad();
        Tape tape = new Tape();
        Tensor untiedLoss = build.apply(tape, copy);
        tape.backward(untiedLoss);
        double untiedValue = untiedLoss.value[0]; // the node's buffer is reused by the next forward
        List<double[]> sum = new ArrayList<>();
        for (int i = 0; i < py.parameters().size(); i++) {
            double[] g = py.parameters().get(i).grad.clone(), gx = copy.parameters().get(i).grad;
            for (int k = 0; k < g.length; k++) g[k] += gx[k];
            sum.add(g);
        }

        for (Tensor t : untied) t.zeroGrad();
        tape = new Tape();
        Tensor loss = build.apply(tape, tied);
        assertEquals(untiedValue, loss.value[0], 1e-12, "tied loss equals the untied loss with copied weights");
        tape.backward(loss);
        double eps = 1e-6;
        int checked = 0;
        for (int i = 0; i < py.parameters().size(); i++) {
            Tensor t = py.parameters().get(i);
            double[] analytic = t.grad.clone();
            for (int k = 0; k < t.size(); k++) assertEquals(sum.get(i)[k], analytic[k], 1e-12, t.name + "[" + k + "] vs untied sum");
            for (int k = 0; k < t.size(); k += Math.max(1, t.size() / 15)) {
                double saved = t.value[k];
                t.value[k] = saved + eps;
                double up = build.apply(new Tape(), tied).value[0];
                t.value[k] = saved - eps;
                double down = build.apply(new Tape(), tied).value[0];
                t.value[k] = saved;
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, analytic[k], 1e-6 * Math.max(1, Math.abs(numeric)), t.name + "[" + k + "]");
                checked++;
            }
        }
        assertTrue(checked > 15, "checked " + checked);
    }
}
