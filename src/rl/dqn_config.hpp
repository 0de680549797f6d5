#pragma once
// Every setting of a DQN run, with the shipped defaults (bench/dqn/solve.sh
// measures them on CartPole-v1), and its JSON form: the WASM client, the CLI
// and the model files all pass a DqnConfig as this JSON object.
//
//   {"env":"cartpole", "hidden":[120,84], "learning_rate":..., "gamma":...,
//    "replay_size":N (0 = no replay), "batch_size":..., "learning_starts":...,
//    "train_frequency":..., "gradient_steps":..., "target_period":N (0 = no target network),
//    "tau":..., "double_dqn":bool, "epsilon":{"kind":"linear"|"exponential",
//    "start":..., "end":..., "steps":...}, "max_grad_norm":x (0 = no clipping),
//    "loss":"huber"|"mse", "seed":n}
// Unknown keys are refused, so a misspelt setting cannot be silently ignored.
#include <cstdint>
#include <string>
#include <vector>

#include "rl/epsilon.hpp"

namespace ll::rl {

enum class TdLoss { huber, mse };

struct DqnConfig {
  std::string env = "cartpole";     // "cartpole" or "gridworld"
  std::vector<int> hidden = {120, 84};
  float learning_rate = 2.5e-4f;
  float gamma = 0.99f;
  int replay_size = 10000;          // 0: no replay, train on the newest batch_size transitions
  int batch_size = 128;
  int learning_starts = 10000;      // environment steps before the first update
  int train_frequency = 10;         // gradient_steps updates every this many environment steps
  int gradient_steps = 1;
  int target_period = 500;          // target update every this many steps; 0: no target network
  float tau = 1.0f;                 // 1: copy (hard sync); below 1: Polyak θ' ← τ θ + (1-τ) θ'
  bool double_dqn = false;
  EpsilonSchedule epsilon{EpsilonKind::linear, 1.0f, 0.05f, 50000};
  float max_grad_norm = 10.0f;      // global L2 norm of the gradient; 0: no clipping
  TdLoss loss = TdLoss::huber;
  std::uint64_t seed = 1;

  // Throws ll::Error(config_invalid) naming the first bad setting; too_large
  // for a network or buffer beyond the limits a browser tab can hold.
  void validate() const;
};

// Missing keys keep their defaults. Throws ll::Error(config_invalid) for bad
// JSON, an unknown key, a value of the wrong type, or a failing validate().
DqnConfig dqn_config_from_json(const std::string& json);
std::string dqn_config_to_json(const DqnConfig& config);

}  // namespace ll::rl
