#pragma once
// What a model is, as data: parsed from and written to JSON so that a model
// card, a safetensors file's metadata, the CLI and the page all describe a
// model the same way. Example:
//   {"type":"vae","arch":"dense","hidden":[400],"latent":20}
//   {"type":"ae","arch":"conv","channels":[16,32],"latent":16,
//    "reconstruction":"bce","denoise":{"kind":"gaussian","level":0.5}}
#include <cstdint>
#include <string>
#include <vector>

#include "data/corruption.hpp"
#include "models/limits.hpp"
#include "nn/errors.hpp"

namespace ll {

// The largest latent size a config may ask for; per-dimension reports are
// stored inline up to this size (see LossBreakdown).
constexpr int kMaxLatent = limits::latent.max;

enum class ModelType { Autoencoder, Vae, ConditionalVae };
enum class Architecture { Dense, Conv };
enum class Activation { Relu, LeakyRelu, Tanh };
enum class ReconstructionLoss { Bce, Mse };

struct ModelConfig {
  ModelType type = ModelType::Autoencoder;
  Architecture arch = Architecture::Dense;
  int image_channels = 1;
  int image_height = 28;
  int image_width = 28;
  std::vector<int> hidden{512, 128};  // dense: encoder widths; the decoder mirrors them
  std::vector<int> channels{16, 32};  // conv: one 3×3 stride-2 conv per entry
  int latent = 2;
  Activation activation = Activation::Relu;
  ReconstructionLoss reconstruction = ReconstructionLoss::Bce;
  float beta = 1.0f;   // VAE: weight of the KL term
  int classes = 10;    // conditional VAE: one-hot label size
  Corruption denoise;  // training-time corruption of the input (denoising AE)

  int image_size() const { return image_channels * image_height * image_width; }
  bool is_variational() const { return type != ModelType::Autoencoder; }
  bool is_conditional() const { return type == ModelType::ConditionalVae; }
};

// What a config costs, computed from the config alone (no allocation), so a
// hostile config or file is refused before the model is built:
//   parameters             the number of floats in Parameters (the same count
//                          make_model's networks register; tests compare them)
//   activations_per_image  an upper estimate of the floats one image occupies
//                          in a forward and backward pass: every layer's output
//                          and its gradient, plus the largest im2col scratch
struct ModelFootprint {
  std::uint64_t parameters = 0;
  std::uint64_t activations_per_image = 0;
};
ModelFootprint model_footprint(const ModelConfig& config);

// Throw ll::Error (config_invalid) naming the key and the accepted values/range.
ModelConfig parse_model_config(const std::string& json_text);
std::string model_config_to_json(const ModelConfig& config);
void validate_model_config(const ModelConfig& config);

// The trainer's settings as the page sends them, a flat JSON object:
//   {"epochs": 10, "batchSize": 128, "learningRate": 0.001, "seed": 1,
//    "klWarmupEpochs": 0, "optimizer": "adam"}   (every key optional)
// Throws std::invalid_argument naming the key; validates with validate_train_config.
struct TrainConfig;
TrainConfig parse_train_config(const std::string& json_text);

// The double with the fewest digits that reads back as the same float, so
// JSON (a config, a model card) says 0.4 rather than 0.4000000059604645.
double shortest_decimal(float value);

std::string model_type_name(ModelType type);
std::string architecture_name(Architecture arch);

}  // namespace ll
