#pragma once
// The numbers of the KL divergence lab (web/views/kl.js) and of "Inside the
// VAE" (web/views/vae.js), computed once, here. K = categories, Z = latent size.
//
//   discrete:   D_KL(P‖Q) = Σ_i p_i log(p_i / q_i), each term kept (the page
//               draws them as bars); +∞ when some q_i = 0 < p_i; a term with
//               p_i = 0 is 0 (the limit of p log p / q as p → 0).
//   Gaussian:   D_KL(N(μ₁,σ₁²)‖N(μ₂,σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − ½,
//               and the same integral by Simpson's rule, as a check the page shows.
//   mixture:    p = w·N(m₁,s₁²) + (1−w)·N(m₂,s₂²); one Gaussian q fitted to it by
//               minimising KL(p‖q) ("forward": covers both modes, ends at p's
//               mean and variance) or KL(q‖p) ("reverse": settles on one mode).
//   VAE:        ½(σ² + μ² − 1 − log σ²) per dimension and z = μ + σ⊙ε, through
//               the loss the VAE trains with (nn/losses/gaussian_kl).
// Every input is checked against the limits below (ll::Error invalid_argument).
#include <cstdint>
#include <vector>

namespace ll {

// What the page may ask for. The sliders' ranges are read from these (bindings_kl.cpp).
struct DivergenceLimits {
  static constexpr int min_categories = 2, max_categories = 64;
  static constexpr double min_sigma = 0.05, max_sigma = 20.0;
  static constexpr double max_abs_mean = 50.0;
  static constexpr int max_fit_steps = 5000;
  static constexpr double max_learning_rate = 1.0;
  static constexpr int max_density_points = 4096;
  static constexpr int max_posterior_samples = 256;
};

struct Normal {
  double mu = 0.0, sigma = 1.0;
};

// Two modes: w·N(first) + (1−w)·N(second), 0 < w < 1.
struct Mixture {
  double weight = 0.5;
  Normal first, second;
};

struct DiscreteKl {
  std::vector<double> p, q;      // (K) the inputs divided by their sums
  std::vector<double> terms;     // (K) p_i log(p_i / q_i), +∞ where q_i = 0 < p_i
  double total = 0.0;            // Σ terms (+∞ if any is)
  std::vector<int> infinite_at;  // the i with q_i = 0 < p_i
};

// p and q: K non-negative weights each (not all zero), normalised here.
DiscreteKl discrete_kl(const std::vector<double>& p, const std::vector<double>& q);

double gaussian_kl_closed_form(Normal p, Normal q);
// ∫ p(x) log(p(x)/q(x)) dx by composite Simpson over μ_p ± 12σ_p (4000 intervals).
double gaussian_kl_numeric(Normal p, Normal q);

double normal_log_pdf(Normal n, double x);
double mixture_log_pdf(const Mixture& m, double x);
// Densities at n points evenly spaced over [lo, hi] (for the page's curves).
std::vector<double> normal_density(Normal n, double lo, double hi, int points);
std::vector<double> mixture_density(const Mixture& m, double lo, double hi, int points);

// The mixture's mean and variance: the minimiser of KL(p‖q) over Gaussians q.
Normal mixture_moment_match(const Mixture& m);
double forward_kl(const Mixture& p, Normal q);  // KL(p‖q), numeric entropy of p
double reverse_kl(Normal q, const Mixture& p);  // KL(q‖p), numeric

enum class FitDirection { forward, reverse };

// The fit's trajectory: element 0 is the start, then one entry per step.
struct FitPath {
  std::vector<double> mu, sigma;
  std::vector<double> forward, reverse;  // KL(p‖q) and KL(q‖p) at each point
};

// Natural-gradient descent on (μ, log σ) from start: μ −= lr·σ²·∂μ,
// log σ −= lr·½·∂log σ (the Fisher metric of the Gaussian family), so one
// learning rate suits every scale. Deterministic: the expectations over q
// are quadratures, not samples.
FitPath fit_gaussian(const Mixture& p, FitDirection direction, Normal start, int steps, double learning_rate);

// The VAE's KL of one dimension, ½(σ² + μ² − 1 − log σ²), by ll::gaussian_kl.
double vae_kl_term(double mu, double sigma);
// kl (Z) per dimension of one posterior, by ll::gaussian_kl_per_dim.
std::vector<float> vae_kl_per_dimension(const std::vector<float>& mu, const std::vector<float>& logvar);

// eps (count, Z) standard normals from Rng(seed) in the order Vae draws them
// for a one-image batch, and z = μ + exp(½ log σ²)⊙ε the way Vae computes it.
// So sample 0 is the ε that evaluate_model(model, image, seed) uses.
struct PosteriorSamples {
  std::vector<float> sigma;  // (Z) exp(½ log σ²), the σ the samples used
  std::vector<float> eps, z;  // (count, Z)
};
PosteriorSamples sample_posterior(const std::vector<float>& mu, const std::vector<float>& logvar, int count,
                                  std::uint64_t seed);

}  // namespace ll
