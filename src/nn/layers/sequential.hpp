#pragma once
// Sequential: layers applied in order, itself a Layer.
//   x (input of layer 0) -> a_0 -> a_1 -> ... -> a_{L-2} -> y (output of layer L-1)
// The intermediate activations a_i and their gradients da_i are owned here and
// reused across calls (ensure_shape), so a steady-state step does not allocate;
// the last layer writes straight into the caller's y and the first layer's
// backward straight into the caller's dx. An empty Sequential is the identity.
#include <cstddef>
#include <vector>

#include "nn/layer.hpp"

namespace ll {

class Sequential final : public Layer {
 public:
  // Throws on nullptr.
  void add(LayerPtr layer);
  std::size_t size() const { return layers_.size(); }
  Layer& operator[](std::size_t i);
  const Layer& operator[](std::size_t i) const;
  // Output of layer i from the last forward, for i < size() - 1. The last
  // layer's output is the y given to forward, which is not kept here, so
  // asking for it throws ll::Error invalid_argument (as does asking before a forward).
  const Tensor& activation(std::size_t i) const;

  std::string kind() const override { return "Sequential"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y) override;
  // Needs the activations of the forward(x, y) just before it.
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
  bool has_parameters() const override;
  // For a network fed with data: leading parameter-free layers (a Reshape) are
  // skipped and the first layer with parameters computes no dx, which for an
  // encoder's 784-wide input layer is a third of that layer's backward work.
  void backward_parameters(const Tensor& x, const Tensor& y, const Tensor& dy) override;

 private:
  // backward (dx given) or backward_parameters (dx null); needs a non-empty net.
  void backward_layers(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx);

  std::vector<LayerPtr> layers_;
  std::vector<Tensor> activations_;  // a_i, output of layer i, for i < L-1
  std::vector<Tensor> gradients_;    // da_i = dL/da_i, same shapes
  bool has_forward_ = false;         // activations_ match the current layers
};

}  // namespace ll
