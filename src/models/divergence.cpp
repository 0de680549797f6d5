#include "models/divergence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "nn/errors.hpp"
#include "nn/losses/gaussian_kl.hpp"
#include "nn/rng.hpp"

namespace ll {
namespace {

using L = DivergenceLimits;
constexpr double kPi = 3.14159265358979323846;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

[[noreturn]] void refuse(const std::string& message) { throw Error(ErrorCode::invalid_argument, message); }

void check_normal(Normal n, const char* name) {
  if (!(std::abs(n.mu) <= L::max_abs_mean))
    refuse(std::string(name) + ": the mean must be within ±" + text(L::max_abs_mean) + ", got " + text(n.mu));
  if (!(n.sigma >= L::min_sigma && n.sigma <= L::max_sigma))
    refuse(std::string(name) + ": σ must be in [" + text(L::min_sigma) + ", " + text(L::max_sigma) + "], got " +
           text(n.sigma));
}

void check_mixture(const Mixture& m) {
  if (!(m.weight > 0.0 && m.weight < 1.0)) refuse("mixture: the weight of the first mode must be in (0, 1), got " + text(m.weight));
  check_normal(m.first, "mixture's first mode");
  check_normal(m.second, "mixture's second mode");
}

// The weights divided by their sum; refuses negative, non-finite or all-zero weights.
std::vector<double> normalised(const std::vector<double>& weights, const char* name) {
  double sum = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0 && std::isfinite(w))) refuse(std::string(name) + ": every weight must be a finite number ≥ 0, got " + text(w));
    sum += w;
  }
  if (!(sum > 0.0)) refuse(std::string(name) + ": the weights sum to 0; at least one must be positive");
  std::vector<double> out(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) out[i] = weights[i] / sum;
  return out;
}

// Composite Simpson's rule for ∫ f over [lo, hi] with an even number of intervals.
template <typename F>
double simpson(F&& f, double lo, double hi, int intervals) {
  const double h = (hi - lo) / intervals;
  double sum = f(lo) + f(hi);
  for (int i = 1; i < intervals; ++i) sum += f(lo + i * h) * (i % 2 ? 4.0 : 2.0);
  return sum * h / 3.0;
}

// E over u ~ N(0, 1) of f(u), by Simpson over ±12 (the mass beyond is below 1e-32).
template <typename F>
double standard_normal_expectation(F&& f) {
  const double norm = 1.0 / std::sqrt(2.0 * kPi);
  return simpson([&](double u) { return norm * std::exp(-0.5 * u * u) * f(u); }, -12.0, 12.0, 1200);
}

// d/dx log p(x) for the mixture, from each mode's responsibility at x.
double mixture_score(const Mixture& m, double x) {
  const double a = std::log(m.weight) + normal_log_pdf(m.first, x);
  const double b = std::log1p(-m.weight) + normal_log_pdf(m.second, x);
  const double top = std::max(a, b);
  const double ra = std::exp(a - top), rb = std::exp(b - top);
  const double score_a = -(x - m.first.mu) / (m.first.sigma * m.first.sigma);
  const double score_b = -(x - m.second.mu) / (m.second.sigma * m.second.sigma);
  return (ra * score_a + rb * score_b) / (ra + rb);
}

// ∫ p log p over the span of both modes (no closed form for a mixture).
double mixture_negative_entropy(const Mixture& m) {
  const double lo = std::min(m.first.mu - 12 * m.first.sigma, m.second.mu - 12 * m.second.sigma);
  const double hi = std::max(m.first.mu + 12 * m.first.sigma, m.second.mu + 12 * m.second.sigma);
  return simpson([&](double x) {
    const double lp = mixture_log_pdf(m, x);
    return std::exp(lp) * lp;
  }, lo, hi, 8000);
}

// KL(p‖q) = ∫ p log p − E_p[log q]; the second is closed form in p's mean and variance.
double forward_kl_from(Normal moments, double negative_entropy, Normal q) {
  const double spread = moments.sigma * moments.sigma + (moments.mu - q.mu) * (moments.mu - q.mu);
  return negative_entropy + 0.5 * std::log(2.0 * kPi) + std::log(q.sigma) + spread / (2.0 * q.sigma * q.sigma);
}

void check_grid(double lo, double hi, int points) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) refuse("density: need lo < hi, got " + text(lo) + ", " + text(hi));
  if (points < 2 || points > L::max_density_points)
    refuse("density: points must be in [2, " + std::to_string(L::max_density_points) + "], got " + std::to_string(points));
}

