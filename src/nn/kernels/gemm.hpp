#pragma once
// Matrix products of training, row-major, without materialised transposes:
//
//   gemm_nn: C[M×N] (+)= A[M×K] · B[K×N]      (Dense forward of a conv, dx = dy·W)
//   gemm_tn: C[M×N] (+)= A[K×M]ᵀ · B[K×N]     (dW = dyᵀ·x)
//   gemm_nt: C[M×N] (+)= A[M×K] · B[N×K]ᵀ     (Dense forward y = x·Wᵀ)
//
// accumulate=false overwrites C; accumulate=true adds to it. C must not alias
// A or B. The *_reference versions are naive triple loops: the algorithmic
// reference every fast path is tested against.
namespace ll {

void gemm_nn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_tn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);

void gemm_nn_reference(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_tn_reference(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_nt_reference(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);

}  // namespace ll
