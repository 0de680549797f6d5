// bce_with_logits, mse, gaussian_kl: gradients against finite differences,
// Mean = Sum / count, extreme logits, closed-form values, null gradient
// pointers, and gradients overwriting (not adding to) their buffers.
#include <cmath>
#include <iostream>
#include <vector>

#include "error_code.hpp"
#include "gradcheck.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/losses/gaussian_kl.hpp"
#include "nn/losses/mse.hpp"

using namespace ll;
using ll::test::check_against_finite_differences;

namespace {

std::vector<float> random_values(std::size_t n, Rng& rng, float lo, float hi) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(lo, hi);
  return v;
}

const std::size_t kCounts[] = {1, 7, 35};

}  // namespace

TEST_CASE("bce_with_logits gradients match finite differences", "[losses][gradcheck]") {
  Rng rng(51);
  for (std::size_t count : kCounts)
    for (Reduction reduction : {Reduction::Sum, Reduction::Mean}) {
      std::vector<float> logits = random_values(count, rng, -4.0f, 4.0f);
      const std::vector<float> targets = random_values(count, rng, 0.0f, 1.0f);
      std::vector<float> grad(count, 99.0f);
      bce_with_logits(logits.data(), targets.data(), count, reduction, grad.data());
      const double worst = check_against_finite_differences(
          "bce_with_logits dlogits", logits.data(), grad.data(), count,
          [&] { return double(bce_with_logits(logits.data(), targets.data(), count, reduction, nullptr)); }, 1e-2,
          2e-3);
      INFO("count " << count << ": largest finite-difference error " << worst);
      CHECK(worst <= 2e-3);
    }
}

TEST_CASE("bce_with_logits stays finite and exact at logits of +-100", "[losses]") {
  const std::vector<float> logits = {100.0f, 100.0f, -100.0f, -100.0f, 0.0f, 100.0f};
  const std::vector<float> targets = {1.0f, 0.0f, 1.0f, 0.0f, 0.5f, 0.25f};
  std::vector<float> grad(logits.size());
  const float sum = bce_with_logits(logits.data(), targets.data(), logits.size(), Reduction::Sum, grad.data());
  // Per element: ~0, 100, 100, ~0, log 2, 75 (= 100 - 100*0.25).
  const double expected = 100.0 + 100.0 + std::log(2.0) + 75.0;
  INFO("sum " << sum << " expected " << expected);
  REQUIRE(std::isfinite(sum));
  CHECK(sum == Approx(expected).epsilon(1e-6));
  const std::vector<float> expected_grad = {0.0f, 1.0f, -1.0f, 0.0f, 0.0f, 0.75f};
  for (std::size_t i = 0; i < grad.size(); ++i) {
    INFO("element " << i);
    REQUIRE(std::isfinite(grad[i]));
    CHECK(grad[i] == Approx(expected_grad[i]).margin(1e-7));
  }
  // A confident correct prediction costs ~exp(-100), not 0 through cancellation and not NaN.
  const float tiny = bce_with_logits(logits.data(), targets.data(), 1, Reduction::Sum, nullptr);
  CHECK(tiny >= 0.0f);
  CHECK(tiny < 1e-30f);
}

TEST_CASE("mse gradients match finite differences", "[losses][gradcheck]") {
  Rng rng(52);
  for (std::size_t count : kCounts)
    for (Reduction reduction : {Reduction::Sum, Reduction::Mean}) {
      std::vector<float> prediction = random_values(count, rng, -2.0f, 2.0f);
      const std::vector<float> target = random_values(count, rng, -2.0f, 2.0f);
      std::vector<float> grad(count, 99.0f);
      mse(prediction.data(), target.data(), count, reduction, grad.data());
      const double worst = check_against_finite_differences(
          "mse dprediction", prediction.data(), grad.data(), count,
          [&] { return double(mse(prediction.data(), target.data(), count, reduction, nullptr)); }, 1e-2, 2e-3);
      INFO("count " << count << ": largest finite-difference error " << worst);
      CHECK(worst <= 2e-3);
    }
}

