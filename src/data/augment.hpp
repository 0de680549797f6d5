#pragma once
// Seeded data augmentation for training: each image gets one random affine
// map (rotation, scaling, shear, shift) and one stroke-width change (a partial
// dilation or erosion), so a model learns digits written the way MNIST's were
// not: thicker or thinner strokes, slanted, rotated, a little off-centre, as
// drawings on the page's pad are. Dimension letters: N images, H height,
// W width; images are single-channel N×H×W with values in [0, 1].
//
// At strength s in [0, 1] each image draws, uniformly:
//   rotation  ±kMaxRotationDegrees·s        scale  1 ± kMaxScale·s (both axes)
//   shear     x += ±kMaxShear·s · y         shift  ±kMaxShiftPixels·s per axis
//   stroke    w in [−kMaxErosion·s, s]: w > 0 moves each pixel a share w of
//             the way to its 3×3-cross dilation (max), w < 0 a share |w| to
//             its erosion (min). More room to thicken than to thin, because
//             drawn strokes are thicker than MNIST's.
// The map is about the image centre ((H−1)/2, (W−1)/2), resampled bilinearly
// (outside the image is 0). Every image takes the same number of draws from
// the Rng whatever s is, so s = 0 is exactly the identity and a seed fixes the
// result for every strength.
#include "nn/rng.hpp"

namespace ll {

constexpr float kMaxRotationDegrees = 15.0f;
constexpr float kMaxScale = 0.15f;
constexpr float kMaxShear = 0.3f;
constexpr float kMaxShiftPixels = 2.0f;
constexpr float kMaxErosion = 0.5f;

// in, out: N×H×W, not overlapping. Throws std::invalid_argument on a size < 1
// or a strength outside [0, 1].
void augment(const float* in, float* out, int N, int H, int W, float strength, Rng& rng);

// One fixed transform, the one augment() draws at random: what the drawn-digit
// benchmark applies to test digits to make them look drawn.
struct DigitTransform {
  float rotation_degrees = 0.0f;  // counter-clockwise on screen
  float scale = 1.0f;             // > 0
  float shear = 0.0f;             // col += shear · (row − centre)
  float shift_rows = 0.0f, shift_cols = 0.0f;  // pixels, down and right
  float stroke = 0.0f;            // in [−1, 1]: share of the way to the dilation (> 0) or erosion (< 0)
};
void transform_digits(const float* in, float* out, int N, int H, int W, const DigitTransform& t);

}  // namespace ll
