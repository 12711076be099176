package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;

/** A learned tensor on the device: float value and gradient (its optimiser holds the moments). */
final class GpuParameter {
    final String name;
    final int rows, cols;
    final CUdeviceptr value, grad;

    GpuParameter(Cuda cuda, String name, int rows, int cols) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        long bytes = 4L * rows * cols;
        value = cuda.alloc(bytes);
        grad = cuda.alloc(bytes);
    }

    int size() {
        return rows * cols;
    }
}
