#include "nn/layer.hpp"

#include <stdexcept>

namespace ll {

void require_shape(const std::string& layer, const Shape& expected, const Tensor& got) {
  const Shape actual = shape_of(got);
  if (actual != expected)
    throw std::invalid_argument(layer + ": expected input of shape " + shape_to_string(expected) +
                                ", got " + shape_to_string(actual));
}

}  // namespace ll
