#pragma once
// Dense (torch.nn.Linear): y[N×O] = x[N×I] · Wᵀ + b.
//   weight  (O, I)   "<name>.weight"
//   bias    (O)      "<name>.bias"
#include <string>

#include "nn/layer.hpp"
#include "nn/parameters.hpp"
#include "nn/rng.hpp"

namespace ll {

class Dense final : public Layer {
 public:
  Dense(Parameters& params, const std::string& name, int in_features, int out_features, Rng& rng);

  std::string kind() const override { return "Dense"; }
  Shape output_shape(const Shape& input) const override;
  void forward(const Tensor& x, Tensor& y) override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) override;
  bool has_parameters() const override { return true; }
  void backward_parameters(const Tensor& x, const Tensor& y, const Tensor& dy) override;

  int in_features() const { return in_; }
  int out_features() const { return out_; }

 private:
  Parameters& params_;
  std::string name_;
  int in_;
  int out_;
  std::size_t weight_;
  std::size_t bias_;
};

}  // namespace ll
