#include "data/idx.hpp"

#include <algorithm>
#include <climits>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>

#ifdef LATENTLAB_HAVE_ZLIB
#include <zlib.h>
#endif

#include "models/limits.hpp"
#include "nn/errors.hpp"

namespace ll {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr std::size_t kMaxIdxRank = 4;

bool is_gzip(const std::uint8_t* bytes, std::size_t size) { return size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

std::string hex_byte(std::uint8_t b) {
  const char* digits = "0123456789abcdef";
  return std::string("0x") + digits[b >> 4] + digits[b & 15];
}

std::string idx_type_name(std::uint8_t type) {
  switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return "not an IDX type";
  }
}

#ifdef LATENTLAB_HAVE_ZLIB
std::vector<std::uint8_t> gunzip(const std::uint8_t* bytes, std::size_t size) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw Error(ErrorCode::internal, "IDX: zlib inflateInit2 failed");
  std::vector<std::uint8_t> out(std::min<std::size_t>(std::max<std::size_t>(size * 4, 1024), limits::file_bytes.max));
  std::size_t consumed = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (stream.total_out == out.size()) {
      // A few kilobytes of gzip can inflate a thousandfold: stop at the file-size limit.
      if (out.size() >= limits::file_bytes.max) {
        inflateEnd(&stream);
        throw Error(ErrorCode::too_large, "IDX: gzip stream inflates past the limit of " + std::to_string(limits::file_bytes.max) +
                                              " bytes");
      }
      out.resize(std::min<std::size_t>(out.size() * 2, limits::file_bytes.max));
    }
    // zlib counts in 32-bit uInt, so feed input and output in slices.
    const std::size_t in_left = size - consumed;
    const std::size_t out_left = out.size() - stream.total_out;
    stream.next_in = const_cast<Bytef*>(bytes + consumed);
    stream.avail_in = static_cast<uInt>(std::min<std::size_t>(in_left, UINT_MAX));
    stream.next_out = out.data() + stream.total_out;
    stream.avail_out = static_cast<uInt>(std::min<std::size_t>(out_left, UINT_MAX));
    const uInt avail_in_before = stream.avail_in;
    status = inflate(&stream, Z_NO_FLUSH);
    consumed += avail_in_before - stream.avail_in;
    if (status == Z_BUF_ERROR && consumed == size) {
      inflateEnd(&stream);
      throw Error(ErrorCode::invalid_argument, "IDX: truncated gzip stream (input ended after " + std::to_string(size) + " bytes)");
    }
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      const std::string reason = stream.msg ? stream.msg : "zlib error " + std::to_string(status);
      inflateEnd(&stream);
      throw Error(ErrorCode::invalid_argument, "IDX: corrupt gzip stream: " + reason);
    }
  }
  out.resize(stream.total_out);
  inflateEnd(&stream);
  if (consumed != size) {
    throw Error(ErrorCode::invalid_argument, "IDX: " + std::to_string(size - consumed) + " trailing bytes after the gzip stream");
  }
  return out;
}
#endif

IdxArray parse_raw_idx(const std::uint8_t* bytes, std::size_t size) {
  if (size < 4) throw Error(ErrorCode::invalid_argument, "IDX: truncated header: " + std::to_string(size) + " bytes, need at least 4");
  if (bytes[0] != 0 || bytes[1] != 0) {
    throw Error(ErrorCode::invalid_argument, "IDX: bad magic: first two bytes are " + hex_byte(bytes[0]) + " " + hex_byte(bytes[1]) +
                             ", expected 0x00 0x00");
  }
  const std::uint8_t type = bytes[2];
  if (type != kUnsignedByte) {
    throw Error(ErrorCode::unsupported, "IDX: unsupported element type " + hex_byte(type) + " (" + idx_type_name(type) +
                             "); only 0x08 (unsigned byte) is supported");
  }
  const std::size_t rank = bytes[3];
  if (rank == 0 || rank > kMaxIdxRank) {
    throw Error(ErrorCode::unsupported, "IDX: rank " + std::to_string(rank) + " is not supported (expected 1 to 4)");
  }
  const std::size_t header_size = 4 + 4 * rank;
  if (size < header_size) {
    throw Error(ErrorCode::invalid_argument, "IDX: truncated header: rank " + std::to_string(rank) + " needs " +
                             std::to_string(header_size) + " bytes, got " + std::to_string(size));
  }
  IdxArray array;
  for (std::size_t i = 0; i < rank; ++i) {
    const std::uint8_t* d = bytes + 4 + 4 * i;
    array.dims.push_back((std::uint32_t(d[0]) << 24) | (std::uint32_t(d[1]) << 16) | (std::uint32_t(d[2]) << 8) | d[3]);
  }
  // An empty set is no data set: every later division by N or by an image side would be undefined.
  for (std::size_t i = 0; i < rank; ++i)
    if (array.dims[i] == 0)
      throw Error(ErrorCode::invalid_argument, "IDX: dimension " + std::to_string(i) + " of " + shape_to_string(array.dims) + " is 0");
  std::uint64_t count = 1;
  for (std::size_t d : array.dims) {
    if (count > limits::file_bytes.max / d)
      throw Error(ErrorCode::too_large, "IDX: dimensions " + shape_to_string(array.dims) + " need more than the limit of " +
                                            std::to_string(limits::file_bytes.max) + " bytes");
    count *= d;
  }
  const std::size_t data_size = size - header_size;
  if (data_size < count) {
    throw Error(ErrorCode::invalid_argument, "IDX: truncated data: dimensions " + shape_to_string(array.dims) + " need " +
                             std::to_string(count) + " bytes after the header, got " + std::to_string(data_size));
  }
  if (data_size > count) {
    throw Error(ErrorCode::invalid_argument, "IDX: " + std::to_string(data_size - count) + " trailing bytes after the " +
                             std::to_string(count) + " data bytes of dimensions " + shape_to_string(array.dims));
  }
  array.values.assign(bytes + header_size, bytes + size);
  return array;
}

}  // namespace

IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size) {
  if (!is_gzip(bytes, size)) return parse_raw_idx(bytes, size);
#ifdef LATENTLAB_HAVE_ZLIB
  const std::vector<std::uint8_t> raw = gunzip(bytes, size);
  return parse_raw_idx(raw.data(), raw.size());
#else
  throw Error(ErrorCode::invalid_argument, 
      "IDX: input is gzip-compressed, but this build has no zlib; the JS client decompresses gzip "
      "(DecompressionStream('gzip')) before passing the raw IDX bytes in");
#endif
}

IdxArray read_idx_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(ErrorCode::io_error, "IDX: cannot open '" + path + "'");
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw Error(ErrorCode::io_error, "IDX: error while reading '" + path + "'");
  try {
    return parse_idx(bytes.data(), bytes.size());
  } catch (const Error& e) {
    throw Error(e.code(), std::string(e.what()) + " (in '" + path + "')");
  }
}

Dataset make_dataset(const IdxArray& images, const IdxArray& labels) {
  if (images.dims.size() != 3) {
    throw Error(ErrorCode::invalid_argument, "dataset images must be IDX rank 3 [N, H, W], got " + shape_to_string(images.dims));
  }
  if (labels.dims.size() != 1) {
    throw Error(ErrorCode::invalid_argument, "dataset labels must be IDX rank 1 [N], got " + shape_to_string(labels.dims));
  }
  const std::size_t n = images.dims[0];
  if (images.values.size() != shape_size(images.dims) || labels.values.size() != labels.dims[0]) {
    throw Error(ErrorCode::invalid_argument, "dataset IDX arrays hold " + std::to_string(images.values.size()) + " and " +
                                std::to_string(labels.values.size()) + " values, dimensions say " +
                                shape_to_string(images.dims) + " and " + shape_to_string(labels.dims));
  }
  if (labels.dims[0] != n) {
    throw Error(ErrorCode::invalid_argument, "dataset has " + std::to_string(n) + " images but " + std::to_string(labels.dims[0]) +
                                " labels");
  }
  Dataset dataset;
  dataset.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (labels.values[i] >= 10) {
      throw Error(ErrorCode::invalid_argument, "dataset label " + std::to_string(labels.values[i]) + " at index " +
                                  std::to_string(i) + " is outside 0..9");
    }
    dataset.labels[i] = labels.values[i];
  }
  dataset.images = Tensor::from_shape({n, 1, images.dims[1], images.dims[2]});
  float* out = dataset.images.data();
  for (std::size_t i = 0, count = images.values.size(); i < count; ++i) out[i] = images.values[i] / 255.0f;  // as torchvision's ToTensor
  return dataset;
}

Dataset load_dataset(const std::string& images_path, const std::string& labels_path) {
  const IdxArray images = read_idx_file(images_path);
  const IdxArray labels = read_idx_file(labels_path);
  try {
    return make_dataset(images, labels);
  } catch (const Error& e) {
    throw Error(e.code(), std::string(e.what()) + " (images '" + images_path + "', labels '" + labels_path + "')");
  }
}

}  // namespace ll
