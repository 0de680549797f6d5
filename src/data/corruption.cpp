#include "data/corruption.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>

#include "models/limits.hpp"
#include "nn/errors.hpp"

namespace ll {
namespace {

struct KindName {
  CorruptionKind kind;
  const char* name;
};

constexpr KindName kKindNames[] = {{CorruptionKind::None, "none"},
                                   {CorruptionKind::Gaussian, "gaussian"},
                                   {CorruptionKind::SaltAndPepper, "salt_and_pepper"},
                                   {CorruptionKind::Masking, "masking"},
                                   {CorruptionKind::BlockOcclusion, "block"},
                                   {CorruptionKind::Mixture, "mixture"}};

constexpr CorruptionKind kMixedKinds[] = {CorruptionKind::Gaussian, CorruptionKind::SaltAndPepper,
                                          CorruptionKind::Masking, CorruptionKind::BlockOcclusion};

float clamp_unit(float v) { return std::min(1.0f, std::max(0.0f, v)); }

void add_gaussian(float* x, std::size_t count, float sigma, Rng& rng) {
  for (std::size_t i = 0; i < count; ++i) x[i] = clamp_unit(x[i] + sigma * rng.normal());
}

// One uniform draw per pixel: u < p corrupts, and u < p/2 (half of those) is pepper.
void salt_and_pepper(float* x, std::size_t count, float p, Rng& rng) {
  for (std::size_t i = 0; i < count; ++i) {
    const float u = rng.uniform();
    if (u < p) x[i] = u < 0.5f * p ? 0.0f : 1.0f;
  }
}

void mask(float* x, std::size_t count, float p, Rng& rng) {
  for (std::size_t i = 0; i < count; ++i) {
    if (rng.uniform() < p) x[i] = 0.0f;
  }
}

// x: N×H×W; one block per image, drawn top then left.
void occlude_blocks(float* x, int N, int H, int W, float fraction, Rng& rng) {
  const int side = static_cast<int>(std::lround(fraction * std::min(H, W)));
  if (side == 0) return;
  for (int n = 0; n < N; ++n) {
    const int top = static_cast<int>(rng.below(static_cast<std::uint32_t>(H - side + 1)));
    const int left = static_cast<int>(rng.below(static_cast<std::uint32_t>(W - side + 1)));
    float* image = x + static_cast<std::size_t>(n) * H * W;
    for (int r = top; r < top + side; ++r) std::fill_n(image + static_cast<std::size_t>(r) * W + left, side, 0.0f);
  }
}

void corrupt_one_kind(float* x, int N, int H, int W, const Corruption& c, Rng& rng) {
  const std::size_t count = static_cast<std::size_t>(N) * H * W;
  switch (c.kind) {
    case CorruptionKind::None: return;
    case CorruptionKind::Gaussian: return add_gaussian(x, count, c.level, rng);
    case CorruptionKind::SaltAndPepper: return salt_and_pepper(x, count, c.level, rng);
    case CorruptionKind::Masking: return mask(x, count, c.level, rng);
    case CorruptionKind::BlockOcclusion: return occlude_blocks(x, N, H, W, c.level, rng);
    case CorruptionKind::Mixture: break;
  }
  // Kind, then level, then the kind's own draws, image by image.
  const std::size_t image_size = static_cast<std::size_t>(H) * W;
  for (int n = 0; n < N; ++n) {
    const CorruptionKind kind = kMixedKinds[rng.below(std::size(kMixedKinds))];
    const float level = c.level * rng.uniform();
    corrupt_one_kind(x + n * image_size, 1, H, W, Corruption{kind, level}, rng);
  }
}

}  // namespace

void corrupt(const float* clean, float* noisy, int N, int H, int W, const Corruption& c, Rng& rng) {
  if (N < 0 || H < 0 || W < 0) {
    throw Error(ErrorCode::invalid_argument, "corrupt: sizes must be non-negative, got N=" + std::to_string(N) +
                                " H=" + std::to_string(H) + " W=" + std::to_string(W));
  }
  if (c.kind != CorruptionKind::None && !limits::noise_level.contains(c.level)) {
    throw Error(ErrorCode::invalid_argument, "corrupt: level for '" + corruption_kind_name(c.kind) + "' must be in " +
                                                 limits::range_text(limits::noise_level) + ", got " +
                                                 limits::number_text(c.level));
  }
  const std::size_t count = static_cast<std::size_t>(N) * H * W;
  if (noisy != clean) std::copy(clean, clean + count, noisy);
  corrupt_one_kind(noisy, N, H, W, c, rng);
}

CorruptionKind parse_corruption_kind(const std::string& name) {
  std::string valid;
  for (const KindName& k : kKindNames) {
    if (name == k.name) return k.kind;
    valid += valid.empty() ? "" : ", ";
    valid += std::string("\"") + k.name + "\"";
  }
  // The name may come from a URL or a file: quote at most 40 bytes of it.
  const std::string shown = name.size() <= 40 ? name : name.substr(0, 40) + "…";
  throw Error(ErrorCode::invalid_argument, "unknown corruption kind \"" + shown + "\"; valid kinds: " + valid);
}

std::string corruption_kind_name(CorruptionKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  throw Error(ErrorCode::internal, "corruption_kind_name: invalid CorruptionKind value " +
                              std::to_string(static_cast<int>(kind)));
}

float psnr(const float* a, const float* b, std::size_t count) {
  if (count == 0) throw Error(ErrorCode::invalid_argument, "psnr: images are empty");
  double squared_error = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double d = static_cast<double>(a[i]) - b[i];
    squared_error += d * d;
  }
  const double mse = squared_error / static_cast<double>(count);
  const double min_mse = std::pow(10.0, -kPsnrCapDb / 10.0);
  return static_cast<float>(10.0 * std::log10(1.0 / std::max(mse, min_mse)));
}

}  // namespace ll
