#include "nn/layers/leaky_relu.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/errors.hpp"

namespace ll {

LeakyReLU::LeakyReLU(float negative_slope) : negative_slope_(negative_slope) {
  if (!std::isfinite(negative_slope))
    throw Error(ErrorCode::invalid_argument, "LeakyReLU: negative_slope must be finite, got " + std::to_string(negative_slope));
}

void LeakyReLU::forward(const Tensor& x, Tensor& y) {
  ensure_shape(y, shape_of(x));
  const float* xp = x.data();
  float* yp = y.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) yp[i] = xp[i] > 0.0f ? xp[i] : negative_slope_ * xp[i];
}

void LeakyReLU::backward(const Tensor& x, const Tensor& /*y*/, const Tensor& dy, Tensor& dx) {
  require_shape("LeakyReLU dy", shape_of(x), dy);
  ensure_shape(dx, shape_of(x));
  const float* xp = x.data();
  const float* dyp = dy.data();
  float* dxp = dx.data();
  for (std::size_t i = 0, n = x.size(); i < n; ++i) dxp[i] = xp[i] > 0.0f ? dyp[i] : negative_slope_ * dyp[i];
}

}  // namespace ll
