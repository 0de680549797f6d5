#pragma once
// A DQN agent on disk: its Q-network as safetensors (torch.nn.Sequential
// names, so PyTorch's load_state_dict reads it) plus __metadata__
//   format          "latentlab-dqn"
//   format_version  "1"
//   config          the DqnConfig as JSON (dqn_config.hpp)
//   any extra keys the caller passes (e.g. the command that trained it)
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rl/dqn.hpp"

namespace ll::rl {

inline constexpr const char* kDqnFormat = "latentlab-dqn";

std::vector<std::uint8_t> save_dqn(DqnAgent& agent, const std::map<std::string, std::string>& extra = {});
// The config stored in a file; ll::Error(bad_weights_file) for an unreadable
// file, missing_config when it is not a Latent Lab DQN file.
DqnConfig read_dqn_config(const std::uint8_t* bytes, std::size_t size);
// Loads the weights into the online and the target network, all or nothing;
// ll::Error(weights_mismatch) when they do not fit the agent's network.
void load_dqn_weights(DqnAgent& agent, const std::uint8_t* bytes, std::size_t size);

}  // namespace ll::rl
