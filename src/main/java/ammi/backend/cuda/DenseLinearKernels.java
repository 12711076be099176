package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/dense_linear.cu: y = x W + b (optionally ReLU'd) and its backward pass. */
final class DenseLinearKernels {
    private static final int BLOCK = 128;
    private final Cuda cuda;
    private final CUfunction forward, backwardInput, backwardWeight;

    DenseLinearKernels(Cuda cuda) {
        this.cuda = cuda;
        forward = cuda.function("dense_linear", "ammi_linear_forward");
        backwardInput = cuda.function("dense_linear", "ammi_linear_backward_input");
        backwardWeight = cuda.function("dense_linear", "ammi_linear_backward_weight");
    }

    void forward(CUdeviceptr x, CUdeviceptr w, CUdeviceptr b, CUdeviceptr y, int rows, int in, int out, boolean reluOut) {
        cuda.launch(forward, Cuda.blocks((long) rows * out, BLOCK), BLOCK, x, w, b, y, rows, in, out, reluOut ? 1 : 0);
    }

    /** dx += dy W^T, passed only where reluMask > 0 when the input is a ReLU's output (else null). */
    void backwardInput(CUdeviceptr dy, CUdeviceptr w, CUdeviceptr reluMask, CUdeviceptr dx, int rows, int in, int out) {
        cuda.launch(backwardInput, Cuda.blocks((long) rows * in, BLOCK), BLOCK, dy, w, reluMask, dx, rows, in, out);
    }

    /** dW += x^T dy. */
    void backwardWeight(CUdeviceptr x, CUdeviceptr dy, CUdeviceptr dw, int rows, int in, int out) {
        cuda.launch(backwardWeight, Cuda.blocks((long) in * out, BLOCK), BLOCK, x, dy, dw, rows, in, out);
    }
}
