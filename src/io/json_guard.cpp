#include "io/json_guard.hpp"

#include <stdexcept>

namespace ll {

void check_json_depth(const char* begin, const char* end, const std::string& what, ErrorCode code) {
  int depth = 0;
  bool in_string = false;
  for (const char* p = begin; p != end; ++p) {
    const char c = *p;
    if (in_string) {
      if (c == '\\') {
        if (++p == end) break;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limits::json_depth.max)
        throw Error(code, what + " nests deeper than " + std::to_string(limits::json_depth.max) +
                              " levels of arrays and objects");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

std::string json_excerpt(const nlohmann::json& value) {
  constexpr std::size_t kMaxChars = 40;
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "an object of " + std::to_string(value.size()) + (value.size() == 1 ? " key" : " keys");
    case nlohmann::json::value_t::array:
      return "an array of " + std::to_string(value.size()) + (value.size() == 1 ? " value" : " values");
    case nlohmann::json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      if (text.size() <= kMaxChars) return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return nlohmann::json(text.substr(0, kMaxChars)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
             " (cut, " + std::to_string(text.size()) + " bytes)";
    }
    default:
      return value.dump();
  }
}

}  // namespace ll
