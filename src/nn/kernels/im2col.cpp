#include "nn/kernels/im2col.hpp"

#include <algorithm>
#include <cstddef>

namespace ll {
namespace {

// Output positions o in [first, last) whose input position o*stride + offset
// lies inside [0, size); the rest of the row reads the zero padding. Computing
// the range once keeps the inner loops free of bounds tests.
struct ValidRange {
  int first;
  int last;
};

ValidRange valid_range(int offset, int stride, int size, int out_size) {
  const int first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  const int last = offset >= size ? 0 : (size - offset + stride - 1) / stride;
  const int clamped_first = std::min(first, out_size);
  return {clamped_first, std::max(clamped_first, std::min(last, out_size))};
}

}  // namespace

void im2col(const float* x, int C, int H, int W, int K, int stride, int pad, int Ho, int Wo, float* cols) {
  const std::size_t plane = std::size_t(Ho) * Wo;
  for (int c = 0; c < C; ++c) {
    const float* image = x + std::size_t(c) * H * W;
    for (int ki = 0; ki < K; ++ki) {
      for (int kj = 0; kj < K; ++kj) {
        float* row = cols + (std::size_t(c * K + ki) * K + kj) * plane;
        const ValidRange cols_in = valid_range(kj - pad, stride, W, Wo);
        for (int oh = 0; oh < Ho; ++oh) {
          float* out = row + std::size_t(oh) * Wo;
          const int ih = oh * stride - pad + ki;
          if (ih < 0 || ih >= H) {
            std::fill(out, out + Wo, 0.0f);
            continue;
          }
          const float* in = image + std::size_t(ih) * W;
          std::fill(out, out + cols_in.first, 0.0f);
          for (int ow = cols_in.first; ow < cols_in.last; ++ow) out[ow] = in[ow * stride + kj - pad];
          std::fill(out + cols_in.last, out + Wo, 0.0f);
        }
      }
    }
  }
}

void col2im(const float* cols, int C, int H, int W, int K, int stride, int pad, int Ho, int Wo, float* x) {
  const std::size_t plane = std::size_t(Ho) * Wo;
  for (int c = 0; c < C; ++c) {
    float* image = x + std::size_t(c) * H * W;
    for (int ki = 0; ki < K; ++ki) {
      for (int kj = 0; kj < K; ++kj) {
        const float* row = cols + (std::size_t(c * K + ki) * K + kj) * plane;
        const ValidRange cols_in = valid_range(kj - pad, stride, W, Wo);
        for (int oh = 0; oh < Ho; ++oh) {
          const int ih = oh * stride - pad + ki;
          if (ih < 0 || ih >= H) continue;
          const float* in = row + std::size_t(oh) * Wo;
          float* out = image + std::size_t(ih) * W;
          for (int ow = cols_in.first; ow < cols_in.last; ++ow) out[ow * stride + kj - pad] += in[ow];
        }
      }
    }
  }
}

}  // namespace ll
