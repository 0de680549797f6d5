#include "nn/kernels/gemm.hpp"

namespace ll {

// Sums in double so the reference is more accurate than any fast path it checks.
void gemm_nn_reference(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double sum = accumulate ? C[i * N + j] : 0.0;
      for (int k = 0; k < K; ++k) sum += double(A[i * K + k]) * B[k * N + j];
      C[i * N + j] = static_cast<float>(sum);
    }
}

void gemm_tn_reference(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double sum = accumulate ? C[i * N + j] : 0.0;
      for (int k = 0; k < K; ++k) sum += double(A[k * M + i]) * B[k * N + j];
      C[i * N + j] = static_cast<float>(sum);
    }
}

void gemm_nt_reference(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double sum = accumulate ? C[i * N + j] : 0.0;
      for (int k = 0; k < K; ++k) sum += double(A[i * K + k]) * B[j * K + k];
      C[i * N + j] = static_cast<float>(sum);
    }
}

}  // namespace ll
