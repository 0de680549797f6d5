// models/divergence: every number the KL lab and "Inside the VAE" show,
// against closed forms — discrete KL term by term (and its infinite case),
// Gaussian KL both ways against its numerical integral (1e-6), the mixture
// fits' end points (forward = the mixture's mean and variance; reverse = one
// mode), the VAE's ½(σ² + μ² − 1 − log σ²), and the ε that evaluate_model uses.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <iostream>
#include <limits>

#include "models/config.hpp"
#include "models/divergence.hpp"
#include "models/model.hpp"
#include "models/trainer.hpp"
#include "models/vae.hpp"
#include "nn/errors.hpp"
#include "nn/losses/gaussian_kl.hpp"

using namespace ll;
using Catch::Matchers::Contains;

namespace {

bool refused(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.code() == ErrorCode::invalid_argument;
  }
  return false;
}

}  // namespace

TEST_CASE("Discrete KL: each term p_i log(p_i/q_i), normalised inputs, zero and infinite terms", "[divergence]") {
  const DiscreteKl kl = discrete_kl({1, 1}, {1, 3});  // P = (½, ½), Q = (¼, ¾)
  REQUIRE(kl.p[0] == Approx(0.5));
  REQUIRE(kl.q[1] == Approx(0.75));
  REQUIRE(kl.terms[0] == Approx(0.5 * std::log(2.0)).margin(1e-15));
  REQUIRE(kl.terms[1] == Approx(0.5 * std::log(2.0 / 3.0)).margin(1e-15));
  REQUIRE(kl.total == Approx(0.5 * std::log(4.0 / 3.0)).margin(1e-15));
  REQUIRE(kl.infinite_at.empty());
  // Not symmetric.
  const DiscreteKl back = discrete_kl({1, 3}, {1, 1});
  REQUIRE(back.total == Approx(0.25 * std::log(0.5) + 0.75 * std::log(1.5)).margin(1e-15));
  REQUIRE(std::abs(back.total - kl.total) > 1e-3);

  // p_i = 0 contributes 0 whatever q_i is; q_i = 0 < p_i makes the divergence infinite.
  const DiscreteKl zero_p = discrete_kl({0, 1, 1}, {0, 1, 1});
  REQUIRE(zero_p.total == 0.0);
  const DiscreteKl infinite = discrete_kl({1, 1, 1}, {0, 1, 1});
  REQUIRE(std::isinf(infinite.terms[0]));
  REQUIRE(std::isinf(infinite.total));
  REQUIRE(infinite.infinite_at == std::vector<int>{0});
  REQUIRE(std::isfinite(discrete_kl({0, 1, 1}, {1, 1, 1}).total));  // the other way round is finite
}

TEST_CASE("Discrete KL is 0 only when P = Q, positive otherwise (Gibbs)", "[divergence]") {
  Rng rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const int k = 2 + int(rng.below(6));
    std::vector<double> p(k), q(k);
    for (int i = 0; i < k; ++i) p[i] = rng.uniform(0.01f, 1.0f), q[i] = rng.uniform(0.01f, 1.0f);
    REQUIRE(discrete_kl(p, p).total == Approx(0.0).margin(1e-15));
    REQUIRE(discrete_kl(p, q).total > 0.0);
  }
}

TEST_CASE("Discrete KL refuses what is not a distribution", "[divergence][errors]") {
  REQUIRE(refused([] { discrete_kl({1, 2}, {1, 2, 3}); }));
  REQUIRE(refused([] { discrete_kl({1}, {1}); }));
  REQUIRE(refused([] { discrete_kl({-1, 2}, {1, 2}); }));
  REQUIRE(refused([] { discrete_kl({0, 0}, {1, 2}); }));
  REQUIRE(refused([] { discrete_kl({std::nan(""), 1}, {1, 2}); }));
}