TEST_CASE("mse and bce_with_logits: Mean is Sum / count, also for the gradient", "[losses]") {
  Rng rng(53);
  const std::size_t count = 35;
  const std::vector<float> a = random_values(count, rng, -3.0f, 3.0f);
  const std::vector<float> b = random_values(count, rng, 0.0f, 1.0f);
  std::vector<float> grad_sum(count), grad_mean(count);
  double worst = 0.0;

  const float mse_sum = mse(a.data(), b.data(), count, Reduction::Sum, grad_sum.data());
  const float mse_mean = mse(a.data(), b.data(), count, Reduction::Mean, grad_mean.data());
  CHECK(mse_mean == Approx(mse_sum / count).epsilon(1e-6));
  for (std::size_t i = 0; i < count; ++i) {
    CHECK(grad_mean[i] == Approx(grad_sum[i] / count).epsilon(1e-6));
    worst = std::max(worst, std::abs(double(grad_mean[i]) - grad_sum[i] / count));
  }

  const float bce_sum = bce_with_logits(a.data(), b.data(), count, Reduction::Sum, grad_sum.data());
  const float bce_mean = bce_with_logits(a.data(), b.data(), count, Reduction::Mean, grad_mean.data());
  CHECK(bce_mean == Approx(bce_sum / count).epsilon(1e-6));
  for (std::size_t i = 0; i < count; ++i) {
    CHECK(grad_mean[i] == Approx(grad_sum[i] / count).epsilon(1e-6));
    worst = std::max(worst, std::abs(double(grad_mean[i]) - grad_sum[i] / count));
  }
  std::cout << "Reduction::Mean vs Sum/count: largest gradient difference " << worst << "\n";

  // Hand value: predictions (1, -1) against (0, 0) give 2 summed, 1 averaged.
  const float p[] = {1.0f, -1.0f}, t[] = {0.0f, 0.0f};
  CHECK(mse(p, t, 2, Reduction::Sum, nullptr) == 2.0f);
  CHECK(mse(p, t, 2, Reduction::Mean, nullptr) == 1.0f);
  CHECK_THROWS_MATCHES(mse(p, t, 0, Reduction::Mean, nullptr), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK(mse(p, t, 0, Reduction::Sum, nullptr) == 0.0f);
}

TEST_CASE("gaussian_kl gradients match finite differences", "[losses][gradcheck]") {
  Rng rng(54);
  for (std::size_t count : kCounts) {
    std::vector<float> mu = random_values(count, rng, -2.0f, 2.0f);
    std::vector<float> logvar = random_values(count, rng, -3.0f, 1.5f);
    std::vector<float> dmu(count, 99.0f), dlogvar(count, 99.0f);
    gaussian_kl(mu.data(), logvar.data(), count, dmu.data(), dlogvar.data());
    auto loss = [&] { return double(gaussian_kl(mu.data(), logvar.data(), count, nullptr, nullptr)); };
    const double worst =
        std::max(check_against_finite_differences("gaussian_kl dmu", mu.data(), dmu.data(), count, loss, 1e-2, 2e-3),
                 check_against_finite_differences("gaussian_kl dlogvar", logvar.data(), dlogvar.data(), count, loss,
                                                  1e-2, 2e-3));
    INFO("count " << count << ": largest finite-difference error " << worst);
    CHECK(worst <= 2e-3);
  }
}

TEST_CASE("gaussian_kl closed form and per-dimension split", "[losses]") {
  // N(0, 1) costs nothing; mu = 1 costs 0.5; sigma² = e (logvar 1) costs 0.5 (e - 2).
  const float mu[] = {0.0f, 1.0f, 0.0f, 2.0f, -1.0f, 0.5f};
  const float logvar[] = {0.0f, 0.0f, 1.0f, -1.0f, 0.5f, 0.0f};
  CHECK(gaussian_kl(mu, logvar, 1, nullptr, nullptr) == 0.0f);
  CHECK(gaussian_kl(mu + 1, logvar + 1, 1, nullptr, nullptr) == Approx(0.5));
  CHECK(gaussian_kl(mu + 2, logvar + 2, 1, nullptr, nullptr) == Approx(0.5 * (std::exp(1.0) - 2.0)));

  // The same six values as N=2 samples of Z=3: per-dimension sums add up to the total.
  float per_dim[3] = {-1.0f, -1.0f, -1.0f};
  gaussian_kl_per_dim(mu, logvar, 2, 3, per_dim);
  double expected[3] = {0, 0, 0};
  for (int n = 0; n < 2; ++n)
    for (int z = 0; z < 3; ++z) {
      const double m = mu[n * 3 + z], lv = logvar[n * 3 + z];
      expected[z] += 0.5 * (std::exp(lv) + m * m - 1.0 - lv);
    }
  for (int z = 0; z < 3; ++z) CHECK(per_dim[z] == Approx(expected[z]).epsilon(1e-6));
  CHECK(per_dim[0] + per_dim[1] + per_dim[2] ==
        Approx(gaussian_kl(mu, logvar, 6, nullptr, nullptr)).epsilon(1e-6));

  float dmu[1] = {5.0f}, dlogvar[1] = {5.0f};
  gaussian_kl(mu + 3, logvar + 3, 1, dmu, nullptr);
  CHECK(dmu[0] == 2.0f);
  gaussian_kl(mu + 3, logvar + 3, 1, nullptr, dlogvar);
  CHECK(dlogvar[0] == Approx(0.5 * (std::exp(-1.0) - 1.0)));
}
