#pragma once
// The one SIMD wrapper: f32x4, four float lanes. Over wasm_simd128.h when the
// module is built with -msimd128, and over a plain array of four floats
// otherwise, so every kernel written against it also runs (and is tested)
// natively. No other file includes intrinsics.
//
// Only operations every WASM SIMD engine accepts: no relaxed SIMD, no FMA
// (Node 20 and Chromium reject such modules), so a multiply-add is mul + add.
// Loads and stores need no alignment.
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace ll::simd {

#ifdef __wasm_simd128__

struct f32x4 {
  v128_t v;
};

inline f32x4 load(const float* p) { return {wasm_v128_load(p)}; }
inline void store(float* p, f32x4 a) { wasm_v128_store(p, a.v); }
inline f32x4 splat(float x) { return {wasm_f32x4_splat(x)}; }
// One float from memory into all four lanes (a single v128.load32_splat).
inline f32x4 broadcast(const float* p) { return {wasm_v128_load32_splat(p)}; }
inline f32x4 zero() { return {wasm_f32x4_const_splat(0.0f)}; }
inline f32x4 operator+(f32x4 a, f32x4 b) { return {wasm_f32x4_add(a.v, b.v)}; }
inline f32x4 operator*(f32x4 a, f32x4 b) { return {wasm_f32x4_mul(a.v, b.v)}; }

// Rows r0..r3 of a 4×4 block become its columns, in place.
inline void transpose4(f32x4& r0, f32x4& r1, f32x4& r2, f32x4& r3) {
  const v128_t t0 = wasm_i32x4_shuffle(r0.v, r1.v, 0, 4, 1, 5);  // a0 b0 a1 b1
  const v128_t t1 = wasm_i32x4_shuffle(r0.v, r1.v, 2, 6, 3, 7);  // a2 b2 a3 b3
  const v128_t t2 = wasm_i32x4_shuffle(r2.v, r3.v, 0, 4, 1, 5);  // c0 d0 c1 d1
  const v128_t t3 = wasm_i32x4_shuffle(r2.v, r3.v, 2, 6, 3, 7);  // c2 d2 c3 d3
  r0.v = wasm_i64x2_shuffle(t0, t2, 0, 2);
  r1.v = wasm_i64x2_shuffle(t0, t2, 1, 3);
  r2.v = wasm_i64x2_shuffle(t1, t3, 0, 2);
  r3.v = wasm_i64x2_shuffle(t1, t3, 1, 3);
}

#else

// The scalar twin: same operations, lane by lane.
struct f32x4 {
  float lane[4];
};

inline f32x4 load(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store(float* p, f32x4 a) {
  for (int l = 0; l < 4; ++l) p[l] = a.lane[l];
}
inline f32x4 splat(float x) { return {{x, x, x, x}}; }
inline f32x4 broadcast(const float* p) { return splat(*p); }
inline f32x4 zero() { return splat(0.0f); }
inline f32x4 operator+(f32x4 a, f32x4 b) {
  for (int l = 0; l < 4; ++l) a.lane[l] += b.lane[l];
  return a;
}
inline f32x4 operator*(f32x4 a, f32x4 b) {
  for (int l = 0; l < 4; ++l) a.lane[l] *= b.lane[l];
  return a;
}

inline void transpose4(f32x4& r0, f32x4& r1, f32x4& r2, f32x4& r3) {
  f32x4* rows[4] = {&r0, &r1, &r2, &r3};
  for (int i = 0; i < 4; ++i)
    for (int j = i + 1; j < 4; ++j) {
      const float t = rows[i]->lane[j];
      rows[i]->lane[j] = rows[j]->lane[i];
      rows[j]->lane[i] = t;
    }
}

#endif

inline f32x4& operator+=(f32x4& a, f32x4 b) { return a = a + b; }

}  // namespace ll::simd
