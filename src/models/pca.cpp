#include "models/pca.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "nn/errors.hpp"

#include <Eigen/Eigenvalues>

#include "nn/errors.hpp"

namespace ll {

Pca Pca::fit(const Tensor& rows, int components) {
  if (rows.dimension() != 2 || rows.shape()[0] < 2)
    throw Error(ErrorCode::invalid_argument, "PCA needs [N, D] rows with N >= 2");
  const int n = int(rows.shape()[0]), d = int(rows.shape()[1]);
  if (components < 1 || components > d)
    throw Error(ErrorCode::invalid_argument, "PCA components must be in [1, " + std::to_string(d) + "]");
  using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic>;
  Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x(rows.data(), n, d);
  const Eigen::RowVectorXd mean = x.cast<double>().colwise().mean();
  const MatrixD centred = x.cast<double>().rowwise() - mean;
  const MatrixD covariance = (centred.transpose() * centred) / double(n - 1);
  Eigen::SelfAdjointEigenSolver<MatrixD> solver(covariance);
  if (solver.info() != Eigen::Success) throw Error(ErrorCode::internal, "PCA: eigen-decomposition did not converge");

  Pca pca;
  pca.dims_ = d;
  pca.components_ = components;
  pca.mean_.assign(d, 0.0f);
  for (int j = 0; j < d; ++j) pca.mean_[j] = float(mean(j));
  // Eigenvalues come in ascending order: take the last k, largest first.
  for (int c = 0; c < components; ++c) {
    const int column = d - 1 - c;
    pca.variance_.push_back(float(solver.eigenvalues()(column)));
    for (int j = 0; j < d; ++j) pca.basis_.push_back(float(solver.eigenvectors()(j, column)));
  }
  return pca;
}

Pca Pca::from_parts(std::vector<float> mean, std::vector<float> basis, std::vector<float> variance) {
  const std::size_t d = mean.size(), k = variance.size();
  if (d == 0 || k == 0 || k > d || basis.size() / d != k || basis.size() % d != 0)
    throw Error(ErrorCode::shape_mismatch, "PCA parts: " + std::to_string(mean.size()) + " mean values, " +
                                               std::to_string(basis.size()) + " basis values and " + std::to_string(k) +
                                               " variances; expected D, k×D and k with 1 <= k <= D");
  for (const auto* part : {&mean, &basis, &variance})
    for (float v : *part)
      if (!std::isfinite(v)) throw Error(ErrorCode::invalid_argument, "PCA parts: a value is not finite");
  Pca pca;
  pca.dims_ = int(d);
  pca.components_ = int(k);
  pca.mean_ = std::move(mean);
  pca.basis_ = std::move(basis);
  pca.variance_ = std::move(variance);
  return pca;
}

void Pca::encode(const Tensor& rows, Tensor& codes) const {
  if (rows.dimension() != 2 || int(rows.shape()[1]) != dims_)
    throw Error(ErrorCode::shape_mismatch, "PCA encode: expected [N, " + std::to_string(dims_) + "]");
  const std::size_t n = rows.shape()[0];
  ensure_shape(codes, {n, std::size_t(components_)});
  for (std::size_t i = 0; i < n; ++i)
    for (int c = 0; c < components_; ++c) {
      double sum = 0;
      for (int j = 0; j < dims_; ++j) sum += double(rows.data()[i * dims_ + j] - mean_[j]) * basis_[c * dims_ + j];
      codes.data()[i * components_ + c] = float(sum);
    }
}

void Pca::decode(const Tensor& codes, Tensor& rows) const {
  if (codes.dimension() != 2 || int(codes.shape()[1]) != components_)
    throw Error(ErrorCode::shape_mismatch, "PCA decode: expected [N, " + std::to_string(components_) + "]");
  const std::size_t n = codes.shape()[0];
  ensure_shape(rows, {n, std::size_t(dims_)});
  for (std::size_t i = 0; i < n; ++i)
    for (int j = 0; j < dims_; ++j) {
      double sum = mean_[j];
      for (int c = 0; c < components_; ++c) sum += double(codes.data()[i * components_ + c]) * basis_[c * dims_ + j];
      rows.data()[i * dims_ + j] = float(sum);
    }
}

}  // namespace ll
