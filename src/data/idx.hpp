#pragma once
// IDX files (the MNIST container) and the labelled image sets built from them.
// Dimension letters: N images, H height, W width.
//
// IDX layout: two zero bytes, an element-type byte (only 0x08, unsigned byte,
// is supported), a rank byte (1..4), then `rank` big-endian uint32 dimensions,
// then the elements row-major. Files may be gzipped (detected by 1f 8b):
// natively zlib inflates them; the WASM build has no zlib, so there the JS
// client inflates with DecompressionStream('gzip') and passes raw IDX bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/tensor.hpp"

namespace ll {

struct IdxArray {
  std::vector<std::size_t> dims;     // e.g. {N, H, W} for images, {N} for labels
  std::vector<std::uint8_t> values;  // product(dims) bytes, row-major
};

// Throws std::runtime_error("IDX: ...") naming the problem: bad magic,
// unsupported element type, rank 0 or above 4, dimensions whose product
// overflows, truncated data, trailing bytes, corrupt gzip.
IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size);
IdxArray read_idx_file(const std::string& path);

struct Dataset {
  Tensor images;            // [N, 1, H, W] float in [0, 1] (byte / 255)
  std::vector<int> labels;  // N, each in 0..9
};

// images: rank 3 {N, H, W}; labels: rank 1 {N}, values below 10.
Dataset make_dataset(const IdxArray& images, const IdxArray& labels);
Dataset load_dataset(const std::string& images_path, const std::string& labels_path);

}  // namespace ll
