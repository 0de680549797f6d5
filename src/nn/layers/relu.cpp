#include "nn/layers/relu.hpp"

namespace ll {

void ReLU::forward(const Tensor& x, Tensor& y) {
  ensure_shape(y, shape_of(x));
  const float* xp = x.data();
  float* yp = y.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) yp[i] = xp[i] > 0.0f ? xp[i] : 0.0f;
}

void ReLU::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) {
  ensure_shape(dx, shape_of(x));
  const float* yp = y.data();
  const float* dyp = dy.data();
  float* dxp = dx.data();
  // dy is read unconditionally so the select compiles to a vector mask, not a branch.
  for (std::size_t i = 0, n = x.size(); i < n; ++i) {
    const float g = dyp[i];
    dxp[i] = yp[i] > 0.0f ? g : 0.0f;
  }
}

}  // namespace ll
