#pragma once
// Deep Q-Network (Mnih et al. 2015), as CleanRL's dqn.py structures it:
//   every environment step      a = ε-greedy(Q(s)), store (s, a, r, s', terminated)
//   every target_period steps   θ' ← τ θ + (1-τ) θ'   (τ = 1: a copy)
//   every train_frequency steps gradient_steps updates, each on a replay batch of B:
//     y  = r + γ (1 - terminated) max_a' Q_target(s', a')
//          (Double DQN: Q_target(s', argmax_a' Q(s', a')))
//     L  = mean_b huber(Q(s_b, a_b) - y_b)           (or ½-less MSE, as CleanRL)
//     g  = ∇L clipped to global L2 norm max_grad_norm, then Adam
// (gradient_steps > 1 with a long train_frequency is Stable-Baselines3's
// "collect, then fit" rhythm; 1 is CleanRL's interleaved one.)
// Without a target network (target_period 0), y uses the online network.
// Q-network: Dense(D, h1)-ReLU-...-Dense(hk, A), parameters named as
// torch.nn.Sequential names them ("0.weight", "2.weight", ...).
//
// Deterministic given config.seed: the initialisation, exploration, replay
// sampling and environment resets draw from four Rng streams of that seed.
// After the first update no step touches the heap (tests/cpp/test_rl_allocations.cpp).
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "nn/layers/sequential.hpp"
#include "nn/optim/adam.hpp"
#include "nn/parameters.hpp"
#include "rl/dqn_config.hpp"
#include "rl/environment.hpp"
#include "rl/replay_buffer.hpp"

namespace ll::rl {

class QNetwork {
 public:
  QNetwork(int observation_size, const std::vector<int>& hidden, int action_count, Rng& rng);
  // x (N × D) -> q (N × A)
  void forward(const Tensor& x, Tensor& q) { net_.forward(x, q); }
  Parameters& parameters() { return params_; }
  const Parameters& parameters() const { return params_; }
  Sequential& net() { return net_; }
  int action_count() const { return actions_; }

 private:
  Parameters params_;
  Sequential net_;
  int actions_;
};

struct UpdateReport {
  float loss = 0.0f;           // the TD loss before the step
  float gradient_norm = 0.0f;  // before clipping
  float mean_q = 0.0f;         // mean of Q(s, a) over the batch
};

// Scales grads so their global L2 norm is at most max_norm (torch.nn.utils.
// clip_grad_norm_'s rule: factor max_norm / (norm + 1e-6) when norm > max_norm;
// max_norm 0 leaves them). Returns the norm before clipping, in double.
double clip_gradient_norm(std::vector<float>& grads, float max_norm);

class DqnAgent {
 public:
  // config is validated (ll::Error on a bad setting).
  DqnAgent(int observation_size, int action_count, const DqnConfig& config);

  // Q(s, ·) of one observation into q (action_count floats).
  void q_values(const float* observation, float* q);
  int greedy_action(const float* observation);
  // With probability epsilon a uniform action, else the greedy one.
  int act(const float* observation, float epsilon);
  // One gradient step on the batch. A non-finite loss or gradient throws
  // ll::Error(diverged) before anything is changed, so the network stays the
  // last good one.
  UpdateReport update(const TransitionBatch& batch);
  // θ' ← τ θ + (1-τ) θ' (no-op without a target network).
  void update_target();
  // Target ← online exactly, whatever τ (after loading weights).
  void sync_target_copy();

  QNetwork& online() { return online_; }
  const DqnConfig& config() const { return config_; }
  Rng& exploration_rng() { return explore_rng_; }
  // Null without a target network.
  QNetwork* target() { return target_.get(); }

 private:
  void bellman_targets(const TransitionBatch& batch);

  DqnConfig config_;
  Rng init_rng_;
  Rng explore_rng_;
  QNetwork online_;
  std::unique_ptr<QNetwork> target_;  // null without a target network
  Adam adam_;
  int observation_size_;
  // Workspace, sized by the first update and reused.
  Tensor one_observation_, one_q_;
  Tensor q_, q_next_target_, q_next_online_, dq_;
  std::vector<float> chosen_, targets_, dchosen_;
};

// One training run: an environment, an agent, a replay buffer and counters.
struct EnvStep {
  int action = 0;
  float reward = 0.0f;
  bool episode_ended = false;
  float episode_return = 0.0f;  // of the episode that ended, when episode_ended
  int episode_length = 0;
  bool updated = false;
  UpdateReport update;          // when updated
  float epsilon = 0.0f;         // used for this step's action
};

class DqnRun {
 public:
  static constexpr int kWindow = 100;  // episodes in the mean that defines "solved"

  explicit DqnRun(const DqnConfig& config);
  DqnRun(std::unique_ptr<Environment> env, const DqnConfig& config);

  EnvStep step();

  Environment& environment() { return *env_; }
  DqnAgent& agent() { return agent_; }
  const float* observation() const { return observation_.data(); }
  long long steps() const { return steps_; }
  long long updates() const { return updates_; }
  long long episodes() const { return episodes_; }
  // Mean return of the last min(100, episodes) episodes; 0 before the first.
  double mean_return() const;
  // CartPole-v1's criterion: 100 finished episodes with a mean return >= 475.
  bool solved(double threshold = 475.0) const { return episodes_ >= kWindow && mean_return() >= threshold; }

 private:
  DqnConfig config_;
  std::unique_ptr<Environment> env_;
  DqnAgent agent_;
  ReplayBuffer buffer_;
  TransitionBatch batch_;
  Rng replay_rng_;
  Rng env_rng_;
  std::vector<float> observation_, next_observation_;
  long long steps_ = 0;
  long long updates_ = 0;
  long long episodes_ = 0;
  float episode_return_ = 0.0f;
  int episode_length_ = 0;
  std::array<float, kWindow> recent_returns_{};
};

// Mean return of `episodes` greedy episodes (ε = 0, no learning) of a fresh
// environment of the run's kind, reset from its own Rng(seed).
double evaluate_greedy(DqnAgent& agent, const std::string& env_kind, int episodes, std::uint64_t seed);

// "cartpole" or "gridworld" (the default layout).
std::unique_ptr<Environment> make_environment(const std::string& kind);

}  // namespace ll::rl
