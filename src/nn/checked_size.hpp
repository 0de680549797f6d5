// Sizes computed from user input (rows × columns, steps × latent, the
// dimensions of a file's tensor) must be checked before anything is allocated:
// in WASM size_t is 32 bits, so a product that a 64-bit build holds wraps to a
// small number there, the buffer comes out too small and the writes that follow
// corrupt the heap. Every such product goes through checked_product, which
// computes in 64 bits and refuses anything above `limit` (itself at most what
// size_t and a byte count of floats can hold on the build at hand).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

#include "nn/errors.hpp"

namespace ll {

// The most float values one buffer may hold on this build: its byte count
// must fit in size_t (4 GiB - 1 in WASM) and the allocator must be able to
// add its bookkeeping.
constexpr std::uint64_t kMaxAddressableFloats = (std::uint64_t(std::numeric_limits<std::size_t>::max()) / 2) / sizeof(float);

// a × b × ... in 64 bits; throws too_large naming `what` if the product, or
// any partial product, passes `limit` (a zero factor gives 0 and never throws).
inline std::size_t checked_product(std::initializer_list<std::uint64_t> factors, std::uint64_t limit,
                                   const std::string& what) {
  if (limit > kMaxAddressableFloats) limit = kMaxAddressableFloats;
  for (std::uint64_t f : factors)
    if (f == 0) return 0;
  std::uint64_t product = 1;
  std::string spelled;
  for (std::uint64_t f : factors) spelled += (spelled.empty() ? "" : " × ") + std::to_string(f);
  for (std::uint64_t f : factors) {
    if (product > limit / f)
      throw Error(ErrorCode::too_large, what + " would need " + spelled + " values, more than the limit of " +
                                            std::to_string(limit));
    product *= f;
  }
  return std::size_t(product);
}

}  // namespace ll
