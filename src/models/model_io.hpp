#pragma once
// Models on disk: safetensors with PyTorch parameter names, plus __metadata__
//   format          "latentlab-model"
//   format_version  "1"      (a newer version is refused with its number)
//   config          the ModelConfig as JSON
//   any extra keys the caller passes (e.g. training data, epochs, seed)
// A file without our metadata (e.g. written by PyTorch) loads when the caller
// supplies the config and its tensors fit it under one of the namings of
// models/checkpoint_names.hpp (Latent Lab's, pytorch/examples', nn.Sequential
// numbering, a "module." prefix); `mapping`, when given, receives which.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/checkpoint_names.hpp"
#include "models/model.hpp"

namespace ll {

inline constexpr const char* kModelFormat = "latentlab-model";
inline constexpr int kModelFormatVersion = 1;

std::vector<std::uint8_t> save_model(const Model& model, const std::map<std::string, std::string>& extra_metadata = {},
                                     bool float16 = false);

// Throws std::runtime_error naming the problem; nothing is half-loaded.
std::unique_ptr<Model> load_model(const std::uint8_t* bytes, std::size_t size,
                                  const std::optional<ModelConfig>& config_if_missing = std::nullopt,
                                  CheckpointMapping* mapping = nullptr);

// Replaces a model's weights in place (same architecture), all or nothing.
void load_weights_into(Model& model, const std::uint8_t* bytes, std::size_t size,
                       CheckpointMapping* mapping = nullptr);

}  // namespace ll
