#pragma once
// All trainable parameters of a model in one contiguous buffer, their
// gradients in a second buffer of the same layout, and named views into both.
// The optimizer is therefore one flat loop, and serialization walks the views.
//
// Names and layouts follow PyTorch's state_dict (Linear weight [out, in],
// Conv2d weight [Cout, Cin, kh, kw], ConvTranspose2d weight [Cin, Cout, kh, kw]).
#include <cstddef>
#include <string>
#include <vector>

#include "nn/tensor.hpp"

namespace ll {

struct ParameterView {
  std::string name;
  Shape shape;
  std::size_t offset = 0;  // into values() and grads()
  std::size_t size = 0;
};

class Parameters {
 public:
  // Registers a parameter and returns its handle. Only during model
  // construction: adding reallocates the buffers.
  std::size_t add(const std::string& name, const Shape& shape);

  float* value(std::size_t handle) { return values_.data() + views_[handle].offset; }
  const float* value(std::size_t handle) const { return values_.data() + views_[handle].offset; }
  float* grad(std::size_t handle) { return grads_.data() + views_[handle].offset; }
  const float* grad(std::size_t handle) const { return grads_.data() + views_[handle].offset; }

  std::vector<float>& values() { return values_; }
  const std::vector<float>& values() const { return values_; }
  std::vector<float>& grads() { return grads_; }
  const std::vector<float>& grads() const { return grads_; }

  const std::vector<ParameterView>& views() const { return views_; }
  // nullptr when absent.
  const ParameterView* find(const std::string& name) const;
  std::size_t size() const { return values_.size(); }

  void zero_grad();

 private:
  std::vector<float> values_;
  std::vector<float> grads_;
  std::vector<ParameterView> views_;
};

}  // namespace ll
