// Error kinds that cross every boundary (WASM → JS `error.code`, the worker's
// messages, the CLI's exit paths): callers branch on the code, people read the
// message. The set is small and stable; docs/API.md lists it.
//
// Throw ll::Error(ErrorCode::..., "message naming the problem"). A plain
// std::invalid_argument still maps to invalid_argument, std::bad_alloc to
// out_of_memory, anything else to internal (error_code_of).
#pragma once

#include <new>
#include <stdexcept>
#include <string>

namespace ll {

enum class ErrorCode {
  invalid_argument,  // a value out of range or of the wrong kind
  shape_mismatch,    // arrays whose lengths do not fit the model's shapes
  bad_weights_file,  // not a readable safetensors file (corrupt, truncated, foreign dtype)
  weights_mismatch,  // a readable file whose tensors do not fit the model
  missing_config,    // a file without Latent Lab metadata and no config given
  config_invalid,    // a model or train config that cannot be built
  diverged,          // training produced a non-finite loss; the last good weights were kept
  disposed,          // an object used after dispose()
  unsupported,       // the operation does not exist for this model (e.g. a posterior of an AE)
  too_large,         // a size beyond the documented limits (would exhaust a browser tab)
  out_of_memory,     // an allocation failed
  io_error,          // a file could not be opened, read or written (the CLI; in the browser, the client's module download)
  internal,          // a bug: anything not classified above
};

inline const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::shape_mismatch: return "shape_mismatch";
    case ErrorCode::bad_weights_file: return "bad_weights_file";
    case ErrorCode::weights_mismatch: return "weights_mismatch";
    case ErrorCode::missing_config: return "missing_config";
    case ErrorCode::config_invalid: return "config_invalid";
    case ErrorCode::diverged: return "diverged";
    case ErrorCode::disposed: return "disposed";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::out_of_memory: return "out_of_memory";
    case ErrorCode::io_error: return "io_error";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// The code of any exception a bound call or the CLI caught.
inline ErrorCode error_code_of(const std::exception& e) {
  if (const auto* typed = dynamic_cast<const Error*>(&e)) return typed->code();
  if (dynamic_cast<const std::bad_alloc*>(&e)) return ErrorCode::out_of_memory;
  if (dynamic_cast<const std::invalid_argument*>(&e)) return ErrorCode::invalid_argument;
  return ErrorCode::internal;
}

}  // namespace ll
