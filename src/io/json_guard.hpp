// What every parser of user-supplied JSON (model configs, safetensors headers,
// train configs) shares, so a hostile text cannot exhaust the stack:
//
// - check_json_depth runs over the raw text before it is parsed and refuses
//   nesting deeper than kMaxJsonDepth. nlohmann's parser itself is iterative,
//   but printing, copying and comparing a parsed value recurse once per level,
//   and in WASM those frames share the JS stack (~10,000 levels were enough
//   to overflow it).
// - json_excerpt describes a value for an error message in bounded space: a
//   scalar as itself (a long string cut short), an object or array by its kind
//   and size, never by printing what it holds.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "models/limits.hpp"
#include "nn/errors.hpp"

namespace ll {

// Throws Error(code, "<what> nests deeper than 32 levels ...") when brackets
// outside strings open more than limits::json_depth levels. Does not
// otherwise validate: the parser does that.
void check_json_depth(const char* begin, const char* end, const std::string& what, ErrorCode code);
inline void check_json_depth(const std::string& text, const std::string& what, ErrorCode code) {
  check_json_depth(text.data(), text.data() + text.size(), what, code);
}

// Text from a file or a URL, cut to at most `max` bytes ("…" marks a cut).
inline std::string cut_text(const std::string& text, std::size_t max = 40) {
  return text.size() <= max ? text : text.substr(0, max) + "…";
}

// At most ~60 characters: 3, "relu", true, an object of 2 keys, an array of 5 values.
std::string json_excerpt(const nlohmann::json& value);

}  // namespace ll
