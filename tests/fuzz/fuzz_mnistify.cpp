// Drawn-digit preprocessing: two bytes choose the drawing's size (1..64 each),
// the rest are its ink as raw float32 bits (NaN, Inf and ±1e38 included);
// whatever the ink, the 28×28 result must be finite and in [0, 1].
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "data/preprocess.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int height = 1 + data[0] % 64, width = 1 + data[1] % 64;
  std::vector<float> ink(std::size_t(height) * width, 0.0f);
  std::memcpy(ink.data(), data + 2, std::min(size - 2, ink.size() * sizeof(float)));
  std::vector<float> out(28 * 28);
  ll::fuzz::expect_classified([&] { ll::mnistify(ink.data(), height, width, out.data()); });
  for (float v : out)
    if (!(v >= 0.0f && v <= 1.0f)) ll::fuzz::contract_broken("mnistify gave a value outside [0, 1]");
  return 0;
}
