// Inside a model (models/inspection.hpp): its layers as it built them, every
// layer's output for given images, and a conv layer's filters. Each call takes
// the Model's handle (web/client/inside.js passes it) and returns plain objects
// with fresh Float32Arrays, copied once.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "models/inspection.hpp"
#include "wasm/boundary.hpp"
#include "wasm/model_handle.hpp"

namespace {

using emscripten::val;
using namespace ll;
using namespace ll::wasm;

val shape_to_js(const Shape& shape) {
  val out = val::array();
  for (std::size_t d : shape) out.call<void>("push", double(d));
  return out;
}

val layer_to_js(const LayerDescription& layer) {
  val out = val::object();
  out.set("name", layer.name);
  out.set("kind", layer.kind);
  out.set("part", layer.part);
  out.set("shape", shape_to_js(layer.shape));
  out.set("kernel", layer.kernel);
  out.set("stride", layer.stride);
  out.set("padding", layer.padding);
  out.set("parameters", double(layer.parameters));
  out.set("code", layer.code);
  return out;
}

val inspect_layers(const val& handle) {
  return guarded("architecture", [&] {
    val out = val::array();
    for (const auto& layer : describe_layers(model_of(handle))) out.call<void>("push", layer_to_js(layer));
    return out;
  });
}

val inspect_activations(const val& handle, const val& images, const val& labels) {
  return guarded("activations", [&] {
    Model& model = model_of(handle);
    const Tensor rows = to_rows(images, model.image_size(), "images");
    const auto layers = describe_layers(model);
    const auto values = layer_activations(model, rows, to_labels(labels));
    val out = val::array();
    for (std::size_t i = 0; i < layers.size(); ++i) {
      val entry = layer_to_js(layers[i]);
      entry.set("shape", shape_to_js(shape_of(values[i])));  // with N in front
      entry.set("values", fresh_float32(values[i]));
      out.call<void>("push", entry);
    }
    return out;
  });
}

val inspect_filters(const val& handle, const std::string& name, double channel) {
  return guarded("filters", [&] {
    const ConvFilters filters = conv_filters(model_of(handle), name, whole_number(channel, "channel", {0, limits::conv_channels.max - 1}));
    val out = val::object();
    out.set("shape", shape_to_js(shape_of(filters.weights)));
    out.set("weights", fresh_float32(filters.weights));
    out.set("bias", filters.bias);
    return out;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(inside) {
  emscripten::function("inspectLayers", &inspect_layers);
  emscripten::function("inspectActivations", &inspect_activations);
  emscripten::function("inspectFilters", &inspect_filters);
}
