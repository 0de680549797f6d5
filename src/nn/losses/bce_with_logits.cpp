#include "nn/losses/bce_with_logits.hpp"

#include <algorithm>
#include <cmath>

#include "nn/kernels/exp_log.hpp"

namespace ll {

float bce_with_logits(const float* logits, const float* targets, std::size_t count, Reduction reduction,
                      float* dlogits) {
  const double scale = reduction_scale(reduction, count, "bce_with_logits");
  const float gradient_scale = static_cast<float>(scale);
  // A chunk at a time: the terms in float through the branch-free exp and
  // log1p of exp_log.hpp, in loops the compiler vectorises; then their sum in
  // double and in order (a reduction would stop the vectoriser, and a
  // hundred thousand float terms summed in float would lose digits).
  constexpr std::size_t kChunk = 256;
  float exps[kChunk], terms[kChunk];
  double sum = 0.0;
  for (std::size_t start = 0; start < count; start += kChunk) {
    const std::size_t m = std::min(kChunk, count - start);
    const float* l = logits + start;
    const float* t = targets + start;
    for (std::size_t i = 0; i < m; ++i) {
      exps[i] = exp_minus_abs(l[i]);  // in (0, 1]
      const float relu = 0.5f * (l[i] + std::abs(l[i]));  // max(l, 0), exact, without a compare
      terms[i] = relu - l[i] * t[i] + log1p_unit(exps[i]);
    }
    if (dlogits)
      for (std::size_t i = 0; i < m; ++i) {
        dlogits[start + i] = (logistic_given(l[i], exps[i]) - t[i]) * gradient_scale;
      }
    for (std::size_t i = 0; i < m; ++i) sum += terms[i];
  }
  return static_cast<float>(sum * scale);
}

}  // namespace ll
