// The JavaScript boundary for data augmentation (src/data/augment.hpp): the
// random augmentation training uses, and one fixed transform (what the
// drawn-digit benchmark applies to test digits). Images cross as flat
// Float32Arrays of N×H×W, copied once and length-checked.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "data/augment.hpp"
#include "wasm/boundary.hpp"

namespace {

using emscripten::val;
using namespace ll;
using namespace ll::wasm;

Tensor images_of(const val& images, double image_height, double image_width, int& height, int& width) {
  height = whole_number(image_height, "image height", limits::bitmap_side);
  width = whole_number(image_width, "image width", limits::bitmap_side);
  return to_rows(images, std::size_t(height) * width, "images");
}

val augment_images(const val& images, double image_height, double image_width, float strength, double seed) {
  return guarded("augment", [&] {
    int height = 0, width = 0;
    const Tensor in = images_of(images, image_height, image_width, height, width);
    Tensor out(in.shape());
    Rng rng(seed_from(seed));
    augment(in.data(), out.data(), int(in.shape()[0]), height, width, strength, rng);
    return fresh_float32(out);
  });
}

val transform_images(const val& images, double image_height, double image_width, const val& options) {
  return guarded("transformDigits", [&] {
    int height = 0, width = 0;
    const Tensor in = images_of(images, image_height, image_width, height, width);
    DigitTransform t;
    auto field = [&](const char* key, float& target) {
      const val v = options[key];
      if (v.isUndefined()) return;
      if (v.typeOf().as<std::string>() != "number") throw std::invalid_argument(std::string("transform: \"") + key + "\" must be a number");
      target = float(v.as<double>());
    };
    field("rotation", t.rotation_degrees);
    field("scale", t.scale);
    field("shear", t.shear);
    field("shiftRows", t.shift_rows);
    field("shiftCols", t.shift_cols);
    field("stroke", t.stroke);
    Tensor out(in.shape());
    transform_digits(in.data(), out.data(), int(in.shape()[0]), height, width, t);
    return fresh_float32(out);
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(augment) {
  emscripten::function("augment", &augment_images);
  emscripten::function("transformDigits", &transform_images);
}
