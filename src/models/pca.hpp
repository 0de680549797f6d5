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
  // A fit rebuilt from its parts (as mean(), basis() and explained_variance()
  // return them), e.g. one made in another thread: D, k×D and k values.
  static Pca from_parts(std::vector<float> mean, std::vector<float> basis, std::vector<float> variance);

  void encode(const Tensor& rows, Tensor& codes) const;        // [N, D] -> [N, k]
  void decode(const Tensor& codes, Tensor& rows) const;        // [N, k] -> [N, D]
  int components() const { return components_; }
  const std::vector<float>& explained_variance() const { return variance_; }  // k, descending
  const std::vector<float>& mean() const { return mean_; }    // D
  const std::vector<float>& basis() const { return basis_; }  // [k, D], row c is component c

 private:
  int dims_ = 0;
  int components_ = 0;
  std::vector<float> mean_;   // D
  std::vector<float> basis_;  // [k, D], orthonormal rows
  std::vector<float> variance_;  // k, descending
};

}  // namespace ll
