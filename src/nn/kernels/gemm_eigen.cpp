// Eigen's blocked product over maps of the caller's buffers (SSE2 natively,
// autovectorised -msimd128 in WASM). Compiled in both builds under *_eigen
// names; it provides gemm_nn/tn/nt natively, gemm_wasmsimd.cpp does in WASM.
#include <cstddef>

#include <Eigen/Core>

#include "nn/kernels/gemm.hpp"
#include "nn/kernels/gemm_f32x4.hpp"

namespace ll {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMajor>;
using Map = Eigen::Map<RowMajor>;
using StridedConstMap = Eigen::Map<const RowMajor, Eigen::Unaligned, Eigen::OuterStride<>>;

template <typename Product>
void store(Map& c, const Product& product, bool accumulate) {
  if (accumulate)
    c.noalias() += product;
  else
    c.noalias() = product;
}

}  // namespace

void gemm_nn_eigen(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for_each_row_block(M, N, K, [&](int begin, int end) {
    Map c(C + std::size_t(begin) * N, end - begin, N);
    store(c, ConstMap(A + std::size_t(begin) * K, end - begin, K) * ConstMap(B, K, N), accumulate);
  });
}

void gemm_tn_eigen(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for_each_row_block(M, N, K, [&](int begin, int end) {
    // Columns begin..end of the K×M matrix A: a strided view, rows still M apart.
    const StridedConstMap a_columns(A + begin, K, end - begin, Eigen::OuterStride<>(M));
    Map c(C + std::size_t(begin) * N, end - begin, N);
    store(c, a_columns.transpose() * ConstMap(B, K, N), accumulate);
  });
}

void gemm_nt_eigen(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for_each_row_block(M, N, K, [&](int begin, int end) {
    Map c(C + std::size_t(begin) * N, end - begin, N);
    store(c, ConstMap(A + std::size_t(begin) * K, end - begin, K) * ConstMap(B, N, K).transpose(), accumulate);
  });
}

#ifndef __wasm_simd128__

void gemm_nn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  gemm_nn_eigen(M, N, K, A, B, C, accumulate);
}

void gemm_tn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  gemm_tn_eigen(M, N, K, A, B, C, accumulate);
}

void gemm_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  gemm_nt_eigen(M, N, K, A, B, C, accumulate);
}

#endif

}  // namespace ll
