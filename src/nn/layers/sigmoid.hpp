#pragma once
// Sigmoid: y = 1 / (1 + exp(-x)), elementwise, any shape. No parameters.
#include "nn/layer.hpp"

namespace ll {

class Sigmoid final : public Layer {
 public:
  std::string kind() const override { return "Sigmoid"; }
  Shape output_shape(const Shape& input) const override { return input; }
  // Never evaluates exp of a positive number, so large |x| cannot overflow.
  void forward(const Tensor& x, Tensor& y) override;
  // dx = dy * y * (1 - y), from the saved output alone.
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
};

}  // namespace ll
