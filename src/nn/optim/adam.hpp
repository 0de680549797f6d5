#pragma once
// Adam (torch.optim.Adam, amsgrad=False), over P parameters:
//   moments m, v   (P)   same layout as Parameters::values()
//   g = grad + weight_decay * p
//   m = β1 m + (1-β1) g;   v = β2 v + (1-β2) g²
//   p -= lr * (m / (1-β1^t)) / (sqrt(v) / sqrt(1-β2^t) + eps)
// with t counting steps from 1, as PyTorch (bias corrections in double).
#include <cstddef>
#include <string>
#include <vector>

#include "nn/optim/optimizer.hpp"

namespace ll {

struct AdamConfig {
  float learning_rate = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.0f;
};

class Adam final : public Optimizer {
 public:
  // Throws on a negative learning rate, eps or weight decay, or a beta outside [0, 1).
  explicit Adam(std::size_t parameter_count, AdamConfig config = {});

  // Throws when params.size() differs from the parameter_count given at construction.
  void step(Parameters& params) override;
  void set_learning_rate(float lr) override;
  float learning_rate() const override { return config_.learning_rate; }
  std::string kind() const override { return "Adam"; }

  long steps_taken() const { return steps_; }
  const std::vector<float>& first_moment() const { return m_; }
  const std::vector<float>& second_moment() const { return v_; }

 private:
  AdamConfig config_;
  long steps_ = 0;
  std::vector<float> m_;  // (P)
  std::vector<float> v_;  // (P)
};

}  // namespace ll
