#pragma once
// The environment contract the DQN agent trains on (Gymnasium's, reduced to
// what DQN needs): a flat float observation and a discrete action.
//
//   reset(rng, observation)      starts an episode; observation (observation_size()) is OVERWRITTEN
//   step(action, observation)    advances one step, OVERWRITES observation with the next one
//
// terminated: the episode reached a terminal state (its value is 0 by
// definition, so the Bellman target stops there); truncated: a time limit cut
// it (the next state still has a value). Stepping after either throws.
#include <string>

#include "nn/rng.hpp"

namespace ll::rl {

struct StepResult {
  float reward = 0.0f;
  bool terminated = false;
  bool truncated = false;
  bool done() const { return terminated || truncated; }
};

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::string kind() const = 0;
  virtual int observation_size() const = 0;
  virtual int action_count() const = 0;
  virtual void reset(Rng& rng, float* observation) = 0;
  virtual StepResult step(int action, float* observation) = 0;
};

}  // namespace ll::rl
