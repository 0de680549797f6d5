#include "nn/losses/gaussian_kl.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/errors.hpp"

namespace ll {
namespace {

double kl_term(double mu, double logvar) { return 0.5 * (std::exp(logvar) + mu * mu - 1.0 - logvar); }

}  // namespace

float gaussian_kl(const float* mu, const float* logvar, std::size_t count, float* dmu, float* dlogvar) {
  double sum = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    sum += kl_term(mu[i], logvar[i]);
    if (dmu) dmu[i] = mu[i];
    if (dlogvar) dlogvar[i] = static_cast<float>(0.5 * (std::exp(double(logvar[i])) - 1.0));
  }
  return static_cast<float>(sum);
}

void gaussian_kl_per_dim(const float* mu, const float* logvar, int N, int Z, float* kl_per_dim) {
  if (N < 0 || Z < 0)
    throw Error(ErrorCode::invalid_argument, "gaussian_kl_per_dim: sizes must be non-negative, got N=" + std::to_string(N) +
                                " Z=" + std::to_string(Z));
  for (int z = 0; z < Z; ++z) {
    double sum = 0.0;
    for (int n = 0; n < N; ++n) sum += kl_term(mu[std::size_t(n) * Z + z], logvar[std::size_t(n) * Z + z]);
    kl_per_dim[z] = static_cast<float>(sum);
  }
}

}  // namespace ll
