#pragma once
// Operations in latent space that the page and the CLI need. Z = latent size.
#include <cstdint>

#include "nn/rng.hpp"
#include "nn/tensor.hpp"

namespace ll {

// out [N, Z]: draws from N(0, temperature² I).
void sample_prior(int n, int latent, float temperature, Rng& rng, Tensor& out);

// out [steps, Z]: from a to b inclusive. Linear, or spherical (slerp on the
// directions with the norms interpolated linearly, which keeps codes at the
// typical radius of a Gaussian prior; falls back to linear for near-parallel
// or zero vectors).
void interpolate(const float* a, const float* b, int latent, int steps, bool spherical, Tensor& out);

}  // namespace ll
