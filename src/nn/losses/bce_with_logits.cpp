#include "nn/losses/bce_with_logits.hpp"

#include <algorithm>
#include <cmath>

namespace ll {

float bce_with_logits(const float* logits, const float* targets, std::size_t count, Reduction reduction,
                      float* dlogits) {
  const double scale = reduction_scale(reduction, count, "bce_with_logits");
  double sum = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double l = logits[i], t = targets[i];
    const double e = std::exp(-std::abs(l));  // in (0, 1]
    sum += std::max(l, 0.0) - l * t + std::log1p(e);
    if (dlogits) {
      const double sigmoid = l >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
      dlogits[i] = static_cast<float>((sigmoid - t) * scale);
    }
  }
  return static_cast<float>(sum * scale);
}

}  // namespace ll
