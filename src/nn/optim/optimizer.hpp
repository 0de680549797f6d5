#pragma once
// An optimizer updates Parameters::values() in place from Parameters::grads()
// (one flat loop over the single buffer). It does not zero the gradients:
// whoever runs the training step does, before the next backward.
#include <string>

#include "nn/parameters.hpp"

namespace ll {

class Optimizer {
 public:
  virtual ~Optimizer();
  virtual void step(Parameters& params) = 0;
  virtual void set_learning_rate(float lr) = 0;
  virtual float learning_rate() const = 0;
  virtual std::string kind() const = 0;
};

}  // namespace ll
