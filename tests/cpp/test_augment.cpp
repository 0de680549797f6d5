// Data augmentation: exactly the identity at strength 0, seeded, bounded, and
// each part doing what it says (shift moves ink, stroke changes thicken).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <vector>

#include <catch2/catch.hpp>

#include "data/augment.hpp"

using namespace ll;

namespace {

constexpr int kH = 28, kW = 28;

// A "1"-like bar and a ring, with grey edges: something for every part to move.
std::vector<float> two_digits() {
  std::vector<float> x(2 * kH * kW, 0.0f);
  for (int r = 6; r < 22; ++r) x[r * kW + 13] = 1.0f, x[r * kW + 14] = 0.6f;
  for (int r = 0; r < kH; ++r)
    for (int c = 0; c < kW; ++c) {
      const double d = std::hypot(r - 13.5, c - 13.5);
      x[kH * kW + r * kW + c] = float(std::max(0.0, 1.0 - std::abs(d - 7.0)));
    }
  return x;
}

std::vector<float> augmented(const std::vector<float>& x, float strength, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> out(x.size(), -1.0f);
  augment(x.data(), out.data(), int(x.size() / (kH * kW)), kH, kW, strength, rng);
  return out;
}

double ink(const float* x) {
  double sum = 0.0;
  for (int p = 0; p < kH * kW; ++p) sum += x[p];
  return sum;
}

}  // namespace

TEST_CASE("augmentation at strength 0 is exactly the identity, whatever the seed", "[augment]") {
  const auto x = two_digits();
  for (std::uint64_t seed : {1u, 2u, 99u}) CHECK(augmented(x, 0.0f, seed) == x);
}

TEST_CASE("augmentation is fixed by the seed and differs between seeds", "[augment]") {
  const auto x = two_digits();
  CHECK(augmented(x, 0.7f, 5) == augmented(x, 0.7f, 5));
  CHECK(augmented(x, 0.7f, 5) != augmented(x, 0.7f, 6));
  // The same number of draws per image at every strength: image 2 of a batch
  // sees the same stream whether image 1 was augmented weakly or strongly.
  Rng a(3), b(3);
  std::vector<float> out(x.size());
  augment(x.data(), out.data(), 2, kH, kW, 0.2f, a);
  augment(x.data(), out.data(), 2, kH, kW, 0.9f, b);
  CHECK(a.next_u32() == b.next_u32());
}

TEST_CASE("augmented images stay in [0, 1] and keep most of their ink in frame", "[augment]") {
  const auto x = two_digits();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const auto y = augmented(x, 1.0f, seed);
    for (float v : y) REQUIRE((v >= 0.0f && v <= 1.0f));
    for (int i = 0; i < 2; ++i) {
      // Scale ≥ 0.85 shrinks ink by at most 0.85² ≈ 0.72; erosion and
      // resampling take a little more. Dilation and scale 1.15 at most ≈ 4×.
      const double ratio = ink(y.data() + i * kH * kW) / ink(x.data() + i * kH * kW);
      REQUIRE(ratio > 0.3);
      REQUIRE(ratio < 4.0);
    }
  }
}

TEST_CASE("augmentation bounds: the ink's centre moves at most the shift plus what rotation and scale do", "[augment]") {
  // The bar's centre of mass sits near the image centre, where rotation,
  // scale and shear move it little: its displacement is bounded by the
  // shift (2 px per axis at strength 1) plus a pixel for the rest.
  const auto x = two_digits();
  auto centre = [](const float* image) {
    double sum = 0, row = 0, col = 0;
    for (int r = 0; r < kH; ++r)
      for (int c = 0; c < kW; ++c) sum += image[r * kW + c], row += r * image[r * kW + c], col += c * image[r * kW + c];
    return std::make_pair(row / sum, col / sum);
  };
  const auto [r0, c0] = centre(x.data());
  double largest = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const auto y = augmented(x, 1.0f, seed);
    const auto [r1, c1] = centre(y.data());
    largest = std::max({largest, std::abs(r1 - r0), std::abs(c1 - c0)});
  }
  std::cout << "augment: largest centre-of-mass move at strength 1: " << largest << " px\n";
  CHECK(largest <= kMaxShiftPixels + 1.0);
  CHECK(largest > 0.5);  // the shift does act
}

