#pragma once
// A seeded, portable random number generator: PCG32 (XSH-RR), so the same seed
// gives the same bits natively and in WASM. Every stochastic part of the
// library (initialisation, shuffling, reparameterization noise, corruption)
// takes an Rng& so tests can inject a fixed stream.
#include <cstdint>

namespace ll {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0x853c49e6748fea9bULL, std::uint64_t stream = 0xda3e39cb94b95bdbULL);

  std::uint32_t next_u32();
  // Uniform in [0, 1) with 24 random bits, exactly representable in float.
  float uniform();
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), unbiased (rejection).
  std::uint32_t below(std::uint32_t n);
  // Standard normal by Box-Muller in double precision; the pair's second value
  // is kept for the next call.
  float normal();

 private:
  std::uint64_t state_ = 0;
  std::uint64_t increment_ = 0;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace ll
