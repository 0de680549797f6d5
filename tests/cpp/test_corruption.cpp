// Corruption samplers: statistics per kind, determinism under a seed, level checks, PSNR.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "data/corruption.hpp"

using namespace ll;

namespace {

constexpr int kN = 16, kH = 28, kW = 28;
constexpr std::size_t kCount = std::size_t(kN) * kH * kW;

std::vector<float> corrupted(const std::vector<float>& clean, CorruptionKind kind, float level, std::uint64_t seed,
                             int H = kH, int W = kW) {
  Rng rng(seed);
  std::vector<float> noisy(clean.size(), -1.0f);
  corrupt(clean.data(), noisy.data(), int(clean.size() / (std::size_t(H) * W)), H, W, {kind, level}, rng);
  return noisy;
}

double fraction_equal_to(const std::vector<float>& x, float value) {
  std::size_t n = 0;
  for (float v : x) n += v == value;
  return double(n) / double(x.size());
}

}  // namespace

TEST_CASE("Gaussian noise has the requested sigma before clamping, and is clamped to [0, 1]", "[corruption]") {
  const std::vector<float> grey(kCount, 0.5f);
  const float sigma = 0.1f;  // 5 sigma from either bound: clamping practically never acts
  const std::vector<float> noisy = corrupted(grey, CorruptionKind::Gaussian, sigma, 1);
  double sum = 0.0, sum_sq = 0.0;
  for (std::size_t i = 0; i < kCount; ++i) {
    const double d = noisy[i] - grey[i];
    sum += d;
    sum_sq += d * d;
  }
  const double mean = sum / kCount;
  const double std_dev = std::sqrt(sum_sq / kCount - mean * mean);
  std::cout << "gaussian sigma " << sigma << ": measured std " << std_dev << ", mean " << mean << "\n";
  CHECK(std::abs(std_dev - sigma) < 0.004);
  CHECK(std::abs(mean) < 0.004);

  const std::vector<float> heavy = corrupted(grey, CorruptionKind::Gaussian, 1.0f, 2);
  for (float v : heavy) REQUIRE((v >= 0.0f && v <= 1.0f));
  CHECK(fraction_equal_to(heavy, 0.0f) > 0.2);  // P(N(0,1) < -0.5) ≈ 0.31
  CHECK(fraction_equal_to(heavy, 1.0f) > 0.2);
}

TEST_CASE("salt and pepper corrupts a fraction p of pixels, half to 0 and half to 1", "[corruption]") {
  const std::vector<float> grey(kCount, 0.5f);
  for (float p : {0.05f, 0.2f, 0.6f, 1.0f}) {
    const std::vector<float> noisy = corrupted(grey, CorruptionKind::SaltAndPepper, p, 3);
    const double pepper = fraction_equal_to(noisy, 0.0f), salt = fraction_equal_to(noisy, 1.0f);
    const double kept = fraction_equal_to(noisy, 0.5f);
    std::cout << "salt_and_pepper p " << p << ": pepper " << pepper << ", salt " << salt << "\n";
    CHECK(std::abs(pepper + salt - p) < 0.015);
    CHECK(std::abs(pepper - salt) < 0.02);
    CHECK(pepper + salt + kept == Approx(1.0));
  }
}

TEST_CASE("masking zeroes a fraction p of pixels and leaves the rest untouched", "[corruption]") {
  const std::vector<float> ones(kCount, 1.0f);
  for (float p : {0.0f, 0.1f, 0.5f, 0.9f}) {
    const std::vector<float> noisy = corrupted(ones, CorruptionKind::Masking, p, 4);
    const double zeros = fraction_equal_to(noisy, 0.0f);
    std::cout << "masking p " << p << ": zero fraction " << zeros << "\n";
    CHECK(std::abs(zeros - p) < 0.015);
    CHECK(zeros + fraction_equal_to(noisy, 1.0f) == Approx(1.0));
  }
}

TEST_CASE("block occlusion zeroes one square of the requested side per image", "[corruption]") {
  const std::vector<float> ones(kCount, 1.0f);
  const std::vector<float> noisy = corrupted(ones, CorruptionKind::BlockOcclusion, 0.25f, 5);  // side 7
  std::vector<std::pair<int, int>> corners;
  for (int n = 0; n < kN; ++n) {
    int top = kH, bottom = -1, left = kW, right = -1, zeros = 0;
    for (int r = 0; r < kH; ++r) {
      for (int c = 0; c < kW; ++c) {
        if (noisy[(n * kH + r) * kW + c] == 0.0f) {
          ++zeros;
          top = std::min(top, r), bottom = std::max(bottom, r), left = std::min(left, c), right = std::max(right, c);
        } else {
          REQUIRE(noisy[(n * kH + r) * kW + c] == 1.0f);
        }
      }
    }
    CHECK(zeros == 49);
    CHECK(bottom - top + 1 == 7);
    CHECK(right - left + 1 == 7);
    corners.emplace_back(top, left);
  }
  bool positions_vary = false;
  for (const auto& corner : corners) positions_vary |= corner != corners[0];
  CHECK(positions_vary);

  // The side is a fraction of the shorter side: 0.5 of min(10, 20) = 5 pixels.
  const std::vector<float> wide(10 * 20, 1.0f);
  CHECK(fraction_equal_to(corrupted(wide, CorruptionKind::BlockOcclusion, 0.5f, 6, 10, 20), 0.0f) == Approx(25.0 / 200));
  CHECK(fraction_equal_to(corrupted(ones, CorruptionKind::BlockOcclusion, 1.0f, 7), 0.0f) == 1.0);
  CHECK(corrupted(ones, CorruptionKind::BlockOcclusion, 0.0f, 8) == ones);
}

