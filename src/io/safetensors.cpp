#include "io/safetensors.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <iterator>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "io/json_guard.hpp"
#include "nn/errors.hpp"

namespace ll {

namespace {

using nlohmann::json;

// Our headers are ~2 KB and a PyTorch state_dict of hundreds of tensors stays
// far below the limit; a larger one is a corrupt length prefix or a header
// built to make the JSON parser allocate ~10 bytes per byte of text.
constexpr std::uint64_t kMaxHeaderBytes = limits::weights_header_bytes.max;
constexpr const char* kMetadataKey = "__metadata__";
// Our tensors have rank 1 to 4; PyTorch's own files rarely pass 6.
constexpr std::size_t kMaxTensorRank = 8;

[[noreturn]] void fail(const std::string& what, ErrorCode code = ErrorCode::bad_weights_file) {
  throw Error(code, "safetensors: " + what);
}

// Byte order is spelled out so the code does not depend on the host's.
std::uint64_t load_u64_le(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store_u64_le(std::uint64_t v, std::uint8_t* p) {
  for (int i = 0; i < 8; ++i) p[i] = std::uint8_t(v >> (8 * i));
}

float float_from_bits(std::uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

std::uint32_t bits_from_float(float f) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

// Bytes per element, 0 for a dtype we cannot read.
std::size_t itemsize_of(const std::string& dtype) {
  if (dtype == "F32") return 4;
  if (dtype == "F16" || dtype == "BF16") return 2;
  return 0;
}

void decode(const std::string& dtype, const std::uint8_t* p, std::size_t count, float* out) {
  if (dtype == "F32") {
    for (std::size_t i = 0; i < count; ++i, p += 4)
      out[i] = float_from_bits(std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                               std::uint32_t(p[3]) << 24);
  } else if (dtype == "F16") {
    for (std::size_t i = 0; i < count; ++i, p += 2) out[i] = half_bits_to_float(std::uint16_t(p[0] | p[1] << 8));
  } else {  // BF16 is the top half of a float32
    for (std::size_t i = 0; i < count; ++i, p += 2)
      out[i] = float_from_bits((std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8) << 16);
  }
}

// Names come from the file: quote at most 60 bytes of one.
std::string in_quotes(const std::string& name) {
  return "'" + (name.size() <= 60 ? name : name.substr(0, 60) + "…") + "'";
}

struct HeaderEntry {
  std::string name;
  std::string dtype;
  Shape shape;
  std::uint64_t begin = 0;  // byte offsets into the data buffer
  std::uint64_t end = 0;
};

std::uint64_t read_unsigned(const json& value, const std::string& what) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer()) fail(what + " is negative (" + json_excerpt(value) + ")");
  fail(what + " is not a non-negative integer (" + json_excerpt(value) + ")");
}

HeaderEntry parse_entry(const std::string& name, const json& entry, std::uint64_t data_size) {
  HeaderEntry e;
  e.name = name;
  const std::string tensor = "tensor " + in_quotes(name);
  if (!entry.is_object()) fail(tensor + ": entry is not a JSON object");
  for (const char* key : {"dtype", "shape", "data_offsets"})
    if (!entry.contains(key)) fail(tensor + " has no \"" + key + "\"");

  const json& dtype = entry["dtype"];
  if (!dtype.is_string()) fail(tensor + ": \"dtype\" is not a string");
  e.dtype = dtype.get<std::string>();
  const std::size_t itemsize = itemsize_of(e.dtype);
  if (itemsize == 0) fail(tensor + " has unsupported dtype " + in_quotes(e.dtype) + " (supported: F32, F16, BF16)");

  const json& shape = entry["shape"];
  if (!shape.is_array()) fail(tensor + ": \"shape\" is not an array");
  if (shape.size() > kMaxTensorRank)
    fail(tensor + ": \"shape\" has " + std::to_string(shape.size()) + " dimensions, more than " + std::to_string(kMaxTensorRank));
  // Element and byte counts in 64 bits with overflow checks: a corrupt shape
  // must fail here, not wrap around and match the offsets by accident.
  std::uint64_t count = 1;
  bool overflow = false, has_zero_dim = false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const std::uint64_t dim = read_unsigned(shape[i], tensor + ": dimension " + std::to_string(i) + " of \"shape\"");
    if (dim > std::numeric_limits<std::size_t>::max()) fail(tensor + ": dimension " + std::to_string(dim) + " is too large");
    e.shape.push_back(std::size_t(dim));
    if (dim == 0) has_zero_dim = true;
    else if (count > std::numeric_limits<std::uint64_t>::max() / dim) overflow = true;
    else count *= dim;
  }
  if (has_zero_dim) count = 0;
  else if (overflow || count > std::numeric_limits<std::uint64_t>::max() / itemsize)
    fail(tensor + ": shape " + shape_to_string(e.shape) + " is too large");
  const std::uint64_t needed = count * itemsize;

