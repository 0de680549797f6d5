#include "nn/layers/sigmoid.hpp"

#include <cmath>

namespace ll {

void Sigmoid::forward(const Tensor& x, Tensor& y) {
  ensure_shape(y, shape_of(x));
  const float* xp = x.data();
  float* yp = y.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) {
    const float e = std::exp(-std::abs(xp[i]));  // in (0, 1]
    yp[i] = xp[i] >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
  }
}

void Sigmoid::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) {
  require_shape("Sigmoid dy", shape_of(y), dy);
  ensure_shape(dx, shape_of(x));
  const float* yp = y.data();
  const float* dyp = dy.data();
  float* dxp = dx.data();
  for (std::size_t i = 0, n = y.size(); i < n; ++i) dxp[i] = dyp[i] * yp[i] * (1.0f - yp[i]);
}

}  // namespace ll
