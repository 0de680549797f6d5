// GFLOP/s of each GEMM implementation for the three products of training at
// the shapes the models use (M×N×K; 128 is the batch, 784/400 a Dense layer's
// sizes) and at square sizes. Each figure is the median over repeats after a
// warm-up call. Built natively and in WASM:
//
//   build/<dir>/bench/gemm_bench                          (native)
//   node --no-experimental-fetch build/<dir>/bench/gemm_bench.js   (WASM)
//
// Rows: reference (double-precision loops, small shapes only), eigen (Eigen's
// product: SSE natively, autovectorised -msimd128 in WASM) and f32x4 (the
// packed micro-kernel: wasm_simd128 in WASM, its scalar twin natively).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "nn/kernels/gemm.hpp"
#include "nn/kernels/gemm_f32x4.hpp"
#include "nn/rng.hpp"

namespace {

using Gemm = void (*)(int, int, int, const float*, const float*, float*, bool);

struct Implementation {
  const char* name;
  Gemm nn, tn, nt;
  double max_flops;  // skip shapes above this (the reference is slow)
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Median GFLOP/s of C = op(A)·op(B): one warm-up call (grows packing buffers,
// warms caches), then repeats until ~0.3 s have passed (at least 3, at most 51).
double median_gflops(Gemm gemm, int M, int N, int K, const std::vector<float>& A, const std::vector<float>& B,
                     std::vector<float>& C) {
  gemm(M, N, K, A.data(), B.data(), C.data(), false);
  std::vector<double> times;
  double total = 0.0;
  while (times.size() < 3 || (total < 0.3 && times.size() < 51)) {
    const auto start = std::chrono::steady_clock::now();
    gemm(M, N, K, A.data(), B.data(), C.data(), false);
    times.push_back(seconds_since(start));
    total += times.back();
  }
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  return 2.0 * M * N * K / times[times.size() / 2] * 1e-9;
}

}  // namespace

int main() {
#ifdef __wasm_simd128__
  std::printf("GEMM GFLOP/s, WASM SIMD build (one thread); gemm_nn/tn/nt = f32x4\n");
#else
  std::printf("GEMM GFLOP/s, native build (one thread); gemm_nn/tn/nt = eigen, f32x4 runs its scalar twin\n");
#endif
  const Implementation implementations[] = {
      {"reference", ll::gemm_nn_reference, ll::gemm_tn_reference, ll::gemm_nt_reference, 2.0 * 128 * 400 * 784},
      {"eigen", ll::gemm_nn_eigen, ll::gemm_tn_eigen, ll::gemm_nt_eigen, 1e30},
      {"f32x4", ll::gemm_nn_f32x4, ll::gemm_tn_f32x4, ll::gemm_nt_f32x4, 1e30},
  };
  // M×N×K: Dense 784→400 at batch 128 forward (nt 128×400×784), its weight
  // gradient (tn 400×784×128) and input gradient (nn 128×784×400), then squares,
  // then batch-1 inference through the same layer (nt 1×400×784).
  const std::tuple<int, int, int> shapes[] = {
      {128, 400, 784}, {400, 784, 128}, {128, 784, 400}, {256, 256, 256}, {512, 512, 512}, {1, 400, 784},
  };
  ll::Rng rng(1);
  std::printf("%-16s %-10s %8s %8s %8s\n", "MxNxK", "impl", "nn", "tn", "nt");
  for (auto [M, N, K] : shapes) {
    std::vector<float> A(std::size_t(M) * K), B(std::size_t(K) * N), C(std::size_t(M) * N);
    for (auto& x : A) x = rng.uniform(-1.0f, 1.0f);
    for (auto& x : B) x = rng.uniform(-1.0f, 1.0f);
    const std::string shape = std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K);
    for (const auto& impl : implementations) {
      if (2.0 * M * N * K > impl.max_flops) continue;
      std::printf("%-16s %-10s", shape.c_str(), impl.name);
      for (Gemm gemm : {impl.nn, impl.tn, impl.nt}) {
        std::printf(" %8.2f", median_gflops(gemm, M, N, K, A, B, C));
        std::fflush(stdout);
      }
      std::printf("\n");
    }
  }
  return 0;
}
