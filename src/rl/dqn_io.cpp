#include "rl/dqn_io.hpp"

#include "io/safetensors.hpp"
#include "nn/errors.hpp"

namespace ll::rl {

namespace {

SafetensorsFile parse(const std::uint8_t* bytes, std::size_t size) {
  try {
    return read_safetensors(bytes, size);
  } catch (const std::exception& e) {
    throw Error(ErrorCode::bad_weights_file, std::string("dqn: not a readable safetensors file: ") + e.what());
  }
}

}  // namespace

std::vector<std::uint8_t> save_dqn(DqnAgent& agent, const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> metadata = extra;
  metadata["format"] = kDqnFormat;
  metadata["format_version"] = "1";
  metadata["config"] = dqn_config_to_json(agent.config());
  return save_parameters(agent.online().parameters(), metadata);
}

DqnConfig read_dqn_config(const std::uint8_t* bytes, std::size_t size) {
  const SafetensorsFile file = parse(bytes, size);
  const auto format = file.metadata.find("format");
  const auto config = file.metadata.find("config");
  if (format == file.metadata.end() || format->second != kDqnFormat || config == file.metadata.end())
    throw Error(ErrorCode::missing_config, "dqn: the file has no Latent Lab DQN metadata (format \"latentlab-dqn\")");
  if (file.metadata.at("format_version") != "1")
    throw Error(ErrorCode::bad_weights_file, "dqn: format_version " + file.metadata.at("format_version") +
                                                 " is newer than this build reads (1)");
  return dqn_config_from_json(config->second);
}

void load_dqn_weights(DqnAgent& agent, const std::uint8_t* bytes, std::size_t size) {
  parse(bytes, size);  // a corrupt file is bad_weights_file, not a mismatch
  try {
    load_parameters(agent.online().parameters(), bytes, size);  // checks everything before writing
  } catch (const std::exception& e) {
    throw Error(ErrorCode::weights_mismatch, std::string("dqn: the weights do not fit this network: ") + e.what());
  }
  agent.sync_target_copy();
}

}  // namespace ll::rl
