#pragma once
// Every setting of a DQN run, with the shipped defaults, and its JSON form: the WASM client, the CLI
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
  // The defaults are the best of the settings tried on CartPole-v1 with
  // `latentlab dqn solve` (bench/dqn/solve.sh prints what they reach: solved
  // on 5 of seeds 1-5 within 100,000 steps): Double DQN with a Polyak-averaged
  // target, one update of a 128-transition batch every 4 steps at Adam 5e-4,
  // and ε decayed linearly to 0 over 5,000 steps. Measured against them: ε to 0
  // over 10,000 steps solved 4 of 5; ε ending at 0.01 3 of 5; the previous
  // defaults (Adam 1e-3, batch 64, ε 1 → 0.01 over 10,000 steps) 1 of 5.
  std::vector<int> hidden = {128, 128};
  float learning_rate = 5e-4f;
  float gamma = 0.99f;
  int replay_size = 50000;          // 0: no replay, train on the newest batch_size transitions
  int batch_size = 128;
  int learning_starts = 1000;       // environment steps before the first update
  int train_frequency = 4;          // gradient_steps updates every this many environment steps
  int gradient_steps = 1;
  int target_period = 1;            // target update every this many steps; 0: no target network
  float tau = 0.005f;                // 1: copy (hard sync); below 1: Polyak θ' ← τ θ + (1-τ) θ'
  bool double_dqn = true;
  EpsilonSchedule epsilon{EpsilonKind::linear, 1.0f, 0.0f, 5000};
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
