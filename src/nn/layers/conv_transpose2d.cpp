#include "nn/layers/conv_transpose2d.hpp"

#include <algorithm>
#include <stdexcept>

#include "nn/errors.hpp"
#include "nn/init.hpp"
#include "nn/kernels/gemm.hpp"
#include "nn/kernels/im2col.hpp"

namespace ll {

ConvTranspose2d::ConvTranspose2d(Parameters& params, const std::string& name, int in_channels, int out_channels,
                                 int kernel, int stride, int padding, int output_padding, Rng& rng)
    : params_(params),
      name_(name),
      in_(in_channels),
      out_(out_channels),
      kernel_(kernel),
      stride_(stride),
      padding_(padding),
      output_padding_(output_padding) {
  if (in_channels <= 0 || out_channels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || output_padding < 0)
    throw Error(ErrorCode::invalid_argument, 
        name + ": ConvTranspose2d needs positive channels, kernel and stride and padding, output_padding >= 0, got " +
        "in_channels=" + std::to_string(in_channels) + " out_channels=" + std::to_string(out_channels) +
        " kernel=" + std::to_string(kernel) + " stride=" + std::to_string(stride) +
        " padding=" + std::to_string(padding) + " output_padding=" + std::to_string(output_padding));
  if (output_padding >= stride)
    throw Error(ErrorCode::invalid_argument, name + ": ConvTranspose2d output_padding (" + std::to_string(output_padding) +
                                ") must be smaller than stride (" + std::to_string(stride) + ")");
  // PyTorch's fan_in for this weight is weight.size(1) * K * K = Cout*K*K.
  const std::size_t fan_in = std::size_t(out_) * kernel_ * kernel_;
  weight_ = params.add(name + ".weight", {std::size_t(in_), std::size_t(out_), std::size_t(kernel_), std::size_t(kernel_)});
  bias_ = params.add(name + ".bias", {std::size_t(out_)});
  init_uniform_fan_in(params.value(weight_), in_ * fan_in, fan_in, rng);
  init_uniform_fan_in(params.value(bias_), out_, fan_in, rng);
}

Shape ConvTranspose2d::output_shape(const Shape& input) const {
  if (input.size() != 4 || input[1] != std::size_t(in_))
    throw Error(ErrorCode::shape_mismatch, name_ + ": ConvTranspose2d expects [N, " + std::to_string(in_) + ", H, W], got " +
                                shape_to_string(input));
  const long extra = long(kernel_) + output_padding_ - 2L * padding_;
  const long ho = (long(input[2]) - 1) * stride_ + extra;
  const long wo = (long(input[3]) - 1) * stride_ + extra;
  if (input[2] == 0 || input[3] == 0 || ho <= 0 || wo <= 0)
    throw Error(ErrorCode::shape_mismatch, name_ + ": ConvTranspose2d input " + shape_to_string(input) + " gives an empty output " +
                                "(padding " + std::to_string(padding_) + " too large for kernel " +
                                std::to_string(kernel_) + ")");
  return {input[0], std::size_t(out_), std::size_t(ho), std::size_t(wo)};
}

void ConvTranspose2d::forward(const Tensor& x, Tensor& y) {
  const Shape out_shape = output_shape(shape_of(x));
  ensure_shape(y, out_shape);
  const int n = int(x.shape()[0]), h = int(x.shape()[2]), w = int(x.shape()[3]);
  const int ho = int(out_shape[2]), wo = int(out_shape[3]);
  const int taps = out_ * kernel_ * kernel_;
  const int in_plane = h * w;
  const int out_plane = ho * wo;
  const float* weight = params_.value(weight_);
  const float* bias = params_.value(bias_);
  for_each_image_chunk(chunks_, n, [&](ImageChunk& scratch, int begin, int end) {
    std::vector<float>& cols = scratch.cols;
    cols.resize(std::size_t(taps) * in_plane);
    for (int i = begin; i < end; ++i) {
      const float* xi = x.data() + std::size_t(i) * in_ * in_plane;  // (Cin, H*W)
      float* yi = y.data() + std::size_t(i) * out_ * out_plane;
      // cols[taps × H*W] = Wᵀ · x_i
      gemm_tn(taps, in_plane, in_, weight, xi, cols.data(), /*accumulate=*/false);
      fill_with_bias(yi, out_, out_plane, bias);
      // The conv this is the adjoint of maps (Cout, Ho, Wo) to (Cin, H, W), so
      // here y plays the image and x's H×W the conv output grid.
      col2im(cols.data(), out_, ho, wo, kernel_, stride_, padding_, h, w, yi);
    }
  });
}

void ConvTranspose2d::backward(const Tensor& x, const Tensor& /*y*/, const Tensor& dy, Tensor& dx) {
  ensure_shape(dx, shape_of(x));
  backward_pass(x, dy, &dx);
}

void ConvTranspose2d::backward_parameters(const Tensor& x, const Tensor& /*y*/, const Tensor& dy) {
  backward_pass(x, dy, nullptr);
}

void ConvTranspose2d::backward_pass(const Tensor& x, const Tensor& dy, Tensor* dx) {
  const Shape out_shape = output_shape(shape_of(x));
  require_shape(name_, "(ConvTranspose2d dy)", out_shape, dy);
  const int n = int(x.shape()[0]), h = int(x.shape()[2]), w = int(x.shape()[3]);
  const int ho = int(out_shape[2]), wo = int(out_shape[3]);
  const int taps = out_ * kernel_ * kernel_;
  const int in_plane = h * w;
  const int out_plane = ho * wo;
  const float* weight = params_.value(weight_);
  float* dweight = params_.grad(weight_);
  float* dbias = params_.grad(bias_);
  for_each_image_chunk_accumulating(
      chunks_, n, std::size_t(in_) * taps, std::size_t(out_), dweight, dbias,
      [&](ImageChunk& scratch, int begin, int end, float* chunk_dweight, float* chunk_dbias) {
        scratch.cols.resize(std::size_t(taps) * in_plane);
        for (int i = begin; i < end; ++i) {
          const float* xi = x.data() + std::size_t(i) * in_ * in_plane;
          const float* dyi = dy.data() + std::size_t(i) * out_ * out_plane;  // (Cout, Ho*Wo)
          im2col(dyi, out_, ho, wo, kernel_, stride_, padding_, h, w, scratch.cols.data());
          // dx_i[Cin × H*W] = W · dcols
          if (dx)
            gemm_nn(in_, in_plane, taps, weight, scratch.cols.data(), dx->data() + std::size_t(i) * in_ * in_plane,
                    /*accumulate=*/false);
          // dW[Cin × taps] += x_i · dcolsᵀ
          gemm_nt(in_, taps, in_plane, xi, scratch.cols.data(), chunk_dweight, /*accumulate=*/true);
          add_bias_gradient(dyi, out_, out_plane, chunk_dbias);
        }
      });
}

}  // namespace ll