TEST_CASE("augmentation changes stroke width both ways", "[augment]") {
  const auto x = two_digits();
  int thicker = 0, thinner = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    const double ratio = ink(augmented(x, 1.0f, seed).data()) / ink(x.data());
    thicker += ratio > 1.3;
    thinner += ratio < 0.85;
  }
  std::cout << "augment: of 100 bars, " << thicker << " >30% more ink, " << thinner << " >15% less\n";
  CHECK(thicker > 20);
  CHECK(thinner > 5);
}

TEST_CASE("augmentation refuses bad sizes and strengths", "[augment]") {
  const auto x = two_digits();
  std::vector<float> out(x.size());
  Rng rng(1);
  CHECK_THROWS_WITH(augment(x.data(), out.data(), 2, kH, kW, 1.5f, rng), Catch::Contains("strength must be in [0, 1]"));
  CHECK_THROWS_WITH(augment(x.data(), out.data(), 2, kH, kW, NAN, rng), Catch::Contains("strength"));
  CHECK_THROWS_WITH(augment(x.data(), out.data(), 0, kH, kW, 0.5f, rng), Catch::Contains("sizes must be >= 1"));
}

#include "models/model_io.hpp"
#include "models/trainer.hpp"

namespace {

std::vector<float> trained_weights(float strength) {
  auto model = make_model(parse_model_config(R"({"type":"ae","arch":"dense","image":[1,28,28],"hidden":[16],"latent":2})"), 3);
  Tensor images = Tensor::from_shape({64, std::size_t(kH * kW)});
  const auto x = two_digits();
  for (std::size_t i = 0; i < 64; ++i) std::copy_n(x.data() + (i % 2) * kH * kW, kH * kW, images.data() + i * kH * kW);
  TrainConfig tc;
  tc.epochs = 1;
  tc.batch_size = 16;
  tc.augment = strength;
  Trainer trainer(*model, images, {}, tc);
  while (!trainer.finished()) trainer.step();
  return model->parameters().values();
}

}  // namespace

TEST_CASE("the trainer's augment option: 0 trains exactly as before, > 0 changes the batches, out of range is refused",
          "[augment][training]") {
  CHECK(trained_weights(0.0f) == trained_weights(0.0f));
  const TrainConfig defaults;
  CHECK(defaults.augment == 0.0f);
  CHECK(trained_weights(0.5f) != trained_weights(0.0f));
  CHECK(trained_weights(0.5f) == trained_weights(0.5f));
  TrainConfig bad;
  bad.augment = 1.5f;
  CHECK_THROWS_WITH(validate_train_config(bad), Catch::Contains("augment") && Catch::Contains("[0, 1]"));
  bad.augment = -0.1f;
  CHECK_THROWS_WITH(validate_train_config(bad), Catch::Contains("augment"));
}

TEST_CASE("a fixed transform: identity by default, a whole-pixel shift moves ink exactly, rotation by 90° turns it",
          "[augment]") {
  const auto x = two_digits();
  std::vector<float> y(x.size());
  transform_digits(x.data(), y.data(), 2, kH, kW, DigitTransform{});
  CHECK(y == x);
  DigitTransform shift;
  shift.shift_rows = 2.0f;
  shift.shift_cols = -1.0f;
  transform_digits(x.data(), y.data(), 1, kH, kW, shift);
  for (int r = 0; r < kH; ++r)
    for (int c = 0; c < kW; ++c) {
      const int sr = r - 2, sc = c + 1;
      const float expected = (sr < 0 || sr >= kH || sc < 0 || sc >= kW) ? 0.0f : x[sr * kW + sc];
      REQUIRE(y[r * kW + c] == Approx(expected).margin(1e-6));
    }
  DigitTransform quarter;
  quarter.rotation_degrees = 90.0f;
  transform_digits(x.data(), y.data(), 1, kH, kW, quarter);
  // The vertical bar (column 13, rows 6..21) becomes a horizontal one, about row 13.5.
  double row_ink = 0, total = 0;
  for (int c = 0; c < kW; ++c) row_ink += y[13 * kW + c] + y[14 * kW + c];
  for (int p = 0; p < kH * kW; ++p) total += y[p];
  CHECK(row_ink / total > 0.9);
  DigitTransform bad;
  bad.stroke = 2.0f;
  CHECK_THROWS_WITH(transform_digits(x.data(), y.data(), 1, kH, kW, bad), Catch::Contains("stroke in [-1, 1]"));
}
