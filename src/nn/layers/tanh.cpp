#include "nn/layers/tanh.hpp"

#include <cmath>

namespace ll {

void Tanh::forward(const Tensor& x, Tensor& y) {
  ensure_shape(y, shape_of(x));
  const float* xp = x.data();
  float* yp = y.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) yp[i] = std::tanh(xp[i]);
}

void Tanh::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) {
  require_shape("Tanh dy", shape_of(y), dy);
  ensure_shape(dx, shape_of(x));
  const float* yp = y.data();
  const float* dyp = dy.data();
  float* dxp = dx.data();
  for (std::size_t i = 0, n = y.size(); i < n; ++i) dxp[i] = dyp[i] * (1.0f - yp[i] * yp[i]);
}

}  // namespace ll