TEST_CASE("corruption is a function of the seed, and works in place", "[corruption]") {
  std::vector<float> clean(kCount);
  Rng image_rng(9);
  for (float& v : clean) v = image_rng.uniform();
  for (const char* name : {"gaussian", "salt_and_pepper", "masking", "block"}) {
    INFO(name);
    const CorruptionKind kind = parse_corruption_kind(name);
    const std::vector<float> a = corrupted(clean, kind, 0.3f, 42);
    CHECK(a == corrupted(clean, kind, 0.3f, 42));
    CHECK(a != corrupted(clean, kind, 0.3f, 43));
    CHECK(a != clean);

    std::vector<float> in_place = clean;
    Rng rng(42);
    corrupt(in_place.data(), in_place.data(), kN, kH, kW, {kind, 0.3f}, rng);
    CHECK(in_place == a);
  }
  CHECK(corrupted(clean, CorruptionKind::None, 0.0f, 1) == clean);
}

TEST_CASE("corrupt rejects levels outside [0, 1] and negative sizes", "[corruption]") {
  std::vector<float> x(kH * kW, 0.5f);
  Rng rng(1);
  for (float level : {-0.01f, 1.5f, std::numeric_limits<float>::quiet_NaN()}) {
    CHECK_THROWS_WITH(corrupt(x.data(), x.data(), 1, kH, kW, {CorruptionKind::Masking, level}, rng),
                      Catch::Contains("'masking'") && Catch::Contains("[0, 1]"));
  }
  CHECK_THROWS_WITH(corrupt(x.data(), x.data(), -1, kH, kW, {CorruptionKind::Gaussian, 0.1f}, rng),
                    Catch::Contains("N=-1"));
}

TEST_CASE("corruption kinds round-trip through their names", "[corruption]") {
  for (CorruptionKind kind : {CorruptionKind::None, CorruptionKind::Gaussian, CorruptionKind::SaltAndPepper,
                              CorruptionKind::Masking, CorruptionKind::BlockOcclusion, CorruptionKind::Mixture}) {
    CHECK(parse_corruption_kind(corruption_kind_name(kind)) == kind);
  }
  CHECK(corruption_kind_name(CorruptionKind::SaltAndPepper) == "salt_and_pepper");
  CHECK_THROWS_WITH(parse_corruption_kind("speckle"),
                    Catch::Contains("\"speckle\"") && Catch::Contains("\"salt_and_pepper\"") && Catch::Contains("\"block\""));
}

TEST_CASE("a mixture gives each image one of the four kinds at a level up to the given one", "[corruption]") {
  // Mid-grey images: each kind leaves its own trace. Gaussian noise makes values
  // other than 0, 0.5 and 1; salt and pepper makes 1s; masking and blocks make 0s
  // (a block in one square, masking scattered).
  constexpr int N = 400;
  const std::vector<float> grey(std::size_t(N) * kH * kW, 0.5f);
  const auto noisy = corrupted(grey, CorruptionKind::Mixture, 0.7f, 11);
  int gaussian = 0, salted = 0, zeroed = 0, untouched = 0;
  for (int n = 0; n < N; ++n) {
    const float* image = noisy.data() + std::size_t(n) * kH * kW;
    bool other = false, ones = false, zeros = false;
    for (int i = 0; i < kH * kW; ++i) {
      other |= image[i] != 0.0f && image[i] != 0.5f && image[i] != 1.0f;
      ones |= image[i] == 1.0f;
      zeros |= image[i] == 0.0f;
    }
    gaussian += other;
    salted += ones && !other;
    zeroed += zeros && !ones && !other;
    untouched += !other && !ones && !zeros;
  }
  // Each kind is drawn with probability 1/4; a level near 0 can leave an image as it was.
  CHECK(gaussian > N / 8);
  CHECK(salted > N / 8);
  CHECK(zeroed > N / 4);
  CHECK(untouched < N / 10);
  CHECK(noisy == corrupted(grey, CorruptionKind::Mixture, 0.7f, 11));
  CHECK(corrupted(grey, CorruptionKind::Mixture, 0.0f, 11) == grey);
}

TEST_CASE("psnr is 10 log10(1 / MSE), capped for identical images", "[corruption]") {
  const std::vector<float> zeros(100, 0.0f), tenth(100, 0.1f);
  std::vector<float> half_wrong = zeros;
  for (int i = 0; i < 50; ++i) half_wrong[i] = 1.0f;  // MSE 0.5
  CHECK(psnr(zeros.data(), tenth.data(), 100) == Approx(20.0f).epsilon(1e-5));
  CHECK(psnr(zeros.data(), half_wrong.data(), 100) == Approx(10.0f * std::log10(2.0f)).epsilon(1e-5));
  CHECK(psnr(tenth.data(), tenth.data(), 100) == kPsnrCapDb);
  CHECK_THROWS_WITH(psnr(zeros.data(), zeros.data(), 0), Catch::Contains("empty"));
}
