#include "nn/losses/huber.hpp"

#include <cmath>
#include <string>

#include "nn/errors.hpp"

namespace ll {

float huber(const float* prediction, const float* target, std::size_t count, Reduction reduction,
            float* dprediction, float delta) {
  if (!(delta > 0.0f) || !std::isfinite(delta))
    throw Error(ErrorCode::invalid_argument, "huber: delta must be a positive number, got " + std::to_string(delta));
  const double scale = reduction_scale(reduction, count, "huber");
  const double d_max = delta;
  double sum = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double diff = double(prediction[i]) - target[i];
    const double magnitude = std::abs(diff);
    const bool quadratic = magnitude < d_max;
    sum += quadratic ? 0.5 * diff * diff : d_max * (magnitude - 0.5 * d_max);
    if (dprediction) {
      const double slope = quadratic ? diff : (diff > 0 ? d_max : -d_max);
      dprediction[i] = static_cast<float>(slope * scale);
    }
  }
  return static_cast<float>(sum * scale);
}

}  // namespace ll
