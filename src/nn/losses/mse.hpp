#pragma once
// Mean squared error (torch.nn.functional.mse_loss):
//   prediction, target, dprediction   (count)   any layout, elementwise
//   per element   (p - t)²
//   gradient      2 (p - t), times 1/count for Reduction::Mean
// The value is accumulated in double.
#include <cstddef>

#include "nn/losses/reduction.hpp"

namespace ll {

// dprediction may be nullptr (value only); when given it is OVERWRITTEN with dL/dprediction.
float mse(const float* prediction, const float* target, std::size_t count, Reduction reduction, float* dprediction);

}  // namespace ll
