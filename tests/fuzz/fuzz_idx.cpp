// IDX bytes (raw or gzipped) -> parse_idx -> make_dataset: an accepted array
// must hold exactly the values its dimensions say, and a rank-3 one must make
// a data set (with labels of class 0) whose images are bytes / 255.
#include <cstddef>
#include <cstdint>

#include "data/idx.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ll::fuzz::expect_classified([&] {
    const ll::IdxArray array = ll::parse_idx(data, size);
    if (array.values.size() != ll::shape_size(ll::Shape(array.dims.begin(), array.dims.end())))
      ll::fuzz::contract_broken("IDX values do not match the dimensions");
    if (array.dims.size() != 3) return;
    ll::IdxArray labels;
    labels.dims = {array.dims[0]};
    labels.values.assign(array.dims[0], 0);
    const ll::Dataset set = ll::make_dataset(array, labels);
    for (std::size_t i = 0; i < array.values.size(); ++i)
      if (set.images.data()[i] != array.values[i] / 255.0f) ll::fuzz::contract_broken("image is not bytes / 255");
  });
  return 0;
}
