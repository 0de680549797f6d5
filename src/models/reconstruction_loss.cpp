#include "models/reconstruction_loss.hpp"

#include <cmath>

#include "nn/losses/bce_with_logits.hpp"

namespace ll {
namespace {

// Σ_i (sigmoid(l_i) − t_i)² and, when dlogits is given, its gradient
// 2(p − t)·p(1 − p), fused so no row of probabilities is stored.
float sigmoid_mse(const float* logits, const float* targets, std::size_t count, float* dlogits) {
  double sum = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const float p = 1.0f / (1.0f + std::exp(-logits[i]));
    const double diff = double(p) - targets[i];
    sum += diff * diff;
    if (dlogits) dlogits[i] = static_cast<float>(2.0 * diff) * (p * (1.0f - p));
  }
  return static_cast<float>(sum);
}

}  // namespace

void sigmoid_in_place(Tensor& t) {
  for (auto& v : t) v = 1.0f / (1.0f + std::exp(-v));
}

double reconstruction_loss(ReconstructionLoss kind, const Tensor& logits, const Tensor& target, float scale,
                           std::vector<float>* per_image, Tensor* dlogits) {
  const std::size_t n = logits.shape()[0], d = logits.shape()[1];
  if (per_image) per_image->assign(n, 0.0f);
  if (dlogits) ensure_shape(*dlogits, shape_of(logits));
  double total = 0.0;
  for (std::size_t row = 0; row < n; ++row) {
    const float* l = logits.data() + row * d;
    const float* t = target.data() + row * d;
    float* g = dlogits ? dlogits->data() + row * d : nullptr;
    const float loss = kind == ReconstructionLoss::Bce ? bce_with_logits(l, t, d, Reduction::Sum, g)
                                                       : sigmoid_mse(l, t, d, g);
    if (g)
      for (std::size_t i = 0; i < d; ++i) g[i] *= scale;
    if (per_image) (*per_image)[row] = loss;
    total += loss;
  }
  return total;
}

}  // namespace ll
