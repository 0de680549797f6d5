#include "nn/layers/sequential.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "nn/errors.hpp"

namespace ll {

void Sequential::add(LayerPtr layer) {
  if (!layer) throw Error(ErrorCode::invalid_argument, "Sequential: cannot add a null layer (position " +
                                          std::to_string(layers_.size()) + ")");
  layers_.push_back(std::move(layer));
  if (layers_.size() > 1) {
    activations_.resize(layers_.size() - 1);
    gradients_.resize(layers_.size() - 1);
  }
  has_forward_ = false;
}

Layer& Sequential::operator[](std::size_t i) {
  if (i >= layers_.size())
    throw Error(ErrorCode::invalid_argument, "Sequential: layer " + std::to_string(i) + " of " + std::to_string(layers_.size()));
  return *layers_[i];
}

const Layer& Sequential::operator[](std::size_t i) const {
  if (i >= layers_.size())
    throw Error(ErrorCode::invalid_argument, "Sequential: layer " + std::to_string(i) + " of " + std::to_string(layers_.size()));
  return *layers_[i];
}

const Tensor& Sequential::activation(std::size_t i) const {
  if (i >= activations_.size() || !has_forward_)
    throw Error(ErrorCode::invalid_argument, "Sequential: activation " + std::to_string(i) + " is not kept (" +
                            std::to_string(activations_.size()) + " intermediate activations" +
                            (has_forward_ ? "" : ", no forward yet") +
                            "; the last layer's output is the y passed to forward)");
  return activations_[i];
}

Shape Sequential::output_shape(const Shape& input) const {
  Shape shape = input;
  for (const auto& layer : layers_) shape = layer->output_shape(shape);
  return shape;
}

void Sequential::forward(const Tensor& x, Tensor& y) {
  if (layers_.empty()) {
    ensure_shape(y, shape_of(x));
    std::copy(x.begin(), x.end(), y.begin());
    return;
  }
  has_forward_ = false;
  const Tensor* input = &x;
  for (std::size_t i = 0; i + 1 < layers_.size(); ++i) {
    layers_[i]->forward(*input, activations_[i]);
    input = &activations_[i];
  }
  layers_.back()->forward(*input, y);
  has_forward_ = true;
}

void Sequential::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) {
  if (layers_.empty()) {
    require_shape("Sequential dy", shape_of(x), dy);
    ensure_shape(dx, shape_of(x));
    std::copy(dy.begin(), dy.end(), dx.begin());
    return;
  }
  backward_layers(x, y, dy, &dx);
}

bool Sequential::has_parameters() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const LayerPtr& layer) { return layer->has_parameters(); });
}

void Sequential::backward_parameters(const Tensor& x, const Tensor& y, const Tensor& dy) {
  if (has_parameters()) backward_layers(x, y, dy, nullptr);
}

void Sequential::backward_layers(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
  if (!has_forward_) throw Error(ErrorCode::internal, "Sequential: backward called without a forward on the current layers");
  const std::size_t last = layers_.size() - 1;
  // Without dx, layers before the first one with parameters need no gradient.
  std::size_t first = 0;
  if (!dx)
    while (!layers_[first]->has_parameters()) ++first;
  // Layer i reads its input a_{i-1} (x for i = 0), its output a_i (y for the
  // last), the gradient of that output, and writes the gradient of its input.
  for (std::size_t i = last + 1; i-- > first;) {
    const Tensor& input = i == 0 ? x : activations_[i - 1];
    const Tensor& output = i == last ? y : activations_[i];
    const Tensor& output_grad = i == last ? dy : gradients_[i];
    if (i == first && !dx)
      layers_[i]->backward_parameters(input, output, output_grad);
    else
      layers_[i]->backward(input, output, output_grad, i == 0 ? *dx : gradients_[i - 1]);
  }
}

}  // namespace ll
