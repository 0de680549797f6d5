#pragma once
// Every range a user-supplied number is checked against, once. The model and
// train configs, the trainer, the latent-space helpers, the corruption, the
// WASM bindings and the CLI read these; the module exposes the table as
// `lab.limits` (kTable below), and the page's form, URL clamping and the
// training worker read that. Changing a value here changes what every one of
// them accepts.
//
// Bounds are inclusive. The ranges are sized for a browser tab on MNIST-sized
// images: wider ones would only let a slider ask for runs that never finish.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace ll::limits {

template <typename T>
struct Range {
  T min;
  T max;
  // Compared in the value's own type, so a float learning rate of 1e-5f (a
  // hair below the double 1e-5) is inside [1e-5, 10]; NaN is never inside.
  template <typename V>
  constexpr bool contains(V value) const {
    return value >= V(min) && value <= V(max);
  }
};

// A number with the fewest digits that read back as it (1e-05, 9007199254740991, 2.5), for messages.
inline std::string number_text(double value) {
  char text[32];
  if (value > -1e16 && value < 1e16 && value == std::trunc(value)) {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
    return text;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

// "[1, 512]", as messages write a range.
template <typename T>
std::string range_text(const Range<T>& range) {
  return "[" + number_text(double(range.min)) + ", " + number_text(double(range.max)) + "]";
}

// Model config.
inline constexpr Range<int> latent{1, 512};  // per-dimension KL reports are stored inline up to max
inline constexpr Range<int> hidden_width{1, 4096};
inline constexpr Range<int> hidden_layers{0, 6};  // 0: the encoder is one linear map to the code
inline constexpr Range<int> conv_channels{1, 256};
inline constexpr Range<int> conv_layers{1, 4};  // stride 2 each: image sides must divide 2^layers
inline constexpr Range<int> image_channels{1, 4};
inline constexpr Range<int> image_side{1, 256};
inline constexpr Range<double> beta{0, 100};
inline constexpr Range<int> classes{2, 100};
inline constexpr Range<double> noise_level{0, 1};  // corruption level, also a denoising model's

// Train config.
inline constexpr Range<double> learning_rate{1e-5, 10};
inline constexpr Range<int> epochs{1, 1000};
inline constexpr Range<int> batch_size{1, 4096};
inline constexpr Range<double> kl_warmup_epochs{0, 1000};
// Strength of the seeded augmentation of each batch (src/data/augment.hpp).
inline constexpr Range<double> augment{0, 1};
// Seeds are integers a JS number holds exactly: [0, 2^53 - 1].
inline constexpr Range<double> seed{0, 9007199254740991.0};

// Latent-space helpers and bitmaps.
inline constexpr Range<int> sample_count{1, 100000};
inline constexpr Range<double> temperature{0, 10};
inline constexpr Range<int> interpolation_steps{2, 10000};
inline constexpr Range<int> bitmap_side{1, 4096};  // a drawn ink bitmap or images to corrupt

// Sizes (docs/API.md, "Limits"): what a browser tab can hold. Every size
// computed from user input is checked against these, in 64 bits, before
// anything is allocated (in WASM size_t is 32 bits and products wrap).
inline constexpr Range<std::uint64_t> model_parameters{1, 16'777'216};  // 64 MB of weights, ~256 MB training with Adam
inline constexpr Range<std::uint64_t> batch_values{1, 67'108'864};  // rows × a model's activations per image, one call
inline constexpr Range<std::uint64_t> array_values{0, 67'108'864};  // one Float32Array or labels array passed in
inline constexpr Range<std::uint64_t> output_values{1, 16'777'216};  // interpolation: steps × latent values
inline constexpr Range<std::uint64_t> file_bytes{0, 134'217'728};  // a weights file, an IDX file (after gunzip)
inline constexpr Range<std::uint64_t> weights_header_bytes{0, 1'048'576};  // a safetensors JSON header
inline constexpr Range<int> json_depth{0, 32};  // nesting of any JSON we parse (ours needs 3)

// Arguments of the page's helpers that no form or URL asks for (the latent
// coverage, PCA, k-NN, the Inside view, the DQN run): checked in the bindings,
// not part of lab.limits.
inline constexpr Range<int> row_width{1, 1'048'576};  // values per row of codes or images given to the distance helpers
inline constexpr Range<std::uint64_t> distance_rows{1, 16'777'216};  // rows of one such array
inline constexpr Range<int> pca_width{1, 4096};  // values per row a PCA is fitted on
// The covariance is D×D doubles and the centred copy N×D doubles (the bundled train split is 7996×784).
inline constexpr Range<std::uint64_t> pca_values{1, 33'554'432};  // N·D: 256 MB of doubles
inline constexpr Range<std::uint64_t> knn_pairs{1, 200'000'000};  // k-NN compares every query row with every reference row
inline constexpr Range<int> distance_grid_side{1, 1024};  // cells per side of the "holes" overlay
inline constexpr Range<int> reference_classes{1, 1000};  // classes of a labelled reference set
inline constexpr Range<int> knn_neighbours{1, 100'000};
inline constexpr Range<int> rl_steps_per_call{1, 1'000'000};
inline constexpr Range<int> rl_evaluation_episodes{1, 10'000};

// The table `lab.limits` is built from: its JS key, the range, and whether
// only integers are accepted.
struct Entry {
  const char* key;
  double min;
  double max;
  bool integer;
};

template <typename T>
constexpr Entry entry(const char* key, const Range<T>& range, bool integer) {
  return {key, double(range.min), double(range.max), integer};
}

inline constexpr Entry kTable[] = {
    entry("latent", latent, true),
    entry("hiddenWidth", hidden_width, true),
    entry("hiddenLayers", hidden_layers, true),
    entry("convChannels", conv_channels, true),
    entry("convLayers", conv_layers, true),
    entry("imageChannels", image_channels, true),
    entry("imageSide", image_side, true),
    entry("beta", beta, false),
    entry("classes", classes, true),
    entry("noiseLevel", noise_level, false),
    entry("learningRate", learning_rate, false),
    entry("epochs", epochs, true),
    entry("batchSize", batch_size, true),
    entry("klWarmupEpochs", kl_warmup_epochs, false),
    entry("augment", augment, false),
    entry("seed", seed, true),
    entry("sampleCount", sample_count, true),
    entry("temperature", temperature, false),
    entry("interpolationSteps", interpolation_steps, true),
    entry("bitmapSide", bitmap_side, true),
    entry("modelParameters", model_parameters, true),
    entry("batchValues", batch_values, true),
    entry("arrayValues", array_values, true),
    entry("outputValues", output_values, true),
    entry("fileBytes", file_bytes, true),
    entry("weightsHeaderBytes", weights_header_bytes, true),
    entry("jsonDepth", json_depth, true),
};

}  // namespace ll::limits