template <typename LogPdf>
std::vector<double> density_on_grid(LogPdf&& log_pdf, double lo, double hi, int points) {
  check_grid(lo, hi, points);
  std::vector<double> out(points);
  for (int i = 0; i < points; ++i) out[i] = std::exp(log_pdf(lo + (hi - lo) * i / (points - 1)));
  return out;
}

}  // namespace

DiscreteKl discrete_kl(const std::vector<double>& p, const std::vector<double>& q) {
  if (p.size() != q.size()) refuse("discrete KL: P has " + std::to_string(p.size()) + " categories and Q has " + std::to_string(q.size()));
  if (p.size() < std::size_t(L::min_categories) || p.size() > std::size_t(L::max_categories))
    refuse("discrete KL: the number of categories must be in [" + std::to_string(L::min_categories) + ", " +
           std::to_string(L::max_categories) + "], got " + std::to_string(p.size()));
  DiscreteKl out;
  out.p = normalised(p, "P");
  out.q = normalised(q, "Q");
  out.terms.resize(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double pi = out.p[i], qi = out.q[i];
    if (pi == 0.0) out.terms[i] = 0.0;
    else if (qi == 0.0) out.terms[i] = kInfinity, out.infinite_at.push_back(int(i));
    else out.terms[i] = pi * std::log(pi / qi);
    out.total += out.terms[i];
  }
  return out;
}

double gaussian_kl_closed_form(Normal p, Normal q) {
  check_normal(p, "p");
  check_normal(q, "q");
  const double d = p.mu - q.mu;
  return std::log(q.sigma / p.sigma) + (p.sigma * p.sigma + d * d) / (2.0 * q.sigma * q.sigma) - 0.5;
}

double gaussian_kl_numeric(Normal p, Normal q) {
  check_normal(p, "p");
  check_normal(q, "q");
  // The integrand is p times a quadratic: negligible beyond 12σ_p of μ_p, and
  // smooth, so Simpson's error there is far below 1e-9.
  return simpson([&](double x) {
    const double lp = normal_log_pdf(p, x);
    return std::exp(lp) * (lp - normal_log_pdf(q, x));
  }, p.mu - 12.0 * p.sigma, p.mu + 12.0 * p.sigma, 4000);
}

double normal_log_pdf(Normal n, double x) {
  const double u = (x - n.mu) / n.sigma;
  return -0.5 * u * u - std::log(n.sigma) - 0.5 * std::log(2.0 * kPi);
}

double mixture_log_pdf(const Mixture& m, double x) {
  const double a = std::log(m.weight) + normal_log_pdf(m.first, x);
  const double b = std::log1p(-m.weight) + normal_log_pdf(m.second, x);
  const double top = std::max(a, b);
  return top + std::log(std::exp(a - top) + std::exp(b - top));
}

std::vector<double> normal_density(Normal n, double lo, double hi, int points) {
  check_normal(n, "density");
  return density_on_grid([&](double x) { return normal_log_pdf(n, x); }, lo, hi, points);
}

std::vector<double> mixture_density(const Mixture& m, double lo, double hi, int points) {
  check_mixture(m);
  return density_on_grid([&](double x) { return mixture_log_pdf(m, x); }, lo, hi, points);
}

Normal mixture_moment_match(const Mixture& m) {
  check_mixture(m);
  const double w = m.weight, v = 1.0 - w;
  const double mean = w * m.first.mu + v * m.second.mu;
  const double second_moment = w * (m.first.sigma * m.first.sigma + m.first.mu * m.first.mu) +
                               v * (m.second.sigma * m.second.sigma + m.second.mu * m.second.mu);
  return {mean, std::sqrt(second_moment - mean * mean)};
}

double forward_kl(const Mixture& p, Normal q) {
  check_normal(q, "q");
  return forward_kl_from(mixture_moment_match(p), mixture_negative_entropy(p), q);
}

double reverse_kl(Normal q, const Mixture& p) {
  check_normal(q, "q");
  check_mixture(p);
  // −H(q) − E_q[log p], the expectation taken over x = μ + σu.
  const double negative_entropy = -0.5 * std::log(2.0 * kPi * std::exp(1.0)) - std::log(q.sigma);
  return negative_entropy - standard_normal_expectation([&](double u) { return mixture_log_pdf(p, q.mu + q.sigma * u); });
}

