// Every fast GEMM against the double-precision reference loops, for the three
// products of training (nn: A[M×K]·B[K×N], tn: A[K×M]ᵀ·B[K×N], nt: A[M×K]·B[N×K]ᵀ)
// at awkward sizes: below, at, around and well above the 4×8 tile, the 128-row
// and 256-deep blocks and the 2048-column block, including K = 0, empty C and
// M below the tile height (gemm_nt_f32x4 then takes its unpacked batch-1 path).
//
// Error per element: |fast - reference| / (Σ_k |a_ik||b_kj| + |C_ij before| if accumulating),
// the scale float rounding in a sum of products is proportional to.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "nn/kernels/gemm.hpp"
#include "nn/kernels/gemm_f32x4.hpp"
#include "nn/rng.hpp"

using namespace ll;

namespace {

using Gemm = void (*)(int, int, int, const float*, const float*, float*, bool);

struct Product {
  std::string name;  // nn, tn or nt
  bool a_transposed;
  bool b_transposed;
  Gemm reference;
  std::vector<std::pair<std::string, Gemm>> fast;
};

std::vector<Product> products() {
  return {
      {"nn", false, false, gemm_nn_reference, {{"gemm_nn", gemm_nn}, {"gemm_nn_f32x4", gemm_nn_f32x4}, {"gemm_nn_eigen", gemm_nn_eigen}}},
      {"tn", true, false, gemm_tn_reference, {{"gemm_tn", gemm_tn}, {"gemm_tn_f32x4", gemm_tn_f32x4}, {"gemm_tn_eigen", gemm_tn_eigen}}},
      {"nt", false, true, gemm_nt_reference, {{"gemm_nt", gemm_nt}, {"gemm_nt_f32x4", gemm_nt_f32x4}, {"gemm_nt_eigen", gemm_nt_eigen}}},
  };
}

std::vector<float> random_values(std::size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

// Σ_k |op(A)_ik| |op(B)_kj|: the size of what the reference added up.
std::vector<double> magnitudes(const Product& p, int M, int N, int K, const std::vector<float>& A,
                               const std::vector<float>& B) {
  std::vector<double> scale(std::size_t(M) * N, 0.0);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double s = 0.0;
      for (int k = 0; k < K; ++k) {
        const float a = p.a_transposed ? A[k * M + i] : A[i * K + k];
        const float b = p.b_transposed ? B[j * K + k] : B[k * N + j];
        s += std::abs(double(a) * b);
      }
      scale[i * N + j] = s;
    }
  return scale;
}

// The largest relative error over C; a value that should be exact (zero scale)
// counts as an error of 1 if it differs at all, infinity if it is not finite.
double largest_error(const std::vector<float>& got, const std::vector<float>& want, const std::vector<double>& scale) {
  double worst = 0.0;
  for (std::size_t e = 0; e < got.size(); ++e) {
    if (!std::isfinite(got[e])) return std::numeric_limits<double>::infinity();
    const double diff = std::abs(double(got[e]) - want[e]);
    worst = std::max(worst, scale[e] > 0 ? diff / scale[e] : (diff > 0 ? 1.0 : 0.0));
  }
  return worst;
}

// M, N, K: a spread over {0, 1, 3, 4, 5, 7, 8, 9, 63, 64, 65, 127, 128, 400, 784}
// plus one C wider than a 2048-column block, not the full cube.
const std::vector<std::tuple<int, int, int>> kSizes = {
    {1, 1, 1},     {1, 3, 4},      {3, 1, 5},      {4, 4, 4},      {5, 7, 3},      {7, 5, 8},
    {8, 8, 8},     {9, 9, 9},      {3, 8, 64},     {8, 3, 65},     {4, 9, 63},     {63, 64, 65},
    {64, 63, 7},   {65, 65, 1},    {64, 64, 64},   {65, 63, 127},  {127, 127, 127}, {127, 5, 9},
    {5, 127, 400}, {9, 400, 63},   {63, 9, 400},   {1, 784, 400},  {1, 400, 784},  {400, 1, 784},
    {784, 1, 5},   {7, 784, 3},    {3, 400, 784},  {400, 3, 65},   {64, 400, 9},   {127, 65, 784},
    {65, 127, 400}, {8, 784, 65},  {784, 8, 8},    {4, 5, 784},    {128, 400, 784}, {128, 784, 400},
    {400, 784, 128}, {784, 400, 7}, {5, 2053, 9},  {3, 5, 0},      {64, 65, 0},    {1, 1, 0},
    {0, 5, 7},     {5, 0, 7},      {0, 0, 0},
};

// Under the sanitizers and in debug builds the three 40M-product sizes take
// most of a minute against the naive reference; the smaller sizes still cross
// every tile and block edge (MR 4, NR 8, KC 256, MC 128, NC 2048).
#if !defined(NDEBUG) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr double kLargestProduct = 1e7;
#else
constexpr double kLargestProduct = 1e18;
#endif

}  // namespace

