// Small dense layers of the encoder and the prior: y = x W + b with x [rows][in], W [in][out]
// (row-major, as ammi.autograd.Linear), and ReLU. Every output element has one thread and sums
// in a fixed order, so the results are the same run to run. The layers are narrow (tens to a few
// hundred units), so this simple form is bandwidth- and launch-bound, not compute-bound.

/** y[r][j] = b[j] + sum_k x[r][k] W[k][j]; with relu_out, y = max(y, 0) (fused activation). */
extern "C" __global__ void ammi_linear_forward(const float* x, const float* w, const float* b, float* y, int rows,
                                               int in, int out, int relu_out) {
    const long t = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (t >= (long)rows * out) return;
    const int r = (int)(t / out), j = (int)(t % out);
    const float* xr = x + (long)r * in;
    float acc = b ? b[j] : 0.0f;
    for (int k = 0; k < in; k++) acc += xr[k] * w[(long)k * out + j];
    y[t] = relu_out && acc < 0.0f ? 0.0f : acc;
}

/** dx[r][k] += sum_j dy[r][j] W[k][j]; with relu_mask non-null (the layer input came out of a
 *  ReLU whose output is relu_mask), the gradient is passed only where relu_mask > 0. */
extern "C" __global__ void ammi_linear_backward_input(const float* dy, const float* w, const float* relu_mask,
                                                      float* dx, int rows, int in, int out) {
    const long t = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (t >= (long)rows * in) return;
    const int r = (int)(t / in), k = (int)(t % in);
    if (relu_mask && !(relu_mask[t] > 0.0f)) return;
    const float* dyr = dy + (long)r * out;
    const float* wk = w + (long)k * out;
    float acc = 0.0f;
    for (int j = 0; j < out; j++) acc += dyr[j] * wk[j];
    dx[t] += acc;
}

/** dW[k][j] += sum_r x[r][k] dy[r][j] (rows in order). */
extern "C" __global__ void ammi_linear_backward_weight(const float* x, const float* dy, float* dw, int rows, int in,
                                                       int out) {
    const long t = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (t >= (long)in * out) return;
    const int k = (int)(t / out), j = (int)(t % out);
    float acc = 0.0f;
    for (int r = 0; r < rows; r++) acc += x[(long)r * in + k] * dy[(long)r * out + j];
    dw[t] += acc;
}