  const json& offsets = entry["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2) fail(tensor + ": \"data_offsets\" is not an array [begin, end]");
  e.begin = read_unsigned(offsets[0], tensor + ": data_offsets begin");
  e.end = read_unsigned(offsets[1], tensor + ": data_offsets end");
  const std::string range = "[" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "]";
  if (e.end < e.begin) fail(tensor + ": data_offsets " + range + " end before they begin");
  if (e.end > data_size)
    fail(tensor + ": data_offsets " + range + " out of range of the " + std::to_string(data_size) + "-byte data buffer");
  if (e.end - e.begin != needed)
    fail(tensor + ": data_offsets " + range + " span " + std::to_string(e.end - e.begin) + " bytes but shape " +
         shape_to_string(e.shape) + " of " + e.dtype + " needs " + std::to_string(needed));
  return e;
}

// The tensors must tile the data buffer: sorted by offset, each starts where
// the previous ended and the last ends at the buffer's end.
void check_tiling(std::vector<HeaderEntry>& entries, std::uint64_t data_size) {
  std::sort(entries.begin(), entries.end(), [](const HeaderEntry& a, const HeaderEntry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t covered = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const HeaderEntry& e = entries[i];
    if (e.begin < covered)
      fail("tensors " + in_quotes(entries[i - 1].name) + " and " + in_quotes(e.name) + " overlap in the data buffer");
    if (e.begin > covered)
      fail("bytes [" + std::to_string(covered) + ", " + std::to_string(e.begin) +
           ") of the data buffer belong to no tensor");
    covered = e.end;
  }
  if (covered != data_size)
    fail("the data buffer has " + std::to_string(data_size) + " bytes but the tensors cover " +
         std::to_string(covered));
}

json parse_header(const std::uint8_t* begin, const std::uint8_t* end) {
  // nlohmann keeps the last of duplicate keys silently; a safetensors file
  // with two tensors of the same name is corrupt, so watch the top-level keys.
  std::set<std::string> names;
  std::string duplicate;
  auto watch_keys = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key && depth == 1 && !names.insert(parsed.get<std::string>()).second &&
        duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  check_json_depth(reinterpret_cast<const char*>(begin), reinterpret_cast<const char*>(end), "safetensors: header",
                   ErrorCode::bad_weights_file);
  json header;
  try {
    header = json::parse(begin, end, watch_keys);
  } catch (const json::exception& e) {
    // nlohmann quotes the token it stopped at, which a hostile header can make megabytes long.
    const std::string reason = e.what();
    fail("header is not valid JSON: " + (reason.size() <= 200 ? reason : reason.substr(0, 200) + "…"));
  }
  if (!header.is_object()) fail("header is not a JSON object");
  if (!duplicate.empty()) fail("tensor name " + in_quotes(duplicate) + " appears twice in the header");
  return header;
}

}  // namespace

std::uint16_t float_to_half_bits(float value) {
  const std::uint32_t f = bits_from_float(value);
  const std::uint16_t sign = std::uint16_t((f >> 16) & 0x8000u);
  const std::uint32_t magnitude = f & 0x7fffffffu;
  if (magnitude >= 0x7f800000u) {  // Inf, or NaN kept quiet with its top payload bits
    if (magnitude == 0x7f800000u) return sign | 0x7c00u;
    return std::uint16_t(sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu));
  }
  if (magnitude >= 0x477ff000u) return sign | 0x7c00u;  // >= 65520 rounds past the largest half, 65504
  if (magnitude >= 0x38800000u) {                       // normal half: >= 2^-14
    // Rebias the exponent (127 -> 15) and drop 13 mantissa bits, rounding to
    // nearest even; a carry out of the mantissa correctly bumps the exponent.
    std::uint32_t half = (magnitude >> 13) - ((127u - 15u) << 10);
    const std::uint32_t dropped = magnitude & 0x1fffu;
    if (dropped > 0x1000u || (dropped == 0x1000u && (half & 1u))) ++half;
    return std::uint16_t(sign | half);
  }
  if (magnitude <= 0x33000000u) return sign;  // <= 2^-25: the tie at 2^-25 goes to the even 0
  // Subnormal half m * 2^-24: m = round(significand * 2^(exponent - 126)).
  const std::uint32_t exponent = magnitude >> 23;
  const std::uint32_t significand = (magnitude & 0x7fffffu) | 0x800000u;
  const std::uint32_t shift = 126u - exponent;  // 14..24
  std::uint32_t m = significand >> shift;
  const std::uint32_t dropped = significand & ((1u << shift) - 1u);
  const std::uint32_t halfway = 1u << (shift - 1u);
  if (dropped > halfway || (dropped == halfway && (m & 1u))) ++m;
  return std::uint16_t(sign | m);
}