TEST_CASE("Gaussian KL: closed form, both directions, against numerical integration to 1e-6", "[divergence]") {
  REQUIRE(gaussian_kl_closed_form({0, 1}, {1, 1}) == Approx(0.5).margin(1e-15));
  REQUIRE(gaussian_kl_closed_form({0, 1}, {0, 2}) == Approx(std::log(2.0) + 0.125 - 0.5).margin(1e-15));
  REQUIRE(gaussian_kl_closed_form({0, 2}, {0, 1}) == Approx(-std::log(2.0) + 2.0 - 0.5).margin(1e-15));
  REQUIRE(gaussian_kl_closed_form({1.5, 0.7}, {1.5, 0.7}) == Approx(0.0).margin(1e-15));
  double worst = 0.0;
  // The page's sliders: μ in [−5, 5], σ in [0.2, 4].
  for (double mp : {-5.0, -1.0, 0.0, 2.5, 5.0})
    for (double sp : {0.2, 0.5, 1.0, 2.0, 4.0})
      for (double mq : {-5.0, 0.0, 1.3, 5.0})
        for (double sq : {0.2, 0.9, 4.0}) {
          const Normal p{mp, sp}, q{mq, sq};
          const double forward = gaussian_kl_closed_form(p, q), backward = gaussian_kl_closed_form(q, p);
          worst = std::max({worst, std::abs(gaussian_kl_numeric(p, q) - forward),
                            std::abs(gaussian_kl_numeric(q, p) - backward)});
          REQUIRE(forward >= 0.0);
        }
  std::cout << "Gaussian KL: largest |numeric - closed form| over the slider grid " << worst << "\n";
  REQUIRE(worst < 1e-6);
  // At the limits, agreement relative to the size of the divergence.
  const double huge = gaussian_kl_closed_form({50, 0.05}, {-50, 20});
  REQUIRE(std::abs(gaussian_kl_numeric({50, 0.05}, {-50, 20}) - huge) < 1e-9 * huge + 1e-6);
  REQUIRE(refused([] { gaussian_kl_closed_form({0, 0}, {0, 1}); }));
  REQUIRE(refused([] { gaussian_kl_numeric({0, 1}, {100, 1}); }));
}

TEST_CASE("Densities on a grid integrate to 1 and match the log-density", "[divergence]") {
  const Mixture m{0.3, {-2, 0.5}, {1.5, 0.8}};
  const auto d = mixture_density(m, -10, 10, 2001);
  double sum = 0.0;
  for (double v : d) sum += v * (20.0 / 2000);
  REQUIRE(sum == Approx(1.0).margin(1e-6));
  REQUIRE(d[1000] == Approx(std::exp(mixture_log_pdf(m, 0.0))).epsilon(1e-12));
  const auto n = normal_density({1, 2}, -1, 3, 3);
  REQUIRE(n[1] == Approx(1.0 / (2.0 * std::sqrt(2.0 * 3.14159265358979323846))).epsilon(1e-12));
  REQUIRE(refused([] { normal_density({0, 1}, 1, 0, 10); }));
  REQUIRE(refused([] { normal_density({0, 1}, 0, 1, 1); }));
}

TEST_CASE("Forward KL fit to a two-mode mixture ends at its mean and variance (moment matching)", "[divergence]") {
  const Mixture p{0.4, {-2, 0.6}, {2.5, 0.9}};
  const Normal moments = mixture_moment_match(p);
  const double mean = 0.4 * -2 + 0.6 * 2.5;
  const double variance = 0.4 * (0.36 + 4) + 0.6 * (0.81 + 6.25) - mean * mean;
  REQUIRE(moments.mu == Approx(mean).margin(1e-14));
  REQUIRE(moments.sigma == Approx(std::sqrt(variance)).margin(1e-14));

  const FitPath path = fit_gaussian(p, FitDirection::forward, {-4, 0.3}, 200, 0.1);
  REQUIRE(path.mu.size() == 201);
  REQUIRE(path.mu.front() == -4);
  REQUIRE(path.mu.back() == Approx(mean).margin(1e-6));
  REQUIRE(path.sigma.back() == Approx(std::sqrt(variance)).margin(1e-6));
  for (std::size_t i = 1; i < path.forward.size(); ++i) REQUIRE(path.forward[i] <= path.forward[i - 1] + 1e-12);
  // The moment-matched q is the minimum: nudging it raises KL(p‖q).
  const double best = forward_kl(p, moments);
  REQUIRE(path.forward.back() == Approx(best).margin(1e-9));
  for (Normal nudge : {Normal{0.05, 0}, Normal{-0.05, 0}, Normal{0, 0.05}, Normal{0, -0.05}})
    REQUIRE(forward_kl(p, {moments.mu + nudge.mu, moments.sigma + nudge.sigma}) > best);
  // A "mixture" of two equal modes is one Gaussian: both KLs meet the closed form.
  const Mixture single{0.5, {1, 0.7}, {1, 0.7}};
  REQUIRE(forward_kl(single, {0, 1.5}) == Approx(gaussian_kl_closed_form({1, 0.7}, {0, 1.5})).margin(1e-6));
  REQUIRE(reverse_kl({0, 1.5}, single) == Approx(gaussian_kl_closed_form({0, 1.5}, {1, 0.7})).margin(1e-6));
}

