#pragma once
// Flatten (torch.nn.Flatten with start_dim=1): x (N, d1, d2, ...) -> y (N, d1*d2*...).
// The memory layout is unchanged, so forward and backward are copies.
#include "nn/layer.hpp"

namespace ll {

class Flatten final : public Layer {
 public:
  std::string kind() const override { return "Flatten"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
};

}  // namespace ll
