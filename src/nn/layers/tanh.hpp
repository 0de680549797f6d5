#pragma once
// Tanh: y = tanh(x), elementwise, any shape. No parameters.
#include "nn/layer.hpp"

namespace ll {

class Tanh final : public Layer {
 public:
  std::string kind() const override { return "Tanh"; }
  Shape output_shape(const Shape& input) const override { return input; }
  void forward(const Tensor& x, Tensor& y) override;
  // dx = dy * (1 - y²), from the saved output alone.
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
};

}  // namespace ll
