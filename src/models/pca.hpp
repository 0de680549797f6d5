#pragma once
// Principal component analysis with k components: the linear baseline an
// autoencoder with a k-dimensional code is compared with (Hinton &
// Salakhutdinov, Science 2006). Fitted on [N, D] rows by an eigen-decomposition
// of the D×D covariance.
#include <vector>

#include "nn/tensor.hpp"

namespace ll {

class Pca {
 public:
  static Pca fit(const Tensor& rows, int components);

  void encode(const Tensor& rows, Tensor& codes) const;        // [N, D] -> [N, k]
  void decode(const Tensor& codes, Tensor& rows) const;        // [N, k] -> [N, D]
  int components() const { return components_; }

 private:
  int dims_ = 0;
  int components_ = 0;
  std::vector<float> mean_;   // D
  std::vector<float> basis_;  // [k, D], orthonormal rows
};

}  // namespace ll