TEST_CASE("Reverse KL fit picks one mode, the one nearer its start", "[divergence]") {
  // Well separated modes: KL(q‖p) at q = one mode is −log(its weight), up to overlap below 1e-12.
  const Mixture p{0.3, {-4, 0.5}, {4, 0.8}};
  const FitPath right = fit_gaussian(p, FitDirection::reverse, {2.0, 1.0}, 300, 0.1);
  const FitPath left = fit_gaussian(p, FitDirection::reverse, {-2.0, 1.0}, 300, 0.1);
  std::cout << "reverse fit from +2: mu " << right.mu.back() << " sigma " << right.sigma.back() << " KL(q||p) "
            << right.reverse.back() << "; from -2: mu " << left.mu.back() << " sigma " << left.sigma.back() << "\n";
  REQUIRE(right.mu.back() == Approx(4).margin(1e-4));
  REQUIRE(right.sigma.back() == Approx(0.8).margin(1e-4));
  REQUIRE(right.reverse.back() == Approx(-std::log(0.7)).margin(1e-4));
  REQUIRE(left.mu.back() == Approx(-4).margin(1e-4));
  REQUIRE(left.sigma.back() == Approx(0.5).margin(1e-4));
  REQUIRE(left.reverse.back() == Approx(-std::log(0.3)).margin(1e-4));
  for (std::size_t i = 1; i < right.reverse.size(); ++i) REQUIRE(right.reverse[i] <= right.reverse[i - 1] + 1e-9);
  // The reverse fit is far from the forward one: that is the asymmetry's consequence.
  REQUIRE(std::abs(right.sigma.back() - mixture_moment_match(p).sigma) > 2.0);
  REQUIRE(refused([&] { fit_gaussian(p, FitDirection::reverse, {0, 1}, 0, 0.1); }));
  REQUIRE(refused([&] { fit_gaussian(p, FitDirection::reverse, {0, 1}, 10, 2.0); }));
  REQUIRE(refused([&] { fit_gaussian({1.0, {0, 1}, {1, 1}}, FitDirection::forward, {0, 1}, 10, 0.1); }));
}

TEST_CASE("The VAE's KL term is the closed form against N(0, 1), through the training loss", "[divergence][losses]") {
  for (double mu : {-3.0, -0.5, 0.0, 1.2, 2.5})
    for (double sigma : {0.05, 0.3, 1.0, 1.7, 3.0}) {
      const double closed = gaussian_kl_closed_form({mu, sigma}, {0, 1});
      REQUIRE(vae_kl_term(mu, sigma) == Approx(closed).margin(1e-5 * (1 + closed)));
      REQUIRE(closed == Approx(0.5 * (sigma * sigma + mu * mu - 1 - std::log(sigma * sigma))).margin(1e-12));
    }
  REQUIRE(vae_kl_term(0, 1) == 0.0);
  const std::vector<float> mu{0.5f, -1.0f, 0.0f}, logvar{-1.0f, 0.3f, 0.0f};
  const auto per_dim = vae_kl_per_dimension(mu, logvar);
  REQUIRE(per_dim[2] == 0.0f);
  REQUIRE(per_dim[0] + per_dim[1] + per_dim[2] ==
          Approx(gaussian_kl(mu.data(), logvar.data(), 3, nullptr, nullptr)).margin(1e-6));
  REQUIRE(refused([] { vae_kl_term(0, 0); }));
  REQUIRE(refused([] { vae_kl_per_dimension({1, 2}, {1}); }));
}

TEST_CASE("sample_posterior's first ε is the one evaluate_model uses for that image and seed", "[divergence][models]") {
  auto model = make_model(parse_model_config(R"({"type":"vae","hidden":[32],"latent":3,"image":[1,6,6]})"), 4);
  auto& vae = dynamic_cast<Vae&>(*model);
  Rng data(8);
  Tensor image = Tensor::from_shape({1, 36});
  for (auto& v : image) v = data.uniform(0.0f, 1.0f);
  Tensor mu, logvar, decoded;
  vae.encode_distribution(image, {}, mu, logvar);
  const std::vector<float> m(mu.begin(), mu.end()), lv(logvar.begin(), logvar.end());
  for (std::uint64_t seed : {1u, 7u, 12345u}) {
    const PosteriorSamples s = sample_posterior(m, lv, 4, seed);
    REQUIRE(s.z.size() == 12);
    Tensor z = Tensor::from_shape({1, 3});
    std::copy_n(s.z.begin(), 3, z.begin());
    vae.decode(z, {}, decoded);
    double bce = 0.0;
    for (std::size_t i = 0; i < 36; ++i)
      bce -= image.data()[i] * std::log(decoded.data()[i]) + (1 - image.data()[i]) * std::log(1 - decoded.data()[i]);
    const LossBreakdown loss = evaluate_model(*model, image, {}, 1, seed);
    REQUIRE(loss.reconstruction == Approx(bce).epsilon(1e-5));
    double per_dim_sum = 0.0;
    for (float v : vae_kl_per_dimension(m, lv)) per_dim_sum += v;
    REQUIRE(per_dim_sum == Approx(loss.kl).margin(1e-5));
  }
  REQUIRE(refused([&] { sample_posterior(m, lv, 0, 1); }));
}
