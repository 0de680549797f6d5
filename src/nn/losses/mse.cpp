#include "nn/losses/mse.hpp"

namespace ll {

float mse(const float* prediction, const float* target, std::size_t count, Reduction reduction, float* dprediction) {
  const double scale = reduction_scale(reduction, count, "mse");
  double sum = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double diff = double(prediction[i]) - target[i];
    sum += diff * diff;
    if (dprediction) dprediction[i] = static_cast<float>(2.0 * diff * scale);
  }
  return static_cast<float>(sum * scale);
}

}  // namespace ll
