#include "nn/layers/reshape.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/errors.hpp"

namespace ll {

Reshape::Reshape(Shape per_sample) : per_sample_(std::move(per_sample)) {
  if (per_sample_.empty() || shape_size(per_sample_) == 0)
    throw Error(ErrorCode::invalid_argument, "Reshape: per-sample shape must be non-empty with positive sizes, got " +
                                shape_to_string(per_sample_));
}

Shape Reshape::output_shape(const Shape& input) const {
  const std::size_t per_sample_size = shape_size(per_sample_);
  if (input.size() < 2 || shape_size(Shape(input.begin() + 1, input.end())) != per_sample_size)
    throw Error(ErrorCode::shape_mismatch, "Reshape: expects [N, " + std::to_string(per_sample_size) + "] to reshape to [N, " +
                                shape_to_string(per_sample_).substr(1) + ", got " + shape_to_string(input));
  Shape out{input[0]};
  out.insert(out.end(), per_sample_.begin(), per_sample_.end());
  return out;
}

void Reshape::forward(const Tensor& x, Tensor& y) {
  ensure_shape(y, output_shape(shape_of(x)));
  std::copy(x.data(), x.data() + x.size(), y.data());
}

void Reshape::backward(const Tensor& x, const Tensor& /*y*/, const Tensor& dy, Tensor& dx) {
  require_shape("Reshape dy", output_shape(shape_of(x)), dy);
  ensure_shape(dx, shape_of(x));
  std::copy(dy.data(), dy.data() + dy.size(), dx.data());
}

}  // namespace ll
