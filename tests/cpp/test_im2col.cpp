// im2col / col2im: a hand-worked example, agreement with a naive bounds-checked
// unfolding at awkward sizes (padding wider than the kernel, strides that skip
// the last column), and adjointness <col2im(a), b> = <a, im2col(b)>, which is
// what makes Conv2d's backward (and ConvTranspose2d's forward) correct.
#include <cmath>
#include <iostream>
#include <vector>

#include <catch2/catch.hpp>

#include "nn/kernels/im2col.hpp"
#include "nn/rng.hpp"

using namespace ll;

namespace {

struct Unfold {
  int C, H, W, K, stride, pad;
  int Ho() const { return (H + 2 * pad - K) / stride + 1; }
  int Wo() const { return (W + 2 * pad - K) / stride + 1; }
  std::size_t image_size() const { return std::size_t(C) * H * W; }
  std::size_t cols_size() const { return std::size_t(C) * K * K * Ho() * Wo(); }
};

const Unfold kUnfolds[] = {
    {1, 1, 1, 1, 1, 0}, {1, 5, 5, 3, 1, 1}, {3, 7, 5, 3, 2, 1}, {2, 9, 9, 3, 2, 0}, {1, 5, 7, 1, 2, 1},
    {2, 6, 4, 2, 3, 2}, {1, 4, 4, 1, 1, 2}, {3, 8, 8, 5, 2, 2}, {1, 3, 10, 3, 3, 0},
};

std::vector<float> random_vector(std::size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

std::vector<float> naive_im2col(const std::vector<float>& x, const Unfold& u) {
  std::vector<float> cols(u.cols_size(), -7.0f);
  const int ho = u.Ho(), wo = u.Wo();
  for (int c = 0; c < u.C; ++c)
    for (int ki = 0; ki < u.K; ++ki)
      for (int kj = 0; kj < u.K; ++kj)
        for (int oh = 0; oh < ho; ++oh)
          for (int ow = 0; ow < wo; ++ow) {
            const int ih = oh * u.stride - u.pad + ki, iw = ow * u.stride - u.pad + kj;
            const bool inside = ih >= 0 && ih < u.H && iw >= 0 && iw < u.W;
            cols[((std::size_t(c) * u.K + ki) * u.K + kj) * ho * wo + oh * wo + ow] =
                inside ? x[(std::size_t(c) * u.H + ih) * u.W + iw] : 0.0f;
          }
  return cols;
}

}  // namespace

TEST_CASE("im2col unfolds a 3x3 image by hand", "[im2col]") {
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  SECTION("K=2, stride 1, no padding") {
    std::vector<float> cols(4 * 4);
    im2col(x.data(), 1, 3, 3, 2, 1, 0, 2, 2, cols.data());
    CHECK(cols == std::vector<float>{1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9});
  }
  SECTION("K=3, stride 2, padding 1: corner taps read the padding") {
    std::vector<float> cols(9 * 4);
    im2col(x.data(), 1, 3, 3, 3, 2, 1, 2, 2, cols.data());
    const std::vector<float> top_left(cols.begin(), cols.begin() + 4);      // (ki, kj) = (0, 0)
    const std::vector<float> centre(cols.begin() + 16, cols.begin() + 20);  // (1, 1)
    CHECK(top_left == std::vector<float>{0, 0, 0, 5});
    CHECK(centre == std::vector<float>{1, 3, 7, 9});
  }
}

TEST_CASE("im2col matches a naive bounds-checked unfolding", "[im2col]") {
  Rng rng(11);
  for (const Unfold& u : kUnfolds) {
    const std::vector<float> x = random_vector(u.image_size(), rng);
    std::vector<float> cols(u.cols_size(), 123.0f);  // every element must be written
    im2col(x.data(), u.C, u.H, u.W, u.K, u.stride, u.pad, u.Ho(), u.Wo(), cols.data());
    INFO("C=" << u.C << " H=" << u.H << " W=" << u.W << " K=" << u.K << " stride=" << u.stride << " pad=" << u.pad);
    CHECK(cols == naive_im2col(x, u));
  }
}

TEST_CASE("col2im is the adjoint of im2col and accumulates into x", "[im2col]") {
  Rng rng(12);
  double worst = 0.0;
  for (const Unfold& u : kUnfolds) {
    const std::vector<float> a = random_vector(u.cols_size(), rng);   // cols space
    const std::vector<float> b = random_vector(u.image_size(), rng);  // image space
    std::vector<float> folded(u.image_size(), 0.0f), unfolded(u.cols_size());
    col2im(a.data(), u.C, u.H, u.W, u.K, u.stride, u.pad, u.Ho(), u.Wo(), folded.data());
    im2col(b.data(), u.C, u.H, u.W, u.K, u.stride, u.pad, u.Ho(), u.Wo(), unfolded.data());
    double lhs = 0.0, rhs = 0.0, scale = 0.0;
    for (std::size_t i = 0; i < b.size(); ++i) lhs += double(folded[i]) * b[i];
    for (std::size_t i = 0; i < a.size(); ++i) {
      rhs += double(a[i]) * unfolded[i];
      scale += std::abs(double(a[i]) * unfolded[i]);
    }
    const double err = std::abs(lhs - rhs) / std::max(1.0, scale);
    worst = std::max(worst, err);
    INFO("C=" << u.C << " H=" << u.H << " W=" << u.W << " K=" << u.K << " stride=" << u.stride << " pad=" << u.pad
              << ": <col2im(a), b> = " << lhs << ", <a, im2col(b)> = " << rhs);
    CHECK(err < 1e-6);

    // A second fold onto the result adds the same amounts again.
    std::vector<float> twice = folded;
    col2im(a.data(), u.C, u.H, u.W, u.K, u.stride, u.pad, u.Ho(), u.Wo(), twice.data());
    for (std::size_t i = 0; i < twice.size(); ++i) REQUIRE(twice[i] == Approx(2.0f * folded[i]).margin(1e-6));
  }
  std::cout << "im2col/col2im adjointness: largest relative difference " << worst << "\n";
}
