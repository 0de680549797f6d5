#pragma once
// SGD with momentum (torch.optim.SGD, dampening 0, nesterov false, no weight decay):
//   velocity b   (P)   same layout as Parameters::values()
//   b = g on the first step, then b = momentum * b + g;   p -= lr * b
// momentum 0 is plain SGD.
#include <cstddef>
#include <string>
#include <vector>

#include "nn/optim/optimizer.hpp"

namespace ll {

class SgdMomentum final : public Optimizer {
 public:
  // Throws on a negative learning rate or momentum.
  SgdMomentum(std::size_t parameter_count, float learning_rate, float momentum = 0.9f);

  // Throws when params.size() differs from the parameter_count given at construction.
  void step(Parameters& params) override;
  void set_learning_rate(float lr) override;
  float learning_rate() const override { return learning_rate_; }
  std::string kind() const override { return "SgdMomentum"; }

  float momentum() const { return momentum_; }

 private:
  float learning_rate_;
  float momentum_;
  bool first_step_ = true;
  std::vector<float> velocity_;  // (P)
};

}  // namespace ll