float half_bits_to_float(std::uint16_t bits) {
  const std::uint32_t sign = std::uint32_t(bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1fu;
  const std::uint32_t mantissa = bits & 0x3ffu;
  if (exponent == 0x1f) return float_from_bits(sign | 0x7f800000u | (mantissa << 13));
  if (exponent == 0) {
    const float magnitude = std::ldexp(float(mantissa), -24);  // exact: subnormal halves are normal floats
    return sign ? -magnitude : magnitude;
  }
  return float_from_bits(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

const NamedTensor* SafetensorsFile::find(const std::string& name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

std::vector<std::uint8_t> write_safetensors(const SafetensorsFile& file, StorageDtype storage) {
  const bool half = storage == StorageDtype::F16;
  const std::size_t itemsize = half ? 2 : 4;
  json header = json::object();
  if (!file.metadata.empty()) header[kMetadataKey] = file.metadata;
  std::size_t offset = 0;
  for (const auto& t : file.tensors) {
    if (t.name == kMetadataKey) throw Error(ErrorCode::invalid_argument, "safetensors: '__metadata__' is not a valid tensor name");
    if (header.contains(t.name)) throw Error(ErrorCode::invalid_argument, "safetensors: duplicate tensor name " + in_quotes(t.name));
    if (t.values.size() != shape_size(t.shape))
      throw Error(ErrorCode::invalid_argument, "safetensors: tensor " + in_quotes(t.name) + " has " + std::to_string(t.values.size()) +
                                  " values but shape " + shape_to_string(t.shape) + " needs " +
                                  std::to_string(shape_size(t.shape)));
    const std::size_t bytes = t.values.size() * itemsize;
    header[t.name] = {{"dtype", half ? "F16" : "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }

  std::string text;
  try {
    text = header.dump();
  } catch (const json::exception& e) {
    throw Error(ErrorCode::invalid_argument, std::string("safetensors: names and metadata must be valid UTF-8: ") + e.what());
  }
  text.append((8 - text.size() % 8) % 8, ' ');

  std::vector<std::uint8_t> out(8 + text.size() + offset);
  store_u64_le(text.size(), out.data());
  std::memcpy(out.data() + 8, text.data(), text.size());
  std::uint8_t* p = out.data() + 8 + text.size();
  for (const auto& t : file.tensors) {
    for (float v : t.values) {
      if (half) {
        const std::uint16_t h = float_to_half_bits(v);
        if (std::isfinite(v) && (h & 0x7fffu) == 0x7c00u)
          throw Error(ErrorCode::invalid_argument, "safetensors: tensor " + in_quotes(t.name) + " holds " + std::to_string(v) +
                                      ", beyond the F16 range (65504)");
        *p++ = std::uint8_t(h);
        *p++ = std::uint8_t(h >> 8);
      } else {
        const std::uint32_t b = bits_from_float(v);
        for (int i = 0; i < 4; ++i) *p++ = std::uint8_t(b >> (8 * i));
      }
    }
  }
  return out;
}

SafetensorsFile read_safetensors(const std::uint8_t* bytes, std::size_t size) {
  if (size < 8) fail("file is " + std::to_string(size) + " bytes, shorter than the 8-byte header length");
  const std::uint64_t header_size = load_u64_le(bytes);
  if (header_size > kMaxHeaderBytes)
    fail("header length " + std::to_string(header_size) + " is absurd (more than " +
         std::to_string(kMaxHeaderBytes) + " bytes)");
  if (header_size > size - 8)
    fail("header length " + std::to_string(header_size) + " is larger than the " + std::to_string(size - 8) +
         " bytes after the length prefix");
  const std::uint8_t* data = bytes + 8 + header_size;
  const std::uint64_t data_size = size - 8 - header_size;

  const json header = parse_header(bytes + 8, data);
  SafetensorsFile file;
  std::vector<HeaderEntry> entries;
  for (const auto& [key, value] : header.items()) {
    if (key == kMetadataKey) {
      if (!value.is_object()) fail("\"__metadata__\" is not a JSON object");
      for (const auto& [meta_key, meta_value] : value.items()) {
        if (!meta_value.is_string()) fail("metadata value for " + in_quotes(meta_key) + " is not a string");
        file.metadata[meta_key] = meta_value.get<std::string>();
      }
    } else {
      entries.push_back(parse_entry(key, value, data_size));
    }
  }
  check_tiling(entries, data_size);

  for (const auto& e : entries) {
    NamedTensor t{e.name, e.shape, std::vector<float>(shape_size(e.shape))};
    decode(e.dtype, data + e.begin, t.values.size(), t.values.data());
    file.tensors.push_back(std::move(t));
  }
  return file;
}

std::vector<std::uint8_t> save_parameters(const Parameters& params, const std::map<std::string, std::string>& metadata,
                                          StorageDtype storage) {
  SafetensorsFile file;
  file.metadata = metadata;
  for (const auto& view : params.views()) {
    const float* v = params.values().data() + view.offset;
    file.tensors.push_back({view.name, view.shape, std::vector<float>(v, v + view.size)});
  }
  return write_safetensors(file, storage);
}

std::map<std::string, std::string> load_parameters(Parameters& params, const std::uint8_t* bytes, std::size_t size) {
  SafetensorsFile file = read_safetensors(bytes, size);
  load_parameters(params, file);
  return file.metadata;
}

void load_parameters(Parameters& params, const SafetensorsFile& file) {
  // Every check runs before the first write, so a failed load changes nothing.
  for (const auto& view : params.views()) {
    const NamedTensor* t = file.find(view.name);
    if (!t) fail("the file has no tensor " + in_quotes(view.name) + ", which the model needs", ErrorCode::weights_mismatch);
    if (t->shape != view.shape)
      fail("tensor " + in_quotes(view.name) + " has shape " + shape_to_string(t->shape) + " in the file but the model expects " +
               shape_to_string(view.shape),
           ErrorCode::weights_mismatch);
    for (std::size_t i = 0; i < t->values.size(); ++i)
      if (!std::isfinite(t->values[i]))
        fail("tensor " + in_quotes(view.name) + " holds a non-finite value (" + std::to_string(t->values[i]) +
             ") at index " + std::to_string(i));
  }
  for (const auto& t : file.tensors)
    if (!params.find(t.name))
      fail("unexpected tensor " + in_quotes(t.name) + " in the file: the model has no such parameter",
           ErrorCode::weights_mismatch);

  for (const auto& view : params.views())
    std::copy(file.find(view.name)->values.begin(), file.find(view.name)->values.end(),
              params.values().begin() + std::ptrdiff_t(view.offset));
}

std::vector<std::uint8_t> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "cannot open '" + path + "' for reading");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorCode::io_error, "error while reading '" + path + "'");
  return bytes;
}

void write_file_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ErrorCode::io_error, "cannot open '" + path + "' for writing");
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  out.close();
  if (!out) throw Error(ErrorCode::io_error, "error while writing '" + path + "'");
}

}  // namespace ll
