#pragma once
// ConvTranspose2d (torch.nn.ConvTranspose2d, square kernel, no dilation or groups):
//   x       (N, Cin, H, W)
//   y       (N, Cout, Ho, Wo)     Ho = (H - 1)*s - 2p + K + output_padding, Wo likewise
//   weight  (Cin, Cout, K, K)     "<name>.weight", seen as a [Cin × Cout*K*K] matrix
//   bias    (Cout)                "<name>.bias"
// It is the adjoint of a Conv2d from y's space to x's space with the same
// weight, so per image: y_n = col2im(weightᵀ · x_n) + bias, and the backward
// pass unfolds dy with im2col. output_padding only adds rows and columns at the
// bottom and right (reached by the kernel or holding just the bias).
#include <string>
#include <vector>

#include "nn/layer.hpp"
#include "nn/layers/conv_shared.hpp"
#include "nn/parameters.hpp"
#include "nn/rng.hpp"

namespace ll {

class ConvTranspose2d final : public Layer {
 public:
  ConvTranspose2d(Parameters& params, const std::string& name, int in_channels, int out_channels, int kernel,
                  int stride, int padding, int output_padding, Rng& rng);

  std::string kind() const override { return "ConvTranspose2d"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
  bool has_parameters() const override { return true; }
  void backward_parameters(const Tensor& x, const Tensor& y, const Tensor& dy) override;

  int in_channels() const { return in_; }
  int out_channels() const { return out_; }
  int kernel() const { return kernel_; }
  int stride() const { return stride_; }
  int padding() const { return padding_; }
  int output_padding() const { return output_padding_; }

 private:
  // Accumulates the parameter gradients; overwrites *dx unless dx is null.
  void backward_pass(const Tensor& x, const Tensor& dy, Tensor* dx);

  Parameters& params_;
  std::string name_;
  int in_;
  int out_;
  int kernel_;
  int stride_;
  int padding_;
  int output_padding_;
  std::size_t weight_;
  std::size_t bias_;
  // Per chunk of images (conv_shared.hpp): cols (Cout*K*K, H*W) holds
  // weightᵀ·x_n in forward and im2col(dy_n) in backward.
  std::vector<ImageChunk> chunks_;
};

}  // namespace ll
