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
 * The whole AMMI loss H(Z|Y) - beta H+(Z), through the encoder net, the prior net and both fused
 * cross-entropy nodes, against central finite differences in float64.
 */
class AmmiLossGradientTest {

    static CsrMatrix randomCsr(int rows, int cols, double density, SplittableRandom rng) {
        List<Integer> ci = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        int[] ptr = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (rng.nextDouble() < density) {
                    ci.add(c);
                    v.add(rng.nextDouble(0.1, 1.0));
                }
            }
            ptr[r + 1] = ci.size();
        }
        return new CsrMatrix(rows, cols, ptr, ci.stream().mapToInt(Integer::intValue).toArray(),
                v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @ParameterizedTest
    @CsvSource({"0, 3, 0, 0, false", "1, 3, 1, 1, false", "2, 4, 0, 2, true", "0, 0, 0, 0, true"})
    void lossGradientMatchesFiniteDifferences(int o, int r, int encoderLayers, int priorLayers, boolean raw) {
        int v = 12, m = 5, h = 4, batch = 3;
        double beta = 2.5;
        SplittableRandom rng = new SplittableRandom(42 + o * 7 + r);
        CsrMatrix x = randomCsr(batch, v, 0.5, rng);
        int[] rows = {0, 1, 2};
        Posterior posterior = new Posterior("posterior", v, m, o, encoderLayers, h, batch);
        Prior prior = new Prior(m, r, priorLayers, h, raw);
        posterior.initialise(0.7, rng);
        prior.initialise(0.7, rng);
        CrossEntropyOp cond = new CrossEntropyOp(m, o, o, batch);
        CrossEntropyOp marg = new CrossEntropyOp(m, o, r, batch);
        LinearCombination combine = new LinearCombination("loss");

        java.util.function.DoubleSupplier loss = () -> {
            Tape t = new Tape();
            Tensor p = posterior.forward(t, x, rows, batch);
            Tensor q = prior.forward(t);
            Tensor hzy = cond.forward(t, p, true, p, false);
            Tensor hz = marg.forward(t, p, true, q, true);
            return combine.forward(t, hzy, 1.0, hz, -beta).value[0];
        };

        List<Tensor> params = new ArrayList<>(posterior.parameters());
        params.addAll(prior.parameters());
        for (Tensor t : params) t.zeroGrad();
        Tape tape = new Tape();
        Tensor p = posterior.forward(tape, x, rows, batch);
        Tensor q = prior.forward(tape);
        Tensor hzy = cond.forward(tape, p, true, p, false);
        Tensor hz = marg.forward(tape, p, true, q, true);
        Tensor l = combine.forward(tape, hzy, 1.0, hz, -beta);
        tape.backward(l);

        double eps = 1e-6;
        int checked = 0;
        for (Tensor t : params) {
            double[] analytic = t.grad.clone();
            for (int k = 0; k < t.size(); k += Math.max(1, t.size() / 15)) {
                double saved = t.value[k];
                t.value[k] = saved + eps;
                double up = loss.getAsDouble();
                t.value[k] = saved - eps;
                double down = loss.getAsDouble();
                t.value[k] = saved;
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, analytic[k], 1e-6 * Math.max(1, Math.abs(numeric)),
                        t.name + "[" + k + "]");
                checked++;
            }
        }
        assertTrue(checked > 20, "checked " + checked);
    }
}
