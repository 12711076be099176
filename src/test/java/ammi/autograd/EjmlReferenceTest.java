package ammi.autograd;

import ammi.autograd.GradientCheckTest.Chain;
import ammi.data.CsrMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same feed-forward chain in dense EJML algebra (the sparse batch is densified only here):
 * forward values and all parameter gradients must agree with the autograd to 1e-12.
 */
class EjmlReferenceTest {

    @Test
    void chainMatchesDenseMatrixAlgebra() {
        SplittableRandom rng = new SplittableRandom(11);
        Chain net = new Chain(rng);
        CsrMatrix data = TestUtil.randomCsr(20, Chain.V, 6, rng, 13);
        int[] rows = {13, 4, 19, 0, 7, 4, 2};
        int b = rows.length;
        double[] c = TestUtil.randomArray(b * Chain.OUT, rng);

        Tape tape = new Tape();
        Tensor y = net.forward(tape, data, rows);
        Tensor loss = Ops.weightedSum(tape, y, c);
        tape.backward(loss);

        // Dense reference.
        double[][] all = data.toDense();
        DMatrixRMaj x = new DMatrixRMaj(b, Chain.V);
        for (int i = 0; i < b; i++) for (int v = 0; v < Chain.V; v++) x.set(i, v, all[rows[i]][v]);
        DMatrixRMaj w1 = mat(net.l1.weight), b1 = mat(net.l1.bias), w2 = mat(net.l2.weight), b2 = mat(net.l2.bias);

        DMatrixRMaj z1 = new DMatrixRMaj(b, Chain.HID);
        CommonOps_DDRM.mult(x, w1, z1);
        addRowVector(z1, b1);
        DMatrixRMaj h = z1.copy();
        DMatrixRMaj reluMask = new DMatrixRMaj(b, Chain.HID);
        for (int i = 0; i < h.getNumElements(); i++) {
            reluMask.data[i] = z1.data[i] > 0 ? 1 : 0;
            h.data[i] = Math.max(0, z1.data[i]);
        }
        DMatrixRMaj z2 = new DMatrixRMaj(b, Chain.OUT);
        CommonOps_DDRM.mult(h, w2, z2);
        addRowVector(z2, b2);
        DMatrixRMaj out = new DMatrixRMaj(b, Chain.OUT);
        for (int i = 0; i < out.getNumElements(); i++) {
            double t = z2.data[i];
            out.data[i] = t < 0 ? t - Math.log(1 + Math.exp(t)) : -Math.log(1 + Math.exp(-t));
        }
        DMatrixRMaj cm = new DMatrixRMaj(b, Chain.OUT, true, c);
        double refLoss = CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(cm, out, null));

        // d/dz log sigmoid(z) = 1 / (1 + e^z)
        DMatrixRMaj dz2 = new DMatrixRMaj(b, Chain.OUT);
        for (int i = 0; i < dz2.getNumElements(); i++) dz2.data[i] = c[i] / (1 + Math.exp(z2.data[i]));
        DMatrixRMaj dw2 = new DMatrixRMaj(Chain.HID, Chain.OUT);
        CommonOps_DDRM.multTransA(h, dz2, dw2);
        DMatrixRMaj db2 = CommonOps_DDRM.sumCols(dz2, null);
        DMatrixRMaj dh = new DMatrixRMaj(b, Chain.HID);
        CommonOps_DDRM.multTransB(dz2, w2, dh);
        DMatrixRMaj dz1 = CommonOps_DDRM.elementMult(dh, reluMask, null);
        DMatrixRMaj dw1 = new DMatrixRMaj(Chain.V, Chain.HID);
        CommonOps_DDRM.multTransA(x, dz1, dw1);
        DMatrixRMaj db1 = CommonOps_DDRM.sumCols(dz1, null);

        assertClose(z1, net.preRelu.value, "pre-ReLU");
        assertClose(z2, net.logits.value, "logits");
        assertClose(out, y.value, "log-sigmoid");
        assertEquals(refLoss, loss.value[0], 1e-12 * Math.max(1, Math.abs(refLoss)));
        assertClose(dw1, net.l1.weight.grad, "dW1");
        assertClose(db1, net.l1.bias.grad, "db1");
        assertClose(dw2, net.l2.weight.grad, "dW2");
        assertClose(db2, net.l2.bias.grad, "db2");
        assertClose(dh, net.hidden.grad, "dH");
        assertTrue(CommonOps_DDRM.elementMaxAbs(dw1) > 0, "test has a non-trivial sparse gradient");
        int dead = 0;
        for (double m : reluMask.data) dead += m == 0 ? 1 : 0;
        assertTrue(dead > 0 && dead < reluMask.getNumElements(), "both ReLU branches exercised");
    }

    private static DMatrixRMaj mat(Tensor t) {
        return new DMatrixRMaj(t.rows(), t.cols, true, java.util.Arrays.copyOf(t.value, t.size()));
    }

    private static void addRowVector(DMatrixRMaj m, DMatrixRMaj row) {
        for (int i = 0; i < m.numRows; i++) for (int j = 0; j < m.numCols; j++) m.add(i, j, row.get(0, j));
    }

    private static void assertClose(DMatrixRMaj ref, double[] actual, String what) {
        for (int i = 0; i < ref.getNumElements(); i++) {
            double r = ref.data[i];
            assertEquals(r, actual[i], 1e-12 * Math.max(1, Math.abs(r)), what + "[" + i + "]");
        }
    }
}
