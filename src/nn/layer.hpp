#pragma once
// The layer contract, written once; every layer in nn/layers follows it.
//
//   forward(x, y)            y is overwritten (resized with ensure_shape when its
//                            shape differs). A layer may keep workspace from the
//                            last forward for the next backward.
//   backward(x, y, dy, dx)   called after forward(x, y) with the same x and y.
//                            dx (same shape as x) is OVERWRITTEN.
//                            Parameter gradients are ACCUMULATED (+=) into
//                            Parameters::grad(); whoever runs a training step
//                            zeroes them first (Parameters::zero_grad()).
//   backward_parameters(x, y, dy)
//                            the same parameter gradients, no dx: for the layer
//                            that reads a network's data, whose input gradient
//                            nobody needs (Sequential::backward_parameters).
//                            Layers with parameters override it to skip their
//                            dx product; parameter-free layers never need it.
//
// Gradients are of a scalar loss L: dy = dL/dy, dx = dL/dx, as in PyTorch.
// Shapes are batch-first; output_shape() maps a full input shape (with N).
#include <memory>
#include <string>
#include <string_view>

#include "nn/tensor.hpp"

namespace ll {

class Layer {
 public:
  virtual ~Layer() = default;
  virtual std::string kind() const = 0;
  virtual Shape output_shape(const Shape& input) const = 0;
  virtual void forward(const Tensor& x, Tensor& y) = 0;
  virtual void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) = 0;
  virtual bool has_parameters() const { return false; }
  // Does nothing for a parameter-free layer; otherwise runs backward into a
  // scratch dx (which allocates: layers with parameters override it).
  virtual void backward_parameters(const Tensor& x, const Tensor& y, const Tensor& dy);
};

using LayerPtr = std::unique_ptr<Layer>;

// Throws std::invalid_argument naming the layer (and which of its tensors, e.g.
// "(Conv2d dy)") and both shapes. No string is built unless the shapes differ,
// so the check costs nothing in a training step.
void require_shape(std::string_view layer, const Shape& expected, const Tensor& got);
void require_shape(std::string_view layer, std::string_view tensor, const Shape& expected, const Tensor& got);

}  // namespace ll
