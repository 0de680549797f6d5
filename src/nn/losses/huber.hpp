#pragma once
// Huber loss (torch.nn.functional.huber_loss; with delta = 1 it is also
// smooth_l1_loss with beta = 1, PyTorch's default and DQN's TD loss):
//   prediction, target, dprediction   (count)   any layout, elementwise
//   d = p - t
//   per element   ½ d²                  when |d| < delta
//                 delta (|d| - ½ delta)   otherwise
//   gradient      clamp(d, -delta, delta), times 1/count for Reduction::Mean
// Quadratic near the target, linear far from it: a TD error of 100 pulls the
// network as hard as one of delta, which is why DQN prefers it to MSE.
// The value is accumulated in double.
#include <cstddef>

#include "nn/losses/reduction.hpp"

namespace ll {

constexpr float kHuberDefaultDelta = 1.0f;

// dprediction may be nullptr (value only); when given it is OVERWRITTEN with
// dL/dprediction. Throws ll::Error(invalid_argument) unless delta > 0.
float huber(const float* prediction, const float* target, std::size_t count, Reduction reduction,
            float* dprediction, float delta = kHuberDefaultDelta);

}  // namespace ll