FitPath fit_gaussian(const Mixture& p, FitDirection direction, Normal start, int steps, double learning_rate) {
  check_mixture(p);
  check_normal(start, "start");
  if (steps < 1 || steps > L::max_fit_steps)
    refuse("fit: steps must be in [1, " + std::to_string(L::max_fit_steps) + "], got " + std::to_string(steps));
  if (!(learning_rate > 0.0 && learning_rate <= L::max_learning_rate))
    refuse("fit: the learning rate must be in (0, " + text(L::max_learning_rate) + "], got " + text(learning_rate));
  const Normal moments = mixture_moment_match(p);
  const double negative_entropy = mixture_negative_entropy(p);
  FitPath path;
  Normal q = start;
  const auto record = [&] {
    path.mu.push_back(q.mu);
    path.sigma.push_back(q.sigma);
    path.forward.push_back(forward_kl_from(moments, negative_entropy, q));
    path.reverse.push_back(reverse_kl(q, p));
  };
  record();
  for (int step = 0; step < steps; ++step) {
    double dmu, dlogsigma;
    if (direction == FitDirection::forward) {
      // KL(p‖q) = const + log σ + (V + (M − μ)²) / (2σ²).
      const double spread = moments.sigma * moments.sigma + (moments.mu - q.mu) * (moments.mu - q.mu);
      dmu = -(moments.mu - q.mu) / (q.sigma * q.sigma);
      dlogsigma = 1.0 - spread / (q.sigma * q.sigma);
    } else {
      // KL(q‖p) = const − log σ − E_u[log p(μ + σu)]: reparameterised gradients.
      dmu = -standard_normal_expectation([&](double u) { return mixture_score(p, q.mu + q.sigma * u); });
      dlogsigma = -1.0 - standard_normal_expectation(
                             [&](double u) { return mixture_score(p, q.mu + q.sigma * u) * q.sigma * u; });
    }
    q.mu -= learning_rate * q.sigma * q.sigma * dmu;
    const double log_sigma = std::log(q.sigma) - learning_rate * 0.5 * dlogsigma;
    q.mu = std::clamp(q.mu, -L::max_abs_mean, L::max_abs_mean);
    q.sigma = std::clamp(std::exp(log_sigma), L::min_sigma, L::max_sigma);
    record();
  }
  return path;
}

double vae_kl_term(double mu, double sigma) {
  if (!std::isfinite(mu)) refuse("VAE KL: μ must be finite, got " + text(mu));
  if (!(sigma > 0.0 && std::isfinite(sigma))) refuse("VAE KL: σ must be a finite number > 0, got " + text(sigma));
  const float m = float(mu), logvar = float(2.0 * std::log(sigma));
  return gaussian_kl(&m, &logvar, 1, nullptr, nullptr);
}

std::vector<float> vae_kl_per_dimension(const std::vector<float>& mu, const std::vector<float>& logvar) {
  if (mu.empty() || mu.size() != logvar.size())
    refuse("VAE KL per dimension: μ and log σ² must have the same positive length, got " + std::to_string(mu.size()) +
           " and " + std::to_string(logvar.size()));
  std::vector<float> out(mu.size());
  gaussian_kl_per_dim(mu.data(), logvar.data(), 1, int(mu.size()), out.data());
  return out;
}

PosteriorSamples sample_posterior(const std::vector<float>& mu, const std::vector<float>& logvar, int count,
                                  std::uint64_t seed) {
  if (mu.empty() || mu.size() != logvar.size())
    refuse("posterior samples: μ and log σ² must have the same positive length, got " + std::to_string(mu.size()) +
           " and " + std::to_string(logvar.size()));
  if (count < 1 || count > L::max_posterior_samples)
    refuse("posterior samples: count must be in [1, " + std::to_string(L::max_posterior_samples) + "], got " +
           std::to_string(count));
  const std::size_t latent = mu.size();
  PosteriorSamples out;
  out.sigma.resize(latent);
  // The same float expressions as Vae::forward_backward.
  for (std::size_t j = 0; j < latent; ++j) out.sigma[j] = std::exp(0.5f * logvar[j]);
  out.eps.resize(latent * count);
  out.z.resize(latent * count);
  Rng rng(seed);
  for (std::size_t i = 0; i < out.eps.size(); ++i) {
    out.eps[i] = rng.normal();
    out.z[i] = mu[i % latent] + out.sigma[i % latent] * out.eps[i];
  }
  return out;
}

}  // namespace ll
