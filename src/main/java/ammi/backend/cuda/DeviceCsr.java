package ammi.backend.cuda;

import ammi.data.CsrMatrix;
import jcuda.driver.CUdeviceptr;

/** A CSR matrix resident on the device (values as float), uploaded once per run. */
final class DeviceCsr {
    final int rows, cols;
    final CUdeviceptr rowPtr, colIdx, values;

    DeviceCsr(Cuda cuda, CsrMatrix x) {
        rows = x.rows;
        cols = x.cols;
        int nnz = x.nnz();
        rowPtr = cuda.alloc(4L * (rows + 1));
        colIdx = cuda.alloc(4L * nnz);
        values = cuda.alloc(4L * nnz);
        cuda.upload(rowPtr, x.rowPtr, rows + 1);
        cuda.upload(colIdx, x.colIdx, nnz);
        float[] v = new float[nnz];
        for (int k = 0; k < nnz; k++) v[k] = (float) x.values[k];
        cuda.upload(values, v, nnz);
    }
}
