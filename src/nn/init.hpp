#pragma once
// Initialisers matching PyTorch's defaults (the distributions, not the bits:
// our Rng is not torch's). Linear and Conv use kaiming_uniform_(a=sqrt(5)),
// which reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the weight, and the
// bias uses the same bound.
#include <cmath>
#include <cstddef>

#include "nn/rng.hpp"

namespace ll {

inline void init_uniform_fan_in(float* values, std::size_t count, std::size_t fan_in, Rng& rng) {
  const float bound = 1.0f / std::sqrt(static_cast<float>(fan_in));
  for (std::size_t i = 0; i < count; ++i) values[i] = rng.uniform(-bound, bound);
}

}  // namespace ll
