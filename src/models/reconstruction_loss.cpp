#include "models/reconstruction_loss.hpp"

#include <cmath>

#include "nn/losses/bce_with_logits.hpp"
#include "nn/losses/mse.hpp"

namespace ll {

void sigmoid_in_place(Tensor& t) {
  for (auto& v : t) v = 1.0f / (1.0f + std::exp(-v));
}

double reconstruction_loss(ReconstructionLoss kind, const Tensor& logits, const Tensor& target, float scale,
                           std::vector<float>* per_image, Tensor* dlogits) {
  const std::size_t n = logits.shape()[0], d = logits.shape()[1];
  if (per_image) per_image->assign(n, 0.0f);
  if (dlogits) ensure_shape(*dlogits, shape_of(logits));
  std::vector<float> probabilities(kind == ReconstructionLoss::Mse ? d : 0);
  double total = 0.0;
  for (std::size_t row = 0; row < n; ++row) {
    const float* l = logits.data() + row * d;
    const float* t = target.data() + row * d;
    float* g = dlogits ? dlogits->data() + row * d : nullptr;
    float loss;
    if (kind == ReconstructionLoss::Bce) {
      loss = bce_with_logits(l, t, d, Reduction::Sum, g);
    } else {
      for (std::size_t i = 0; i < d; ++i) probabilities[i] = 1.0f / (1.0f + std::exp(-l[i]));
      loss = mse(probabilities.data(), t, d, Reduction::Sum, g);
      if (g)  // chain through the sigmoid: dp/dl = p(1 − p)
        for (std::size_t i = 0; i < d; ++i) g[i] *= probabilities[i] * (1.0f - probabilities[i]);
    }
    if (g)
      for (std::size_t i = 0; i < d; ++i) g[i] *= scale;
    if (per_image) (*per_image)[row] = loss;
    total += loss;
  }
  return total;
}

}  // namespace ll
