#pragma once
// Conv2d (torch.nn.Conv2d, square kernel, no dilation or groups):
//   x       (N, Cin, H, W)
//   y       (N, Cout, Ho, Wo)     Ho = (H + 2p - K)/s + 1, Wo likewise
//   weight  (Cout, Cin, K, K)     "<name>.weight", seen as a [Cout × Cin*K*K] matrix
//   bias    (Cout)                "<name>.bias"
// Per image: y_n = weight · im2col(x_n) + bias.
#include <string>
#include <vector>

#include "nn/layer.hpp"
#include "nn/layers/conv_shared.hpp"
#include "nn/parameters.hpp"
#include "nn/rng.hpp"

namespace ll {

class Conv2d final : public Layer {
 public:
  Conv2d(Parameters& params, const std::string& name, int in_channels, int out_channels, int kernel, int stride,
         int padding, Rng& rng);

  std::string kind() const override { return "Conv2d"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y) override;
  // Recomputes each image's cols rather than keeping N of them from forward:
  // im2col is cheap next to the products, and the memory stays one image's worth.
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
  bool has_parameters() const override { return true; }
  void backward_parameters(const Tensor& x, const Tensor& y, const Tensor& dy) override;

  int in_channels() const { return in_; }
  int out_channels() const { return out_; }
  int kernel() const { return kernel_; }
  int stride() const { return stride_; }
  int padding() const { return padding_; }

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
  std::size_t weight_;
  std::size_t bias_;
  // Per chunk of images (conv_shared.hpp): cols (Cin*K*K, Ho*Wo) of the image
  // in hand, and dcols, its gradient in backward.
  std::vector<ImageChunk> chunks_;
};

}  // namespace ll
