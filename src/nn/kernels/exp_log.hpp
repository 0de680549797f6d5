#pragma once
// exp and log1p on the ranges the logistic losses need, in plain branch-free
// C++ (no libm calls), so the loops that call them are vectorised by the
// compiler: -msimd128 in WASM, SSE natively. libm's expf/log1pf are a call per
// element, which kept the BCE loss at a tenth of a dense VAE's training step.
//
//   exp_minus_abs(x)  e^-|x|, within 2 float ulps. For |x| > 87 it returns
//                     e^-87 ≈ 1.6e-38 (near the smallest normal float), so no
//                     denormal is ever made; NaN gives e^-87 too (callers that
//                     must propagate NaN see it elsewhere: the logistic losses
//                     add max(l, 0) - l·t, which stays NaN).
//   log1p_unit(e)     ln(1 + e) for e in [0, 1], within 4 float ulps, relative
//                     precision kept for tiny e (no 1 + e rounding).
//   logistic(x)       1 / (1 + e^-x) for any x within 3 float ulps, from e^-|x|
//                     so nothing overflows;
//                     logistic_given(x, e) when e = e^-|x| is already at hand.
//
// Written so GCC vectorises their loops without -ffast-math: choices are
// integer operations on bit patterns (a float compare ahead of float
// arithmetic counts as control flow under -ftrapping-math and stops the
// vectoriser), and rounding to an integer is the
// 1.5·2^23 addition trick (no float-to-int conversion, no undefined behaviour
// for out-of-range inputs). std::exp and std::log1p are the references they
// are tested against (tests/cpp/test_exp_log.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace ll {

inline float exp_minus_abs(float x) {
  std::int32_t magnitude;
  std::memcpy(&magnitude, &x, sizeof magnitude);
  constexpr std::int32_t k87 = 0x42ae0000;  // the bits of 87.0f; non-negative floats order like their bits
  magnitude &= 0x7fffffff;
  magnitude = std::min(magnitude, k87);  // GCC 12 vectorises this as two statements, not as min(m & mask, k)
  float y;
  std::memcpy(&y, &magnitude, sizeof y);
  y = -y;  // in [-87, 0]
  // y = n·ln2 + r with n the integer nearest y/ln2, so |r| ≤ ln2/2. Adding
  // 1.5·2^23 rounds to an integer and leaves n in the low mantissa bits; ln2
  // in two parts (Cody-Waite) keeps r exact.
  constexpr float kRound = 12582912.0f;
  const float shifted = y * 1.44269504089f + kRound;
  const float n = shifted - kRound;
  const float r = (y - n * 0.693359375f) + n * 2.12194440e-4f;
  // e^r by Cephes' expf polynomial (minimax on |r| ≤ ln2/2).
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float e_r = p * r * r + r + 1.0f;
  // 2^n from its exponent bits: n in [-126, 0], so 2^n is a normal float.
  std::int32_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  bits = (bits - 0x4b400000 + 127) << 23;  // 0x4b400000: the bits of kRound
  float two_to_n;
  std::memcpy(&two_to_n, &bits, sizeof two_to_n);
  return e_r * two_to_n;
}

inline float log1p_unit(float e) {
  // ln(1 + e) = 2·atanh(s) with s = e / (2 + e) in [0, 1/3]:
  // 2s·(1 + z/3 + z²/5 + ... + z⁷/15), z = s², truncated below 2e-9 relative.
  const float s = e / (2.0f + e);
  const float z = s * s;
  float q = 1.0f / 15.0f;
  q = q * z + 1.0f / 13.0f;
  q = q * z + 1.0f / 11.0f;
  q = q * z + 1.0f / 9.0f;
  q = q * z + 1.0f / 7.0f;
  q = q * z + 1.0f / 5.0f;
  q = q * z + 1.0f / 3.0f;
  q = q * z + 1.0f;
  return 2.0f * s * q;
}

inline float logistic_given(float x, float e_minus_abs) {
  // (x ≥ 0 ? 1 : e) / (1 + e), the numerator picked by x's sign bit.
  std::int32_t sign, one_bits, e_bits;
  std::memcpy(&sign, &x, sizeof sign);
  sign >>= 31;  // all ones when x is negative (or -0, where both choices give 1/2)
  const float one = 1.0f;
  std::memcpy(&one_bits, &one, sizeof one_bits);
  std::memcpy(&e_bits, &e_minus_abs, sizeof e_bits);
  const std::int32_t numerator_bits = (e_bits & sign) | (one_bits & ~sign);
  float numerator;
  std::memcpy(&numerator, &numerator_bits, sizeof numerator);
  return numerator / (1.0f + e_minus_abs);
}

inline float logistic(float x) { return logistic_given(x, exp_minus_abs(x)); }

}  // namespace ll
