#pragma once
// Reshape: x (N, D) -> y (N, per_sample...), with D = prod(per_sample); e.g. a
// decoder's Dense output [N, 32*7*7] to [N, 32, 7, 7]. Any x whose per-sample
// element count is D is accepted (so x may already be [N, c, h, w]). The memory
// layout is unchanged, so forward and backward are copies.
#include "nn/layer.hpp"

namespace ll {

class Reshape final : public Layer {
 public:
  // Throws when per_sample is empty or has a zero dimension.
  explicit Reshape(Shape per_sample);

  std::string kind() const override { return "Reshape"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;

  const Shape& per_sample() const { return per_sample_; }

 private:
  Shape per_sample_;
};

}  // namespace ll
