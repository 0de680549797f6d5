#pragma once
// KL divergence of a diagonal Gaussian N(mu, exp(logvar)) from the standard
// normal prior N(0, I), the VAE's regulariser:
//   mu, logvar, dmu, dlogvar   (count)  usually (N, Z) flattened
//   KL = 0.5 * Σ (σ² + μ² - 1 - log σ²) = 0.5 * Σ (exp(logvar) + mu² - 1 - logvar)
//   dKL/dmu = mu,  dKL/dlogvar = 0.5 * (exp(logvar) - 1)
// Always the plain sum over every element (batch and latent): callers apply
// their own scaling (per-sample mean, β). The value is accumulated in double.
#include <cstddef>

namespace ll {

// dmu and dlogvar may each be nullptr; when given they are OVERWRITTEN.
float gaussian_kl(const float* mu, const float* logvar, std::size_t count, float* dmu, float* dlogvar);

// kl_per_dim (Z) = the KL terms of each latent dimension, summed over the batch
// of mu, logvar (N, Z); OVERWRITTEN. Shows which dimensions carry information.
void gaussian_kl_per_dim(const float* mu, const float* logvar, int N, int Z, float* kl_per_dim);

}  // namespace ll
