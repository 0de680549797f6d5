#include "data/augment.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace ll {

namespace {

// The inverse map, output pixel -> input position: p_in = A (p_out − c − t) + c.
struct InverseAffine {
  float a00, a01, a10, a11;  // A, acting on (row, col)
  float shift_row, shift_col;  // t
};

InverseAffine inverse_of(const DigitTransform& t) {
  const float angle = t.rotation_degrees * 3.14159265358979f / 180.0f;
  // Forward map F = scale · R(angle) · Shear on (row, col), with col += shear · row;
  // R: row' = c·row − sn·col, col' = sn·row + c·col. A = F⁻¹.
  const float c = std::cos(angle), sn = std::sin(angle);
  const float f00 = t.scale * (c - sn * t.shear), f01 = t.scale * (-sn);
  const float f10 = t.scale * (sn + c * t.shear), f11 = t.scale * c;
  const float det = f00 * f11 - f01 * f10;
  return {f11 / det, -f01 / det, -f10 / det, f00 / det, t.shift_rows, t.shift_cols};
}

DigitTransform draw_transform(float s, Rng& rng) {
  DigitTransform t;
  t.rotation_degrees = rng.uniform(-1.0f, 1.0f) * s * kMaxRotationDegrees;
  t.scale = 1.0f + rng.uniform(-1.0f, 1.0f) * s * kMaxScale;
  t.shear = rng.uniform(-1.0f, 1.0f) * s * kMaxShear;
  t.shift_rows = rng.uniform(-1.0f, 1.0f) * s * kMaxShiftPixels;
  t.shift_cols = rng.uniform(-1.0f, 1.0f) * s * kMaxShiftPixels;
  t.stroke = rng.uniform(-kMaxErosion, 1.0f) * s;
  return t;
}

void warp(const float* in, float* out, int H, int W, const InverseAffine& m) {
  const float centre_row = 0.5f * (H - 1), centre_col = 0.5f * (W - 1);
  auto at = [&](int r, int c) { return (r < 0 || r >= H || c < 0 || c >= W) ? 0.0f : in[r * W + c]; };
  for (int r = 0; r < H; ++r)
    for (int c = 0; c < W; ++c) {
      const float y = r - centre_row - m.shift_row, x = c - centre_col - m.shift_col;
      const float src_row = m.a00 * y + m.a01 * x + centre_row, src_col = m.a10 * y + m.a11 * x + centre_col;
      const float r0 = std::floor(src_row), c0 = std::floor(src_col);
      const float fr = src_row - r0, fc = src_col - c0;
      const int ir = int(r0), ic = int(c0);
      out[r * W + c] = (1 - fr) * ((1 - fc) * at(ir, ic) + fc * at(ir, ic + 1)) +
                       fr * ((1 - fc) * at(ir + 1, ic) + fc * at(ir + 1, ic + 1));
    }
}

// x += |w| · (morph(x) − x), morph the 3×3-cross max (w > 0) or min (w < 0); scratch H×W.
void change_stroke(float* x, int H, int W, float w, std::vector<float>& scratch) {
  if (w == 0.0f) return;
  scratch.assign(x, x + std::size_t(H) * W);
  const bool dilate = w > 0;
  const float share = std::abs(w);
  for (int r = 0; r < H; ++r)
    for (int c = 0; c < W; ++c) {
      float v = scratch[r * W + c];
      const int dr[4] = {-1, 1, 0, 0}, dc[4] = {0, 0, -1, 1};
      for (int k = 0; k < 4; ++k) {
        const int rr = r + dr[k], cc = c + dc[k];
        const float n = (rr < 0 || rr >= H || cc < 0 || cc >= W) ? 0.0f : scratch[rr * W + cc];
        v = dilate ? std::max(v, n) : std::min(v, n);
      }
      const float old = scratch[r * W + c];
      x[r * W + c] = old + share * (v - old);
    }
}

void transform_one(const float* in, float* out, int H, int W, const DigitTransform& t, std::vector<float>& scratch) {
  warp(in, out, H, W, inverse_of(t));
  change_stroke(out, H, W, t.stroke, scratch);
  for (int p = 0; p < H * W; ++p) out[p] = std::min(1.0f, std::max(0.0f, out[p]));
}

void check_sizes(int N, int H, int W) {
  if (N < 1 || H < 1 || W < 1)
    throw std::invalid_argument("augment: sizes must be >= 1, got " + std::to_string(N) + "×" + std::to_string(H) + "×" +
                                std::to_string(W));
}

}  // namespace

void augment(const float* in, float* out, int N, int H, int W, float strength, Rng& rng) {
  check_sizes(N, H, W);
  if (!(strength >= 0.0f && strength <= 1.0f))
    throw std::invalid_argument("augment: strength must be in [0, 1], got " + std::to_string(strength));
  std::vector<float> scratch;
  const std::size_t size = std::size_t(H) * W;
  for (int i = 0; i < N; ++i) transform_one(in + i * size, out + i * size, H, W, draw_transform(strength, rng), scratch);
}

void transform_digits(const float* in, float* out, int N, int H, int W, const DigitTransform& t) {
  check_sizes(N, H, W);
  if (!(t.scale > 0.0f && t.scale <= 10.0f) || !std::isfinite(t.rotation_degrees) || !std::isfinite(t.shear) ||
      std::abs(t.shear) > 10.0f || !std::isfinite(t.shift_rows) || !std::isfinite(t.shift_cols) ||
      !(t.stroke >= -1.0f && t.stroke <= 1.0f))
    throw std::invalid_argument("transform: need scale in (0, 10], finite rotation and shifts, |shear| <= 10, stroke in [-1, 1]");
  std::vector<float> scratch;
  const std::size_t size = std::size_t(H) * W;
  for (int i = 0; i < N; ++i) transform_one(in + i * size, out + i * size, H, W, t, scratch);
}

}  // namespace ll
