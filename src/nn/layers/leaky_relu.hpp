#pragma once
// LeakyReLU: y = x if x > 0 else negative_slope * x, elementwise, any shape. No parameters.
#include "nn/layer.hpp"

namespace ll {

class LeakyReLU final : public Layer {
 public:
  explicit LeakyReLU(float negative_slope = 0.01f);

  std::string kind() const override { return "LeakyReLU"; }
  Shape output_shape(const Shape& input) const override { return input; }
  void forward(const Tensor& x, Tensor& y) override;
  // Masks with x > 0, not y: with a negative slope y's sign no longer tells
  // the side. At 0 the slope side is taken, as in PyTorch.
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;

  float negative_slope() const { return negative_slope_; }

 private:
  float negative_slope_;
};

}  // namespace ll
