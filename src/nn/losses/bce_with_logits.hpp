#pragma once
// Binary cross-entropy on logits (torch.nn.functional.binary_cross_entropy_with_logits):
//   logits, targets, dlogits   (count)   any layout, elementwise; targets in [0, 1]
//   per element   max(l, 0) - l*t + log1p(exp(-|l|))   (= -t log σ(l) - (1-t) log(1-σ(l)))
//   gradient      σ(l) - t, times 1/count for Reduction::Mean
// The rewritten form never exponentiates a positive number, so logits of ±100
// give exact, finite values. The value is accumulated in double.
#include <cstddef>

#include "nn/losses/reduction.hpp"

namespace ll {

// dlogits may be nullptr (value only); when given it is OVERWRITTEN with dL/dlogits.
float bce_with_logits(const float* logits, const float* targets, std::size_t count, Reduction reduction,
                      float* dlogits);

}  // namespace ll
