#pragma once
// Corruption samplers for the denoising autoencoder (its inputs) and the
// page's denoise view. Dimension letters: N images, H height, W width; images
// are single-channel N×H×W (the same memory as N×1×H×W) with values in [0, 1].
//
// All randomness comes from the caller's Rng, so a seed fixes the corruption.
#include <cstddef>
#include <string>

#include "nn/rng.hpp"

namespace ll {

enum class CorruptionKind { None, Gaussian, SaltAndPepper, Masking, BlockOcclusion, Mixture };

// level means, per kind (each must lie in [0, 1]; None ignores it):
//   Gaussian        sigma of additive N(0, sigma²) noise; the result is clamped to [0, 1]
//   SaltAndPepper   probability p that a pixel becomes 0 or 1 (each half the time)
//   Masking         probability p that a pixel becomes 0
//   BlockOcclusion  side of one square block of zeros, as a fraction of min(H, W)
//                   (rounded to whole pixels), at a uniformly random position inside the image
//   Mixture         each image gets one of the four kinds above, uniformly, at a level
//                   uniform in [0, level]: a denoiser trained on it meets every kind and
//                   strength the Denoise view offers
struct Corruption {
  CorruptionKind kind = CorruptionKind::None;
  float level = 0.0f;
};

// clean, noisy: N×H×W. noisy may equal clean (in place). Throws
// std::invalid_argument on a negative size or a level outside [0, 1].
void corrupt(const float* clean, float* noisy, int N, int H, int W, const Corruption& c, Rng& rng);

// Names: "none", "gaussian", "salt_and_pepper", "masking", "block", "mixture".
CorruptionKind parse_corruption_kind(const std::string& name);
std::string corruption_kind_name(CorruptionKind kind);

// Peak signal-to-noise ratio for peak value 1: 10·log10(1 / MSE), in dB.
// Capped at kPsnrCapDb (identical images, MSE 0, give exactly the cap) so the
// value stays finite for charts and JSON, which have no infinity.
constexpr float kPsnrCapDb = 99.0f;
float psnr(const float* a, const float* b, std::size_t count);

}  // namespace ll
