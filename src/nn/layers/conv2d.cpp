#include "nn/layers/conv2d.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/errors.hpp"
#include "nn/init.hpp"
#include "nn/kernels/gemm.hpp"
#include "nn/kernels/im2col.hpp"

namespace ll {

Conv2d::Conv2d(Parameters& params, const std::string& name, int in_channels, int out_channels, int kernel,
               int stride, int padding, Rng& rng)
    : params_(params),
      name_(name),
      in_(in_channels),
      out_(out_channels),
      kernel_(kernel),
      stride_(stride),
      padding_(padding) {
  if (in_channels <= 0 || out_channels <= 0 || kernel <= 0 || stride <= 0 || padding < 0)
    throw Error(ErrorCode::invalid_argument, name + ": Conv2d needs positive channels, kernel and stride and padding >= 0, got " +
                                "in_channels=" + std::to_string(in_channels) +
                                " out_channels=" + std::to_string(out_channels) + " kernel=" + std::to_string(kernel) +
                                " stride=" + std::to_string(stride) + " padding=" + std::to_string(padding));
  const std::size_t fan_in = std::size_t(in_) * kernel_ * kernel_;
  weight_ = params.add(name + ".weight", {std::size_t(out_), std::size_t(in_), std::size_t(kernel_), std::size_t(kernel_)});
  bias_ = params.add(name + ".bias", {std::size_t(out_)});
  init_uniform_fan_in(params.value(weight_), out_ * fan_in, fan_in, rng);
  init_uniform_fan_in(params.value(bias_), out_, fan_in, rng);
}

Shape Conv2d::output_shape(const Shape& input) const {
  if (input.size() != 4 || input[1] != std::size_t(in_))
    throw Error(ErrorCode::shape_mismatch, name_ + ": Conv2d expects [N, " + std::to_string(in_) + ", H, W], got " +
                                shape_to_string(input));
  const long padded_h = long(input[2]) + 2 * padding_;
  const long padded_w = long(input[3]) + 2 * padding_;
  if (padded_h < kernel_ || padded_w < kernel_)
    throw Error(ErrorCode::shape_mismatch, name_ + ": Conv2d input " + shape_to_string(input) + " with padding " +
                                std::to_string(padding_) + " is smaller than the kernel " + std::to_string(kernel_));
  return {input[0], std::size_t(out_), std::size_t((padded_h - kernel_) / stride_ + 1),
          std::size_t((padded_w - kernel_) / stride_ + 1)};
}

void Conv2d::forward(const Tensor& x, Tensor& y) {
  const Shape out_shape = output_shape(shape_of(x));
  ensure_shape(y, out_shape);
  const int n = int(x.shape()[0]), h = int(x.shape()[2]), w = int(x.shape()[3]);
  const int ho = int(out_shape[2]), wo = int(out_shape[3]);
  const int taps = in_ * kernel_ * kernel_;
  const int plane = ho * wo;
  const float* weight = params_.value(weight_);
  const float* bias = params_.value(bias_);
  for_each_image_chunk(chunks_, n, [&](ImageChunk& scratch, int begin, int end) {
    std::vector<float>& cols = scratch.cols;
    cols.resize(std::size_t(taps) * plane);
    for (int i = begin; i < end; ++i) {
      const float* xi = x.data() + std::size_t(i) * in_ * h * w;
      float* yi = y.data() + std::size_t(i) * out_ * plane;  // (Cout, Ho*Wo)
      im2col(xi, in_, h, w, kernel_, stride_, padding_, ho, wo, cols.data());
      fill_with_bias(yi, out_, plane, bias);
      gemm_nn(out_, plane, taps, weight, cols.data(), yi, /*accumulate=*/true);
    }
  });
}

void Conv2d::backward(const Tensor& x, const Tensor& /*y*/, const Tensor& dy, Tensor& dx) {
  ensure_shape(dx, shape_of(x));
  backward_pass(x, dy, &dx);
}

void Conv2d::backward_parameters(const Tensor& x, const Tensor& /*y*/, const Tensor& dy) {
  backward_pass(x, dy, nullptr);
}

void Conv2d::backward_pass(const Tensor& x, const Tensor& dy, Tensor* dx) {
  const Shape out_shape = output_shape(shape_of(x));
  require_shape(name_, "(Conv2d dy)", out_shape, dy);
  const int n = int(x.shape()[0]), h = int(x.shape()[2]), w = int(x.shape()[3]);
  const int ho = int(out_shape[2]), wo = int(out_shape[3]);
  const int taps = in_ * kernel_ * kernel_;
  const int plane = ho * wo;
  const float* weight = params_.value(weight_);
  float* dweight = params_.grad(weight_);
  float* dbias = params_.grad(bias_);
  for_each_image_chunk_accumulating(
      chunks_, n, std::size_t(out_) * taps, std::size_t(out_), dweight, dbias,
      [&](ImageChunk& scratch, int begin, int end, float* chunk_dweight, float* chunk_dbias) {
        scratch.cols.resize(std::size_t(taps) * plane);
        if (dx) scratch.dcols.resize(std::size_t(taps) * plane);
        for (int i = begin; i < end; ++i) {
          const float* xi = x.data() + std::size_t(i) * in_ * h * w;
          const float* dyi = dy.data() + std::size_t(i) * out_ * plane;  // (Cout, Ho*Wo)
          im2col(xi, in_, h, w, kernel_, stride_, padding_, ho, wo, scratch.cols.data());
          // dW[Cout × taps] += dy_i[Cout × plane] · colsᵀ
          gemm_nt(out_, taps, plane, dyi, scratch.cols.data(), chunk_dweight, /*accumulate=*/true);
          add_bias_gradient(dyi, out_, plane, chunk_dbias);
          if (!dx) continue;
          // dcols[taps × plane] = Wᵀ · dy_i, folded back onto the (zeroed) image.
          float* dxi = dx->data() + std::size_t(i) * in_ * h * w;
          std::fill(dxi, dxi + std::size_t(in_) * h * w, 0.0f);
          gemm_tn(taps, plane, out_, weight, dyi, scratch.dcols.data(), /*accumulate=*/false);
          col2im(scratch.dcols.data(), in_, h, w, kernel_, stride_, padding_, ho, wo, dxi);
        }
      });
}

}  // namespace ll
