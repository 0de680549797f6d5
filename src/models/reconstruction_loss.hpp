#pragma once
// The reconstruction term shared by the AE and VAE families, on decoder logits
// [N, D] against targets [N, D] in [0, 1]:
//   Bce: Σ_d BCE(sigmoid(logit), target)   (the Bernoulli negative log-likelihood)
//   Mse: Σ_d (sigmoid(logit) − target)²
// per_image[n] receives row sums; dlogits (optional) is OVERWRITTEN with
// scale · d(Σ_n per_image[n]) / dlogits.
#include <vector>

#include "models/config.hpp"
#include "nn/tensor.hpp"

namespace ll {

double reconstruction_loss(ReconstructionLoss kind, const Tensor& logits, const Tensor& target, float scale,
                           std::vector<float>* per_image, Tensor* dlogits);

void sigmoid_in_place(Tensor& t);

}  // namespace ll
