// The f32x4 wrapper (src/nn/kernels/simd.hpp) lane by lane against plain float
// arithmetic: in the WASM build this checks the wasm_simd128.h path, natively
// its scalar twin.
#include <catch2/catch.hpp>

#include "nn/kernels/simd.hpp"

using namespace ll::simd;

namespace {

struct Lanes {
  float v[4];
};

Lanes lanes_of(f32x4 x) {
  Lanes out;
  store(out.v, x);
  return out;
}

}  // namespace

TEST_CASE("f32x4 load, store, splat, broadcast and zero move the right lanes", "[simd]") {
  // Unaligned on purpose: loads and stores must not need 16-byte alignment.
  const float memory[6] = {-1.0f, 1.5f, -2.25f, 3.0f, 7.0f, 9.0f};
  const Lanes loaded = lanes_of(load(memory + 1));
  for (int l = 0; l < 4; ++l) CHECK(loaded.v[l] == memory[1 + l]);

  float out[6] = {0, 0, 0, 0, 0, 0};
  store(out + 1, load(memory));
  CHECK(out[0] == 0.0f);
  for (int l = 0; l < 4; ++l) CHECK(out[1 + l] == memory[l]);
  CHECK(out[5] == 0.0f);

  for (float x : lanes_of(splat(-0.75f)).v) CHECK(x == -0.75f);
  for (float x : lanes_of(broadcast(memory + 2)).v) CHECK(x == -2.25f);
  for (float x : lanes_of(zero()).v) CHECK(x == 0.0f);
}

TEST_CASE("f32x4 add, multiply and += are lane-wise", "[simd]") {
  const float a[4] = {1.0f, -2.0f, 0.5f, 1e-3f};
  const float b[4] = {4.0f, 0.25f, -8.0f, 3e3f};
  const Lanes sum = lanes_of(load(a) + load(b));
  const Lanes product = lanes_of(load(a) * load(b));
  f32x4 acc = load(a);
  acc += load(b) * load(b);
  const Lanes accumulated = lanes_of(acc);
  for (int l = 0; l < 4; ++l) {
    CHECK(sum.v[l] == a[l] + b[l]);
    CHECK(product.v[l] == a[l] * b[l]);
    CHECK(accumulated.v[l] == a[l] + b[l] * b[l]);
  }
}

TEST_CASE("f32x4 transpose4 swaps rows and columns of a 4×4 block", "[simd]") {
  float block[4][4];
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) block[r][c] = float(10 * r + c);
  f32x4 r0 = load(block[0]), r1 = load(block[1]), r2 = load(block[2]), r3 = load(block[3]);
  transpose4(r0, r1, r2, r3);
  const Lanes rows[4] = {lanes_of(r0), lanes_of(r1), lanes_of(r2), lanes_of(r3)};
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      INFO("row " << r << " column " << c);
      CHECK(rows[r].v[c] == block[c][r]);
    }
}
