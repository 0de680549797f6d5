#include "nn/losses/bce_with_logits.hpp"

#include <algorithm>
#include <cmath>

namespace ll {

float bce_with_logits(const float* logits, const float* targets, std::size_t count, Reduction reduction,
                      float* dlogits) {
  const double scale = reduction_scale(reduction, count, "bce_with_logits");
  const float gradient_scale = static_cast<float>(scale);
  // Each term in float (expf and log1pf are several times cheaper than their
  // double versions, and this loop is a tenth of a dense VAE's training step);
  // the sum in double, so a batch's hundred thousand terms lose nothing.
  double sum = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const float l = logits[i], t = targets[i];
    const float e = std::exp(-std::abs(l));  // in (0, 1]
    sum += double(std::max(l, 0.0f) - l * t + std::log1p(e));
    if (dlogits) {
      const float sigmoid = (l >= 0.0f ? 1.0f : e) / (1.0f + e);
      dlogits[i] = (sigmoid - t) * gradient_scale;
    }
  }
  return static_cast<float>(sum * scale);
}

}  // namespace ll