TEST_CASE("Fast GEMMs match the reference at awkward sizes, overwriting and accumulating", "[gemm]") {
  constexpr double kTolerance = 1e-5;
  Rng rng(6);
  for (const Product& p : products()) {
    std::vector<double> worst(p.fast.size(), 0.0);
    for (auto [M, N, K] : kSizes) {
      if (double(M) * N * K > kLargestProduct) continue;
      const auto A = random_values(std::size_t(M) * K, rng);
      const auto B = random_values(std::size_t(K) * N, rng);
      const auto C_before = random_values(std::size_t(M) * N, rng);
      const auto products_scale = magnitudes(p, M, N, K, A, B);
      for (bool accumulate : {false, true}) {
        std::vector<float> want = C_before;
        p.reference(M, N, K, A.data(), B.data(), want.data(), accumulate);
        auto scale = products_scale;
        if (accumulate)
          for (std::size_t e = 0; e < scale.size(); ++e) scale[e] += std::abs(C_before[e]);
        for (std::size_t f = 0; f < p.fast.size(); ++f) {
          // Overwriting must not read C: start from NaN so any read shows.
          std::vector<float> got = accumulate ? C_before : std::vector<float>(C_before.size(), std::nanf(""));
          p.fast[f].second(M, N, K, A.data(), B.data(), got.data(), accumulate);
          const double err = largest_error(got, want, scale);
          INFO(p.fast[f].first << " M=" << M << " N=" << N << " K=" << K << " accumulate=" << accumulate
                               << ": largest relative error " << err);
          CHECK(err <= kTolerance);
          worst[f] = std::max(worst[f], err);
        }
      }
    }
    for (std::size_t f = 0; f < p.fast.size(); ++f)
      std::cout << p.fast[f].first << ": largest relative error " << worst[f] << " over " << kSizes.size()
                << " sizes\n";
  }
}

TEST_CASE("Fast GEMMs give exact results where no rounding is possible", "[gemm]") {
  // Small integers multiply and add exactly in float, so any packing or edge
  // mistake (a wrong lane, a skipped depth step, a dropped leftover) shows as
  // an exact mismatch, whatever the summation order.
  Rng rng(7);
  for (const Product& p : products())
    for (auto [M, N, K] : {std::tuple{13, 21, 300}, {6, 9, 5}, {130, 17, 33}, {3, 11, 37}}) {
      std::vector<float> A(std::size_t(M) * K), B(std::size_t(K) * N);
      for (auto& x : A) x = float(int(rng.below(7)) - 3);
      for (auto& x : B) x = float(int(rng.below(7)) - 3);
      std::vector<float> want(std::size_t(M) * N, 0.0f);
      p.reference(M, N, K, A.data(), B.data(), want.data(), false);
      for (const auto& [name, gemm] : p.fast) {
        std::vector<float> got(want.size(), 1.0f);
        gemm(M, N, K, A.data(), B.data(), got.data(), false);
        std::size_t mismatches = 0;
        for (std::size_t e = 0; e < got.size(); ++e) mismatches += got[e] != want[e];
        INFO(name << " M=" << M << " N=" << N << " K=" << K << ": " << mismatches << " of " << got.size()
                  << " elements differ");
        CHECK(mismatches == 0);
      }
    }
}
