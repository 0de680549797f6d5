#pragma once
// ReLU: y = max(x, 0), elementwise, any shape. No parameters.
#include "nn/layer.hpp"

namespace ll {

class ReLU final : public Layer {
 public:
  std::string kind() const override { return "ReLU"; }
  Shape output_shape(const Shape& input) const override { return input; }
  void forward(const Tensor& x, Tensor& y) override;
  // Uses y > 0 as the mask (the subgradient at 0 is 0, as in PyTorch).
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
};

}  // namespace ll
