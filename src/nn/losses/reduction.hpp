#pragma once
// How a loss combines its per-element terms: Sum, or Mean = Sum / element
// count (PyTorch's reduction='sum' / 'mean'). Gradients are scaled the same way.
#include <cstddef>
#include <stdexcept>
#include <string>

#include "nn/errors.hpp"

namespace ll {

enum class Reduction { Sum, Mean };

// The factor applied to the sum and to every gradient element. A mean over no
// elements is undefined (PyTorch gives NaN), so it throws instead.
inline double reduction_scale(Reduction reduction, std::size_t count, const char* loss) {
  if (reduction == Reduction::Sum) return 1.0;
  if (count == 0) throw Error(ErrorCode::invalid_argument, std::string(loss) + ": Reduction::Mean over 0 elements");
  return 1.0 / double(count);
}

}  // namespace ll
