// What every fuzz target shares. A target feeds the input to one parser and
// then uses whatever it accepted; it fails (abort, so libFuzzer saves the
// input) on a sanitizer report, on an accepted value that breaks its own
// contract, and on an error that is not one of ours: every rejection of bad
// input must carry a code other than `internal` (src/nn/errors.hpp), so a
// library exception escaping unclassified (nlohmann's "type must be string")
// counts as a bug too.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

#include "nn/errors.hpp"

namespace ll::fuzz {

[[noreturn]] inline void contract_broken(const char* what) {
  std::fprintf(stderr, "fuzz: contract broken: %s\n", what);
  std::abort();
}

// Runs body; a thrown error must be classified.
template <typename Body>
void expect_classified(Body&& body) {
  try {
    body();
  } catch (const std::bad_alloc&) {
    contract_broken("std::bad_alloc: an input got past the size limits");
  } catch (const std::exception& e) {
    if (error_code_of(e) == ErrorCode::internal) {
      std::fprintf(stderr, "fuzz: unclassified error: %s\n", e.what());
      std::abort();
    }
  }
}

}  // namespace ll::fuzz
