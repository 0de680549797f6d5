// Packed, cache-blocked GEMM on f32x4 (simd.hpp): C[M×N] (+)= op(A)[M×K] · op(B)[K×N].
//
// The classic three-level blocking (Goto / BLIS):
//   for each column block of C   (NC columns)
//     for each depth block       (KC of K)     pack op(B)[KC×NC] into strips of NR columns
//       for each row block of C  (MC rows)     pack op(A)[MC×KC] into strips of MR rows
//         for each NR strip, each MR strip:    4×8 register tile, KC multiply-adds deep
// Packing reads A and B in whichever orientation the product names (nn, tn, nt),
// so no transpose is ever materialised, and lays each strip out depth-major so
// the micro-kernel streams both operands contiguously. Strips at the right and
// bottom edges are zero-padded to full width; their tiles are computed whole
// and only the valid part is written back. With threads, each takes a range of
// rows of C (for_each_row_block) and runs all of this on it, packing its own
// copy of op(B). gemm_nt with fewer rows than a tile
// (batch-1 inference through Dense) skips packing: see multiply_few_rows_nt.
//
// Compiled in both builds under *_f32x4 names; it provides gemm_nn/tn/nt in the
// WASM build (gemm_eigen.cpp does natively).
#include <algorithm>
#include <cstddef>
#include <vector>

#include "nn/kernels/gemm.hpp"
#include "nn/kernels/gemm_f32x4.hpp"
#include "nn/kernels/simd.hpp"

