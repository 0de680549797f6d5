#include "models/reconstruction_loss.hpp"

#include <algorithm>
#include <cmath>

#include "nn/kernels/exp_log.hpp"
#include "nn/losses/bce_with_logits.hpp"

namespace ll {
namespace {

// Σ_i (sigmoid(l_i) − t_i)² and, when dlogits is given, its gradient
// 2(p − t)·p(1 − p). A chunk at a time, as bce_with_logits: probabilities,
// squares and gradients in loops the compiler vectorises (logistic() has no
// libm call), the sum in double and in order.
float sigmoid_mse(const float* logits, const float* targets, std::size_t count, float* dlogits) {
  constexpr std::size_t kChunk = 256;
  float probabilities[kChunk], squares[kChunk];
  double sum = 0.0;
  for (std::size_t start = 0; start < count; start += kChunk) {
    const std::size_t m = std::min(kChunk, count - start);
    const float* l = logits + start;
    const float* t = targets + start;
    for (std::size_t i = 0; i < m; ++i) {
      probabilities[i] = logistic(l[i]);
      const float diff = probabilities[i] - t[i];
      squares[i] = diff * diff;
    }
    if (dlogits)
      for (std::size_t i = 0; i < m; ++i) {
        const float p = probabilities[i];
        dlogits[start + i] = 2.0f * (p - t[i]) * (p * (1.0f - p));
      }
    for (std::size_t i = 0; i < m; ++i) sum += squares[i];
  }
  return static_cast<float>(sum);
}

}  // namespace

void sigmoid_in_place(Tensor& t) {
  float* p = t.data();
  for (std::size_t i = 0, n = t.size(); i < n; ++i) p[i] = logistic(p[i]);
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
