// How a feature's bindings reach the C++ model behind a JS Model: the client
// passes the Model's Embind handle (handleOf(model)) as a val and the binding
// calls model_of(handle). Defined in bindings.cpp, beside the Model binding.
// The client checks that the handle belongs to a live Model before the call.
#pragma once

#include <emscripten/val.h>

namespace ll {
class Model;
}

namespace ll::wasm {

Model& model_of(const emscripten::val& model_handle);

}  // namespace ll::wasm
