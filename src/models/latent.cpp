#include "models/latent.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/limits.hpp"
#include "nn/checked_size.hpp"
#include "nn/errors.hpp"

namespace ll {

void sample_prior(int n, int latent, float temperature, Rng& rng, Tensor& out) {
  if (!limits::sample_count.contains(n))
    throw Error(ErrorCode::invalid_argument, "sample count must be an integer in " +
                                                 limits::range_text(limits::sample_count) + ", got " + std::to_string(n));
  if (!limits::latent.contains(latent))
    throw Error(ErrorCode::invalid_argument, "sample_prior: latent size must be in " + limits::range_text(limits::latent) +
                                                 ", got " + std::to_string(latent));
  if (!limits::temperature.contains(temperature))
    throw Error(ErrorCode::invalid_argument, "temperature must be in " + limits::range_text(limits::temperature) +
                                                 ", got " + limits::number_text(temperature));
  ensure_shape(out, {std::size_t(n), std::size_t(latent)});
  for (auto& v : out) v = temperature * rng.normal();
}

void interpolate(const float* a, const float* b, int latent, int steps, bool spherical, Tensor& out) {
  if (!limits::interpolation_steps.contains(steps))
    throw Error(ErrorCode::invalid_argument, "interpolation steps must be an integer in " +
                                                 limits::range_text(limits::interpolation_steps) + ", got " +
                                                 std::to_string(steps));
  // steps × latent wrapped in 32-bit WASM once (10,000 × 429,497 → 2,704 floats allocated, 4.3·10⁹ written).
  checked_product({std::uint64_t(steps), std::uint64_t(latent)}, limits::output_values.max, "interpolation");
  ensure_shape(out, {std::size_t(steps), std::size_t(latent)});
  double norm_a = 0, norm_b = 0, dot = 0;
  for (int j = 0; j < latent; ++j) {
    if (!std::isfinite(a[j]) || !std::isfinite(b[j])) throw Error(ErrorCode::invalid_argument, "interpolate: endpoints contain NaN or Inf");
    norm_a += double(a[j]) * a[j], norm_b += double(b[j]) * b[j], dot += double(a[j]) * b[j];
  }
  norm_a = std::sqrt(norm_a), norm_b = std::sqrt(norm_b);
  const double cosine = (norm_a > 0 && norm_b > 0) ? dot / (norm_a * norm_b) : 1.0;
  const double angle = std::acos(std::max(-1.0, std::min(1.0, cosine)));
  const bool use_slerp = spherical && norm_a > 1e-12 && norm_b > 1e-12 && std::sin(angle) > 1e-6;
  for (int s = 0; s < steps; ++s) {
    const double t = double(s) / (steps - 1);
    float* row = out.data() + std::size_t(s) * latent;
    if (!use_slerp) {
      for (int j = 0; j < latent; ++j) row[j] = float((1 - t) * a[j] + t * b[j]);
      continue;
    }
    const double wa = std::sin((1 - t) * angle) / std::sin(angle), wb = std::sin(t * angle) / std::sin(angle);
    const double norm = (1 - t) * norm_a + t * norm_b;
    for (int j = 0; j < latent; ++j) row[j] = float(norm * (wa * a[j] / norm_a + wb * b[j] / norm_b));
  }
}

}  // namespace ll