namespace ll {
namespace {

using simd::f32x4;

// MR×NR accumulators (8 f32x4) plus two B vectors and one broadcast A value
// stay within the 16 vector registers V8 has on x86-64, so nothing spills.
constexpr int kTileRows = 4;   // MR
constexpr int kTileCols = 8;   // NR, two f32x4
constexpr int kDepthBlock = 256;   // KC: a B strip (KC×NR, 8 KB) stays in L1
constexpr int kRowBlock = 128;     // MC: packed A (MC×KC, 128 KB) stays in L2
constexpr int kColBlock = 2048;    // NC: packed B (KC×NC, 2 MB) stays in L3

// op(X)(i, j) = data[i*row_stride + j*col_stride]: one type for a matrix and
// its transpose.
struct StridedMatrix {
  const float* data;
  std::ptrdiff_t row_stride;
  std::ptrdiff_t col_stride;
  const float* at(int i, int j) const { return data + i * row_stride + j * col_stride; }
};

// Packs a strip of `lanes` ≤ W lanes (rows of op(A) or columns of op(B)) over
// `depth` steps into out[depth][W], lanes past `lanes` zero:
//   out[k*W + l] = src[l*lane_stride + k*depth_stride]
template <int W>
void pack_strip(const float* src, std::ptrdiff_t lane_stride, std::ptrdiff_t depth_stride, int lanes, int depth,
                float* out) {
  static_assert(W % 4 == 0, "strips are whole f32x4");
  if (lanes == W && lane_stride == 1) {  // lanes contiguous: plain vector copies
    for (int k = 0; k < depth; ++k)
      for (int l = 0; l < W; l += 4) simd::store(out + k * W + l, simd::load(src + k * depth_stride + l));
    return;
  }
  if (lanes == W && depth_stride == 1) {  // depth contiguous: 4×4 transposes
    int k = 0;
    for (; k + 4 <= depth; k += 4)
      for (int l = 0; l < W; l += 4) {
        f32x4 r0 = simd::load(src + (l + 0) * lane_stride + k);
        f32x4 r1 = simd::load(src + (l + 1) * lane_stride + k);
        f32x4 r2 = simd::load(src + (l + 2) * lane_stride + k);
        f32x4 r3 = simd::load(src + (l + 3) * lane_stride + k);
        simd::transpose4(r0, r1, r2, r3);
        simd::store(out + (k + 0) * W + l, r0);
        simd::store(out + (k + 1) * W + l, r1);
        simd::store(out + (k + 2) * W + l, r2);
        simd::store(out + (k + 3) * W + l, r3);
      }
    for (; k < depth; ++k)  // leftovers
      for (int l = 0; l < W; ++l) out[k * W + l] = src[l * lane_stride + k];
    return;
  }
  for (int k = 0; k < depth; ++k)  // a partial edge strip
    for (int l = 0; l < W; ++l) out[k * W + l] = l < lanes ? src[l * lane_stride + k * depth_stride] : 0.0f;
}

// C[rows×cols] (+)= packed_a[depth][MR]ᵀ · packed_b[depth][NR], rows ≤ MR, cols ≤ NR.
void multiply_tile(int depth, const float* packed_a, const float* packed_b, float* C, int ldc, int rows, int cols,
                   bool add_to_c) {
  f32x4 acc[kTileRows][2];
  for (auto& row : acc) row[0] = row[1] = simd::zero();
  for (int k = 0; k < depth; ++k) {
    const f32x4 b0 = simd::load(packed_b);
    const f32x4 b1 = simd::load(packed_b + 4);
    for (int r = 0; r < kTileRows; ++r) {
      const f32x4 a = simd::broadcast(packed_a + r);
      acc[r][0] += a * b0;
      acc[r][1] += a * b1;
    }
    packed_a += kTileRows;
    packed_b += kTileCols;
  }
  if (rows == kTileRows && cols == kTileCols) {
    for (int r = 0; r < kTileRows; ++r) {
      float* c = C + r * ldc;
      if (add_to_c) {
        acc[r][0] += simd::load(c);
        acc[r][1] += simd::load(c + 4);
      }
      simd::store(c, acc[r][0]);
      simd::store(c + 4, acc[r][1]);
    }
    return;
  }
  float tile[kTileRows][kTileCols];  // an edge tile: write back only its valid part
  for (int r = 0; r < kTileRows; ++r) {
    simd::store(tile[r], acc[r][0]);
    simd::store(tile[r] + 4, acc[r][1]);
  }
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) C[r * ldc + c] = add_to_c ? C[r * ldc + c] + tile[r][c] : tile[r][c];
}

int round_up(int n, int multiple) { return (n + multiple - 1) / multiple * multiple; }

// Grown on first use to the largest block sizes seen, then reused: steady-state
// calls allocate nothing.
float* packing_buffer(std::vector<float>& buffer, std::size_t floats) {
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}

void gemm_packed(int M, int N, int K, StridedMatrix a, StridedMatrix b, float* C, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) std::fill(C, C + std::size_t(M) * N, 0.0f);
    return;
  }
  thread_local std::vector<float> a_buffer, b_buffer;
  const int max_depth = std::min(K, kDepthBlock);
  // packed_a: [MC/MR strips][KC][MR], packed_b: [NC/NR strips][KC][NR]
  float* packed_a = packing_buffer(a_buffer, std::size_t(round_up(std::min(M, kRowBlock), kTileRows)) * max_depth);
  float* packed_b = packing_buffer(b_buffer, std::size_t(round_up(std::min(N, kColBlock), kTileCols)) * max_depth);

  for (int jc = 0; jc < N; jc += kColBlock) {
    const int nc = std::min(kColBlock, N - jc);
    for (int pc = 0; pc < K; pc += kDepthBlock) {
      const int kc = std::min(kDepthBlock, K - pc);
      for (int j = 0; j < nc; j += kTileCols)
        pack_strip<kTileCols>(b.at(pc, jc + j), b.col_stride, b.row_stride, std::min(kTileCols, nc - j), kc,
                              packed_b + std::size_t(j) * kc);
      // The first depth block overwrites C unless the caller accumulates.
      const bool add_to_c = accumulate || pc > 0;
      for (int ic = 0; ic < M; ic += kRowBlock) {
        const int mc = std::min(kRowBlock, M - ic);
        for (int i = 0; i < mc; i += kTileRows)
          pack_strip<kTileRows>(a.at(ic + i, pc), a.row_stride, a.col_stride, std::min(kTileRows, mc - i), kc,
                                packed_a + std::size_t(i) * kc);
        float* c_block = C + std::size_t(ic) * N + jc;
        for (int j = 0; j < nc; j += kTileCols)
          for (int i = 0; i < mc; i += kTileRows)
            multiply_tile(kc, packed_a + std::size_t(i) * kc, packed_b + std::size_t(j) * kc,
                          c_block + std::size_t(i) * N + j, N, std::min(kTileRows, mc - i),
                          std::min(kTileCols, nc - j), add_to_c);
      }
    }
  }
}

