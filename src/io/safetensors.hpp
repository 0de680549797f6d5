#pragma once
// safetensors (https://github.com/huggingface/safetensors), the weight format
// shared with PyTorch:
//
//   [u64 little-endian: header length L][L bytes: JSON header][data buffer]
//
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin,
// end]} (byte offsets into the data buffer) plus an optional "__metadata__"
// object of string -> string. The tensors must tile the data buffer exactly:
// no gaps, no overlaps, no trailing bytes.
//
// In memory every tensor is float32 (the library computes in float32 only);
// F16 and BF16 files are widened on reading, and F16 can be chosen on writing
// to halve the size of small shipped models.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nn/parameters.hpp"
#include "nn/tensor.hpp"

namespace ll {

struct NamedTensor {
  std::string name;
  Shape shape;
  std::vector<float> values;  // shape_size(shape) values, row-major
};

struct SafetensorsFile {
  std::map<std::string, std::string> metadata;
  std::vector<NamedTensor> tensors;  // in data-buffer order
  // nullptr when absent.
  const NamedTensor* find(const std::string& name) const;
};

enum class StorageDtype { F32, F16 };

// Tensors are laid out in the given order; the header is padded with spaces so
// the data buffer starts at a multiple of 8 bytes. F16 rounds to nearest, ties
// to even (as torch's .half()). Throws std::invalid_argument on a duplicate or
// reserved name, a value count that does not match the shape, or (F16) a
// finite value beyond the F16 range.
std::vector<std::uint8_t> write_safetensors(const SafetensorsFile& file,
                                            StorageDtype storage = StorageDtype::F32);

// Reads F32, F16 and BF16 tensors; validates the whole file first and throws
// std::runtime_error("safetensors: ...") naming the problem.
SafetensorsFile read_safetensors(const std::uint8_t* bytes, std::size_t size);

// One tensor per ParameterView, same names, shapes and order.
std::vector<std::uint8_t> save_parameters(const Parameters& params,
                                          const std::map<std::string, std::string>& metadata,
                                          StorageDtype storage = StorageDtype::F32);

// Loads into an existing store. Every view must be in the file with the same
// shape, the file may hold nothing else, and every value must be finite. All of
// this is checked before the first value is written, so a failed load leaves
// the store untouched. Returns the file's metadata.
std::map<std::string, std::string> load_parameters(Parameters& params, const std::uint8_t* bytes,
                                                   std::size_t size);
// The same from a file already read (a loader that looked at its metadata first).
void load_parameters(Parameters& params, const SafetensorsFile& file);

// Whole-file helpers; both throw std::runtime_error naming the path.
std::vector<std::uint8_t> read_file_bytes(const std::string& path);
void write_file_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);

// IEEE binary16 <-> binary32. Exposed for the tests, which check them against
// every half value and against torch's conversions.
std::uint16_t float_to_half_bits(float value);
float half_bits_to_float(std::uint16_t bits);

}  // namespace ll
