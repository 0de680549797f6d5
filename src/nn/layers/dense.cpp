#include "nn/layers/dense.hpp"

#include <stdexcept>

#include "nn/errors.hpp"
#include "nn/init.hpp"
#include "nn/kernels/gemm.hpp"

namespace ll {

Dense::Dense(Parameters& params, const std::string& name, int in_features, int out_features, Rng& rng)
    : params_(params), name_(name), in_(in_features), out_(out_features) {
  if (in_features <= 0 || out_features <= 0)
    throw Error(ErrorCode::invalid_argument, name + ": Dense sizes must be positive, got " + std::to_string(in_features) +
                                "->" + std::to_string(out_features));
  weight_ = params.add(name + ".weight", {std::size_t(out_), std::size_t(in_)});
  bias_ = params.add(name + ".bias", {std::size_t(out_)});
  init_uniform_fan_in(params.value(weight_), std::size_t(out_) * in_, in_, rng);
  init_uniform_fan_in(params.value(bias_), out_, in_, rng);
}

Shape Dense::output_shape(const Shape& input) const {
  if (input.size() != 2 || input[1] != std::size_t(in_))
    throw Error(ErrorCode::shape_mismatch, name_ + ": Dense expects [N, " + std::to_string(in_) + "], got " +
                                shape_to_string(input));
  return {input[0], std::size_t(out_)};
}

void Dense::forward(const Tensor& x, Tensor& y) {
  const Shape out_shape = output_shape(shape_of(x));
  const int n = int(out_shape[0]);
  ensure_shape(y, out_shape);
  const float* b = params_.value(bias_);
  float* yp = y.data();
  for (int i = 0; i < n; ++i)
    for (int o = 0; o < out_; ++o) yp[i * out_ + o] = b[o];
  gemm_nt(n, out_, in_, x.data(), params_.value(weight_), yp, /*accumulate=*/true);
}

void Dense::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) {
  backward_parameters(x, y, dy);
  // dx[N×I] = dy[N×O] · W[O×I]
  ensure_shape(dx, shape_of(x));
  gemm_nn(int(x.shape()[0]), in_, out_, dy.data(), params_.value(weight_), dx.data(), /*accumulate=*/false);
}

void Dense::backward_parameters(const Tensor& x, const Tensor& /*y*/, const Tensor& dy) {
  const int n = int(x.shape()[0]);
  // dW[O×I] += dyᵀ[O×N] · x[N×I]
  gemm_tn(out_, in_, n, dy.data(), x.data(), params_.grad(weight_), /*accumulate=*/true);
  float* db = params_.grad(bias_);
  const float* dyp = dy.data();
  for (int i = 0; i < n; ++i)
    for (int o = 0; o < out_; ++o) db[o] += dyp[i * out_ + o];
}

}  // namespace ll