// C[M×N] (+)= A[M×K] · B[N×K]ᵀ for the few rows of batch-1 inference: each C
// element is a dot product of two contiguous rows, so streaming B once beats
// packing it (which would read and write all of B to fill a quarter of a tile).
void multiply_few_rows_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  int j = 0;
  for (; j + 4 <= N; j += 4) {  // four rows of B at a time, kept in L1 across the rows of A
    const float* b = B + std::size_t(j) * K;
    for (int i = 0; i < M; ++i) {
      const float* a = A + std::size_t(i) * K;
      f32x4 acc0 = simd::zero(), acc1 = simd::zero(), acc2 = simd::zero(), acc3 = simd::zero();
      int k = 0;
      for (; k + 4 <= K; k += 4) {
        const f32x4 ak = simd::load(a + k);
        acc0 += ak * simd::load(b + k);
        acc1 += ak * simd::load(b + K + k);
        acc2 += ak * simd::load(b + 2 * K + k);
        acc3 += ak * simd::load(b + 3 * K + k);
      }
      // Lane q of the sum of the transposed accumulators is the dot product with row j+q.
      simd::transpose4(acc0, acc1, acc2, acc3);
      float dots[4];
      simd::store(dots, acc0 + acc1 + acc2 + acc3);
      for (; k < K; ++k)  // leftovers
        for (int q = 0; q < 4; ++q) dots[q] += a[k] * b[q * K + k];
      float* c = C + std::size_t(i) * N + j;
      for (int q = 0; q < 4; ++q) c[q] = accumulate ? c[q] + dots[q] : dots[q];
    }
  }
  for (; j < N; ++j)  // leftover rows of B
    for (int i = 0; i < M; ++i) {
      float dot = 0.0f;
      for (int k = 0; k < K; ++k) dot += A[std::size_t(i) * K + k] * B[std::size_t(j) * K + k];
      float& c = C[std::size_t(i) * N + j];
      c = accumulate ? c + dot : dot;
    }
}

}  // namespace

void gemm_nn_f32x4(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for_each_row_block(M, N, K, [&](int begin, int end) {
    gemm_packed(end - begin, N, K, {A + std::size_t(begin) * K, K, 1}, {B, N, 1}, C + std::size_t(begin) * N,
                accumulate);
  });
}

void gemm_tn_f32x4(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for_each_row_block(M, N, K, [&](int begin, int end) {
    gemm_packed(end - begin, N, K, {A + begin, 1, M}, {B, N, 1}, C + std::size_t(begin) * N, accumulate);
  });
}

void gemm_nt_f32x4(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  if (M < kTileRows) {
    multiply_few_rows_nt(M, N, K, A, B, C, accumulate);
    return;
  }
  for_each_row_block(M, N, K, [&](int begin, int end) {
    gemm_packed(end - begin, N, K, {A + std::size_t(begin) * K, K, 1}, {B, 1, K}, C + std::size_t(begin) * N,
                accumulate);
  });
}

#ifdef __wasm_simd128__

void gemm_nn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  gemm_nn_f32x4(M, N, K, A, B, C, accumulate);
}

void gemm_tn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  gemm_tn_f32x4(M, N, K, A, B, C, accumulate);
}

void gemm_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  gemm_nt_f32x4(M, N, K, A, B, C, accumulate);
}

#endif

}  // namespace ll
