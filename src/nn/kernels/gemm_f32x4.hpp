#pragma once
// The fast GEMM implementations by name, compiled in both builds so each can
// be tested and benchmarked anywhere. Same contract as gemm.hpp (row-major,
// C[M×N] (+)= op(A)[M×K] · op(B)[K×N], accumulate=false overwrites C, C must
// not alias A or B); gemm_nn/tn/nt forward to one of these:
//
//   *_f32x4: packed, cache-blocked 4×8 micro-kernel over simd.hpp. The fast
//            path of the WASM build; natively it runs on the scalar twin of
//            f32x4 (correct, not fast), which lets the native tests cover
//            its blocking, packing and leftovers.
//   *_eigen: Eigen's product over maps of the buffers. The fast path of the
//            native build; in WASM it is Eigen autovectorised by -msimd128,
//            kept as the baseline the f32x4 kernel is benchmarked against.
#include "nn/kernels/parallel.hpp"

namespace ll {

void gemm_nn_f32x4(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_tn_f32x4(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_nt_f32x4(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);

void gemm_nn_eigen(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_tn_eigen(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_nt_eigen(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);

// Both implementations share the pool by rows of C: each thread computes whole
// rows with the single-threaded algorithm, so no output is written twice. In
// the f32x4 kernel every element of C sums over k in the same depth blocks and
// order whichever rows share its tile, so a split product is bit for bit the
// single-threaded one. Below kParallelFlops a product runs on the caller:
// waking a worker costs more.
constexpr double kParallelFlops = 1 << 20;
constexpr int kParallelRowGrain = 4;  // the f32x4 tile height

template <typename RowsBody>  // body(row_begin, row_end)
void for_each_row_block(int M, int N, int K, RowsBody&& body) {
  if (thread_count() == 1 || 2.0 * M * N * K < kParallelFlops) {
    body(0, M);
    return;
  }
  parallel_ranges(M, kParallelRowGrain, [&](int /*chunk*/, int begin, int end) { body(begin, end); });
}

}  // namespace ll
