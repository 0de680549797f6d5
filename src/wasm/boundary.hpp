// What every binding file shares: the one error boundary (guarded / take_error)
// and the conversions of JS values to C++ ones, each checked and copied once.
// Only src/wasm includes this (it includes Emscripten). A feature's bindings
// live in their own src/wasm/bindings_<feature>.cpp with their own
// EMSCRIPTEN_BINDINGS block and use these helpers.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "nn/checked_size.hpp"
#include "models/limits.hpp"
#include "nn/errors.hpp"
#include "nn/tensor.hpp"


namespace ll::wasm {

using emscripten::val;
using ll::Tensor;
using ll::ErrorCode;
using ll::error_code_name;
using ll::error_code_of;

// The message of the last bound call that failed, "" after a success. C++
// errors must not unwind into JS as a JS throw: that skips the destructors of
// every C++ frame it crosses, leaking the exception, its strings and the emval
// handles of the call's arguments (and with them the caller's typed arrays).
// So every bound call catches, records the message here and returns normally,
// and the client throws Error(takeError()).
inline std::string last_error;
// Its code (ll::ErrorCode's name), "" after a success: what JS branches on.
inline std::string last_error_code;

inline std::string take_error() { return std::exchange(last_error, std::string()); }
inline std::string take_error_code() { return std::exchange(last_error_code, std::string()); }

// Runs body; on a C++ exception records "what: message" and its code and returns an empty value.
template <typename Body>
inline auto guarded(const char* what, Body&& body) -> decltype(body()) {
  using Result = decltype(body());
  last_error.clear();
  last_error_code.clear();
  try {
    return body();
  } catch (const std::bad_alloc&) {
    last_error = std::string(what) + ": out of memory: the model or the data is too large for the WASM heap";
    last_error_code = error_code_name(ErrorCode::out_of_memory);
  } catch (const std::exception& e) {
    last_error = std::string(what) + ": " + e.what();
    last_error_code = error_code_name(error_code_of(e));
  }
  if constexpr (std::is_same_v<Result, val>) return val::undefined();
  else if constexpr (!std::is_void_v<Result>) return Result{};
}

using ll::limits::number_text;

// JS numbers are doubles: a seed must be an integer in limits::seed.
inline std::uint64_t seed_from(double seed, ErrorCode code = ErrorCode::invalid_argument) {
  if (!limits::seed.contains(seed) || std::floor(seed) != seed)
    throw Error(code, "seed must be an integer in " + limits::range_text(limits::seed) + ", got " + number_text(seed));
  return std::uint64_t(seed);
}

// Counts and class ids arrive as JS numbers: refuse 2.5, NaN or 1e10 instead
// of letting a cast truncate or wrap them.
inline int whole_number(double value, const std::string& name, const limits::Range<int>& range,
                        ErrorCode code = ErrorCode::invalid_argument) {
  if (!(value >= range.min && value <= range.max) || std::floor(value) != value)
    throw Error(code, name + " must be an integer in " + limits::range_text(range) + ", got " + number_text(value));
  return int(value);
}

// A JS array's length, refused above `limit` before anything is copied: the
// copy's byte count would wrap in 32-bit size_t, and a vector's own length
// check fails with a bare "vector" message.
inline std::size_t checked_length(const val& array, const char* name, std::uint64_t limit, const char* unit = "values") {
  const double length = array["length"].as<double>();
  if (!(length >= 0 && length <= double(limit)))
    throw Error(ErrorCode::too_large, std::string(name) + " has " + number_text(length) + " " + unit +
                                          ", more than the limit of " + std::to_string(limit));
  return std::size_t(length);
}

inline std::vector<float> to_floats(const val& array, const char* name) {
  if (!array.instanceof(val::global("Float32Array")) && !array.instanceof(val::global("Array")))
    throw Error(ErrorCode::invalid_argument, std::string(name) + " must be a Float32Array");
  checked_length(array, name, limits::array_values.max);
  return emscripten::convertJSArrayToNumberVector<float>(array);
}

inline std::vector<std::uint8_t> to_bytes(const val& array, const char* name) {
  if (!array.instanceof(val::global("Uint8Array")))
    throw Error(ErrorCode::invalid_argument, std::string(name) + " must be a Uint8Array");
  checked_length(array, name, limits::file_bytes.max, "bytes");
  return emscripten::convertJSArrayToNumberVector<std::uint8_t>(array);
}

inline std::vector<int> to_labels(const val& labels) {
  if (labels.isUndefined() || labels.isNull()) return {};
  checked_length(labels, "labels", limits::array_values.max);
  std::vector<int> ids;
  for (double id : emscripten::convertJSArrayToNumberVector<double>(labels))
    ids.push_back(whole_number(id, "a label", {0, limits::classes.max - 1}));
  return ids;
}

// [N, width] from a flat array whose length must be a positive multiple of
// width (its length is already bounded by to_floats, so N × width cannot wrap).
inline Tensor to_rows(const val& array, std::size_t width, const char* name) {
  std::vector<float> values = to_floats(array, name);
  if (values.empty() || values.size() % width != 0)
    throw Error(ErrorCode::shape_mismatch, std::string(name) + " has " + std::to_string(values.size()) +
                                " values; expected a positive multiple of " + std::to_string(width) + " (N rows × " +
                                std::to_string(width) + ")");
  Tensor rows = Tensor::from_shape({values.size() / width, width});
  std::copy(values.begin(), values.end(), rows.begin());
  return rows;
}

// Images cross as pixel values in [0, 1] (docs/API.md): NaN would poison every
// result and ±1e30 would overflow the first layer into Inf, both silently.
inline void check_pixels(const float* values, std::size_t count, const char* name) {
  for (std::size_t i = 0; i < count; ++i) {
    const float v = values[i];
    if (!std::isfinite(v))
      throw std::invalid_argument(std::string(name) + " contain NaN or Inf (" + number_text(v) + " at index " +
                                  std::to_string(i) + ")");
    if (v < 0.0f || v > 1.0f)
      throw std::invalid_argument(std::string(name) + " must be pixel values in [0, 1]; found " + number_text(v) +
                                  " at index " + std::to_string(i));
  }
}

inline val fresh_float32(const float* data, std::size_t count) {
  return val(emscripten::typed_memory_view(count, data)).call<val>("slice");
}
inline val fresh_float32(const Tensor& t) { return fresh_float32(t.data(), t.size()); }
inline val fresh_uint8(const std::vector<std::uint8_t>& bytes) {
  return val(emscripten::typed_memory_view(bytes.size(), bytes.data())).call<val>("slice");
}

}  // namespace ll::wasm
