#include "nn/layers/flatten.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/errors.hpp"

namespace ll {

Shape Flatten::output_shape(const Shape& input) const {
  if (input.size() < 2)
    throw Error(ErrorCode::shape_mismatch, "Flatten: expects [N, ...] with at least 2 dimensions, got " + shape_to_string(input));
  return {input[0], shape_size(Shape(input.begin() + 1, input.end()))};
}

void Flatten::forward(const Tensor& x, Tensor& y) {
  ensure_shape(y, output_shape(shape_of(x)));
  std::copy(x.data(), x.data() + x.size(), y.data());
}

void Flatten::backward(const Tensor& x, const Tensor& /*y*/, const Tensor& dy, Tensor& dx) {
  require_shape("Flatten dy", output_shape(shape_of(x)), dy);
  ensure_shape(dx, shape_of(x));
  std::copy(dy.data(), dy.data() + dy.size(), dx.data());
}

}  // namespace ll
