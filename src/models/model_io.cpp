#include "models/model_io.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "io/json_guard.hpp"
#include "nn/errors.hpp"

#include "io/safetensors.hpp"

namespace ll {

std::vector<std::uint8_t> save_model(const Model& model, const std::map<std::string, std::string>& extra_metadata,
                                     bool float16) {
  std::map<std::string, std::string> metadata = extra_metadata;
  metadata["format"] = kModelFormat;
  metadata["format_version"] = std::to_string(kModelFormatVersion);
  metadata["config"] = model_config_to_json(model.config());
  return save_parameters(model.parameters(), metadata, float16 ? StorageDtype::F16 : StorageDtype::F32);
}

namespace {

ModelConfig config_from_metadata(const std::map<std::string, std::string>& metadata,
                                 const std::optional<ModelConfig>& config_if_missing) {
  // Files written elsewhere (PyTorch's save_file writes {"format": "pt"}) carry
  // no config of ours: they load when the caller names the architecture.
  const auto format = metadata.find("format");
  if (format == metadata.end() || format->second != kModelFormat) {
    if (!config_if_missing)
      throw Error(ErrorCode::missing_config,
                  "weights file is not a Latent Lab model (" +
                      (format == metadata.end() ? std::string("no \"format\" metadata")
                                                : "format \"" + cut_text(format->second) + "\"") +
                      "): give the model config to load it");
    return *config_if_missing;
  }
  const auto version = metadata.find("format_version");
  if (version == metadata.end() || version->second != std::to_string(kModelFormatVersion))
    throw Error(ErrorCode::bad_weights_file,
                "weights file format_version " +
                    (version == metadata.end() ? std::string("is missing") : cut_text(version->second)) +
                    "; this build reads version " + std::to_string(kModelFormatVersion));
  const auto config = metadata.find("config");
  if (config == metadata.end()) throw Error(ErrorCode::bad_weights_file, "weights file metadata has no \"config\"");
  try {
    return parse_model_config(config->second);
  } catch (const std::exception& e) {
    const ErrorCode code = error_code_of(e) == ErrorCode::too_large ? ErrorCode::too_large : ErrorCode::bad_weights_file;
    throw Error(code, std::string("weights file carries a bad config: ") + e.what());
  }
}

// Models up to this size are built even from a file too small to fill them,
// so that the error can name the tensor that is missing or misshapen; they
// cost at most a few megabytes.
constexpr std::uint64_t kBuiltToExplain = 1'048'576;

// A file's metadata can describe a model far larger than the file (174 bytes
// once asked for 612 MB): compare what the config implies with the values the
// file holds before anything large is built.
void check_file_holds_config(const SafetensorsFile& file, const ModelConfig& config) {
  std::uint64_t held = 0;
  for (const auto& t : file.tensors) held += t.values.size();
  const std::uint64_t needed = model_footprint(config).parameters;
  if (needed > held && needed > kBuiltToExplain)
    throw Error(ErrorCode::weights_mismatch, "weights file holds " + std::to_string(held) +
                                                 " values but the model it describes has " + std::to_string(needed) +
                                                 " parameters");
}

}  // namespace

std::unique_ptr<Model> load_model(const std::uint8_t* bytes, std::size_t size,
                                  const std::optional<ModelConfig>& config_if_missing, CheckpointMapping* mapping) {
  SafetensorsFile file = read_safetensors(bytes, size);
  const ModelConfig config = config_from_metadata(file.metadata, config_if_missing);
  check_file_holds_config(file, config);
  auto model = make_model(config, 0);
  const CheckpointMapping mapped = load_mapped_parameters(model->parameters(), file);
  if (mapping) *mapping = mapped;
  return model;
}

void load_weights_into(Model& model, const std::uint8_t* bytes, std::size_t size, CheckpointMapping* mapping) {
  SafetensorsFile file = read_safetensors(bytes, size);
  if (file.metadata.count("config")) {
    const ModelConfig theirs = config_from_metadata(file.metadata, std::nullopt);
    if (model_config_to_json(theirs) != model_config_to_json(model.config()))
      throw Error(ErrorCode::weights_mismatch, "weights were saved for a different model: " +
                                                   model_config_to_json(theirs) + ", this model is " +
                                                   model_config_to_json(model.config()));
  }
  const CheckpointMapping mapped = load_mapped_parameters(model.parameters(), file);
  if (mapping) *mapping = mapped;
}

}  // namespace ll
