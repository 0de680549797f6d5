// The fast path in both builds for now: Eigen's blocked product over maps of
// the caller's buffers (SSE2 natively, autovectorised -msimd128 in WASM).
#include <Eigen/Core>

#include "nn/kernels/gemm.hpp"

namespace ll {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMajor>;
using Map = Eigen::Map<RowMajor>;

template <typename Product>
void store(Map& c, const Product& product, bool accumulate) {
  if (accumulate)
    c.noalias() += product;
  else
    c.noalias() = product;
}

}  // namespace

void gemm_nn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  Map c(C, M, N);
  store(c, ConstMap(A, M, K) * ConstMap(B, K, N), accumulate);
}

void gemm_tn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  Map c(C, M, N);
  store(c, ConstMap(A, K, M).transpose() * ConstMap(B, K, N), accumulate);
}

void gemm_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  Map c(C, M, N);
  store(c, ConstMap(A, M, K) * ConstMap(B, N, K).transpose(), accumulate);
}

}  // namespace ll
