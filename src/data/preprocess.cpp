#include "data/preprocess.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/errors.hpp"

namespace ll {
namespace {

float clamp01(float v) { return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f; }  // NaN -> 0

// One term of an area-averaging resample along one axis: output sample `out`
// takes `weight` times input sample `in`.
struct ResampleTerm {
  int out;
  int in;
  float weight;
};

// Output sample j covers input interval [j·s, (j+1)·s) with s = in_size/out_extent
// input samples per output sample; each input sample contributes its overlap
// with that interval, divided by s, so a fully covered output is a plain mean.
// The last output may reach past the input (out_size rounds up), and the part
// outside counts as no ink: that is the anti-aliased edge.
std::vector<ResampleTerm> area_resample_terms(int in_size, int out_size, double s) {
  std::vector<ResampleTerm> terms;
  for (int j = 0; j < out_size; ++j) {
    const double start = j * s;
    const double end = std::min((j + 1) * s, static_cast<double>(in_size));
    for (int i = static_cast<int>(std::floor(start)); i < end; ++i) {
      const double overlap = std::min(end, i + 1.0) - std::max(start, static_cast<double>(i));
      if (overlap > 0.0) terms.push_back({j, i, static_cast<float>(overlap / s)});
    }
  }
  return terms;
}

}  // namespace

void mnistify(const float* ink, int H, int W, float* out28x28) {
  if (H < 0 || W < 0) {
    throw Error(ErrorCode::invalid_argument, "mnistify: drawing size must be non-negative, got " + std::to_string(H) + "x" +
                                std::to_string(W));
  }
  std::fill_n(out28x28, kMnistSide * kMnistSide, 0.0f);

  int top = H, bottom = -1, left = W, right = -1;
  for (int r = 0; r < H; ++r) {
    for (int c = 0; c < W; ++c) {
      if (ink[static_cast<std::size_t>(r) * W + c] > 0.0f) {
        top = std::min(top, r);
        bottom = std::max(bottom, r);
        left = std::min(left, c);
        right = std::max(right, c);
      }
    }
  }
  if (bottom < 0) return;

  const int crop_h = bottom - top + 1;
  const int crop_w = right - left + 1;
  const int longest = std::max(crop_h, crop_w);
  // Integer ceilings, so the longer side is exactly kMnistBox whatever the rounding.
  const int box_h = static_cast<int>((static_cast<long long>(crop_h) * kMnistBox + longest - 1) / longest);
  const int box_w = static_cast<int>((static_cast<long long>(crop_w) * kMnistBox + longest - 1) / longest);
  const double input_per_output = static_cast<double>(longest) / kMnistBox;

  // Separable: rows first (crop_h × box_w), then columns (box_h × box_w).
  std::vector<float> wide(static_cast<std::size_t>(crop_h) * box_w, 0.0f);
  for (const ResampleTerm& t : area_resample_terms(crop_w, box_w, input_per_output)) {
    for (int r = 0; r < crop_h; ++r) {
      const float v = clamp01(ink[static_cast<std::size_t>(top + r) * W + left + t.in]);
      wide[static_cast<std::size_t>(r) * box_w + t.out] += t.weight * v;
    }
  }
  std::vector<float> box(static_cast<std::size_t>(box_h) * box_w, 0.0f);
  for (const ResampleTerm& t : area_resample_terms(crop_h, box_h, input_per_output)) {
    for (int c = 0; c < box_w; ++c) box[t.out * box_w + c] += t.weight * wide[t.in * box_w + c];
  }

  double mass = 0.0, row_moment = 0.0, col_moment = 0.0;
  for (int r = 0; r < box_h; ++r) {
    for (int c = 0; c < box_w; ++c) {
      const double v = box[r * box_w + c];
      mass += v;
      row_moment += v * r;
      col_moment += v * c;
    }
  }
  if (!(mass > 0.0)) return;
  const int shift_r = std::clamp(static_cast<int>(std::lround(kMnistCentre - row_moment / mass)), 0, kMnistSide - box_h);
  const int shift_c = std::clamp(static_cast<int>(std::lround(kMnistCentre - col_moment / mass)), 0, kMnistSide - box_w);
  for (int r = 0; r < box_h; ++r) {
    for (int c = 0; c < box_w; ++c) {
      out28x28[(r + shift_r) * kMnistSide + c + shift_c] = clamp01(box[r * box_w + c]);
    }
  }
}

}  // namespace ll
