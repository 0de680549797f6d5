#include "nn/layer.hpp"

#include <stdexcept>

#include "nn/errors.hpp"

namespace ll {

void Layer::backward_parameters(const Tensor& x, const Tensor& y, const Tensor& dy) {
  if (!has_parameters()) return;
  Tensor unused;
  backward(x, y, dy, unused);
}

void require_shape(std::string_view layer, const Shape& expected, const Tensor& got) {
  require_shape(layer, {}, expected, got);
}

void require_shape(std::string_view layer, std::string_view tensor, const Shape& expected, const Tensor& got) {
  const Shape actual = shape_of(got);
  if (actual == expected) return;
  std::string name(layer);
  if (!tensor.empty()) name += " " + std::string(tensor);
  throw Error(ErrorCode::shape_mismatch, name + ": expected input of shape " + shape_to_string(expected) + ", got " +
                              shape_to_string(actual));
}

}  // namespace ll
