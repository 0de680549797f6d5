// exp_minus_abs, log1p_unit and logistic (src/nn/kernels/exp_log.hpp) against
// std::exp and std::log1p in double, over dense grids of their ranges plus the
// edges: 0, -0, tiny, the clamp at 87, huge, infinite and NaN inputs.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "nn/kernels/exp_log.hpp"

using namespace ll;

namespace {

double relative_error(float got, double expected) {
  return expected == 0.0 ? std::abs(double(got)) : std::abs(double(got) - expected) / std::abs(expected);
}

// Every step-th float bit pattern from lo to hi (both > 0, where floats order
// like their bits), then hi itself: every binade is visited.
std::vector<float> positive_floats(float lo, float hi, std::uint32_t step) {
  std::uint32_t first, last;
  std::memcpy(&first, &lo, sizeof first);
  std::memcpy(&last, &hi, sizeof last);
  std::vector<float> out;
  for (std::uint32_t bits = first; bits < last; bits += step) {
    float x;
    std::memcpy(&x, &bits, sizeof x);
    out.push_back(x);
  }
  out.push_back(hi);
  return out;
}

constexpr double kUlp = 5.96e-8;  // 2^-24: one float ulp, relative

}  // namespace

TEST_CASE("exp_minus_abs is e^-|x| within 2 ulps down to e^-87, then clamps there", "[exp_log]") {
  double worst = 0.0;
  float worst_at = 0.0f;
  for (float magnitude : positive_floats(1e-30f, 87.0f, 997))
    for (float x : {magnitude, -magnitude}) {
      const double error = relative_error(exp_minus_abs(x), std::exp(-double(magnitude)));
      if (error > worst) worst = error, worst_at = x;
    }
  std::cout << "exp_minus_abs: largest relative error " << worst << " (" << worst / kUlp << " ulps) at " << worst_at
            << "\n";
  CHECK(worst <= 2 * kUlp);
  CHECK(exp_minus_abs(0.0f) == 1.0f);
  CHECK(exp_minus_abs(-0.0f) == 1.0f);
  const float floor = exp_minus_abs(87.0f);
  CHECK(floor >= std::numeric_limits<float>::min());  // normal, not denormal
  for (float x : {88.0f, -100.0f, 1e30f, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                  std::nanf("")})
    CHECK(exp_minus_abs(x) == floor);
}

TEST_CASE("log1p_unit is ln(1 + e) on [0, 1] within 4 ulps, tiny e included", "[exp_log]") {
  double worst = 0.0;
  float worst_at = 0.0f;
  for (float e : positive_floats(1e-38f, 1.0f, 499)) {
    const double error = relative_error(log1p_unit(e), std::log1p(double(e)));
    if (error > worst) worst = error, worst_at = e;
  }
  std::cout << "log1p_unit: largest relative error " << worst << " (" << worst / kUlp << " ulps) at " << worst_at
            << "\n";
  CHECK(worst <= 4 * kUlp);
  CHECK(log1p_unit(0.0f) == 0.0f);
}

TEST_CASE("logistic is 1/(1 + e^-x) within 3 ulps for any x, exactly 1/2 at ±0", "[exp_log]") {
  double worst = 0.0;
  float worst_at = 0.0f;
  for (float magnitude : positive_floats(1e-30f, 87.0f, 997))
    for (float x : {magnitude, -magnitude}) {
      const double error = relative_error(logistic(x), 1.0 / (1.0 + std::exp(-double(x))));
      if (error > worst) worst = error, worst_at = x;
    }
  std::cout << "logistic: largest relative error " << worst << " (" << worst / kUlp << " ulps) at " << worst_at
            << "\n";
  CHECK(worst <= 3 * kUlp);
  CHECK(logistic(0.0f) == 0.5f);
  CHECK(logistic(-0.0f) == 0.5f);
  CHECK(logistic(100.0f) == 1.0f);
  CHECK(logistic(-100.0f) > 0.0f);
  CHECK(logistic(-100.0f) < 2e-38f);
}
