#pragma once
// Checks the code an ll::Error carries (src/nn/errors.hpp), which is what
// callers branch on:
//   CHECK_THROWS_MATCHES(expr, ll::Error, HasCode(ll::ErrorCode::invalid_argument));
#include <catch2/catch.hpp>

#include <string>

#include "nn/errors.hpp"

class HasCode : public Catch::MatcherBase<ll::Error> {
 public:
  explicit HasCode(ll::ErrorCode code) : code_(code) {}
  bool match(const ll::Error& error) const override { return error.code() == code_; }
  std::string describe() const override { return std::string("has code ") + ll::error_code_name(code_); }

 private:
  ll::ErrorCode code_;
};
