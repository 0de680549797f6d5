#include "rl/dqn.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nn/errors.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/relu.hpp"
#include "nn/losses/huber.hpp"
#include "nn/losses/mse.hpp"
#include "rl/cartpole.hpp"
#include "rl/gridworld.hpp"

namespace ll::rl {

namespace {

// Rng streams of one seed: independent sequences, so that changing how often
// one part draws (e.g. a larger batch) leaves the others' numbers unchanged.
enum Stream : std::uint64_t { kInit = 1, kExplore = 2, kReplay = 3, kEnv = 4 };

int argmax(const float* values, int count) {
  return int(std::max_element(values, values + count) - values);  // ties: the lowest index
}

}  // namespace

QNetwork::QNetwork(int observation_size, const std::vector<int>& hidden, int action_count, Rng& rng)
    : actions_(action_count) {
  int in = observation_size;
  int index = 0;
  for (int width : hidden) {
    net_.add(std::make_unique<Dense>(params_, std::to_string(index), in, width, rng));
    net_.add(std::make_unique<ReLU>());
    in = width;
    index += 2;
  }
  net_.add(std::make_unique<Dense>(params_, std::to_string(index), in, action_count, rng));
}

namespace {

const DqnConfig& validated(const DqnConfig& config) {
  config.validate();
  return config;
}

AdamConfig adam_config(const DqnConfig& config) {
  AdamConfig adam;
  adam.learning_rate = config.learning_rate;
  return adam;
}

}  // namespace

DqnAgent::DqnAgent(int observation_size, int action_count, const DqnConfig& config)
    : config_(validated(config)),
      init_rng_(config.seed, kInit),
      explore_rng_(config.seed, kExplore),
      online_(observation_size, config.hidden, action_count, init_rng_),
      adam_(online_.parameters().size(), adam_config(config)),
      observation_size_(observation_size) {
  if (config_.target_period > 0) {
    target_ = std::make_unique<QNetwork>(observation_size, config.hidden, action_count, init_rng_);
    target_->parameters().values() = online_.parameters().values();
  }
  one_observation_ = Tensor::from_shape({1, std::size_t(observation_size)});
}

void DqnAgent::q_values(const float* observation, float* q) {
  std::copy_n(observation, observation_size_, one_observation_.data());
  online_.forward(one_observation_, one_q_);
  std::copy_n(one_q_.data(), online_.action_count(), q);
}

int DqnAgent::greedy_action(const float* observation) {
  std::copy_n(observation, observation_size_, one_observation_.data());
  online_.forward(one_observation_, one_q_);
  return argmax(one_q_.data(), online_.action_count());
}

int DqnAgent::act(const float* observation, float epsilon) {
  if (explore_rng_.uniform() < epsilon) return int(explore_rng_.below(std::uint32_t(online_.action_count())));
  return greedy_action(observation);
}

void DqnAgent::bellman_targets(const TransitionBatch& batch) {
  const int rows = int(batch.actions.size());
  const int actions = online_.action_count();
  QNetwork& evaluator = target_ ? *target_ : online_;
  evaluator.forward(batch.next_observations, q_next_target_);
  if (config_.double_dqn) online_.forward(batch.next_observations, q_next_online_);
  for (int b = 0; b < rows; ++b) {
    const float* next = q_next_target_.data() + std::size_t(b) * std::size_t(actions);
    // Double DQN: the online network chooses a', the target network values it.
    const int chosen = config_.double_dqn
                           ? argmax(q_next_online_.data() + std::size_t(b) * std::size_t(actions), actions)
                           : argmax(next, actions);
    const float bootstrap = (1.0f - batch.terminated[std::size_t(b)]) * next[chosen];
    targets_[std::size_t(b)] = batch.rewards[std::size_t(b)] + config_.gamma * bootstrap;
  }
}

UpdateReport DqnAgent::update(const TransitionBatch& batch) {
  const int rows = int(batch.actions.size());
  const int actions = online_.action_count();
  chosen_.resize(std::size_t(rows));
  targets_.resize(std::size_t(rows));
  dchosen_.resize(std::size_t(rows));
  // Targets first: the online forward of s' (Double DQN) must not overwrite
  // the activations that the backward of Q(s) needs.
  bellman_targets(batch);
  online_.forward(batch.observations, q_);
  double q_sum = 0.0;
  for (int b = 0; b < rows; ++b) {
    chosen_[std::size_t(b)] = q_.data()[std::size_t(b) * std::size_t(actions) + std::size_t(batch.actions[std::size_t(b)])];
    q_sum += chosen_[std::size_t(b)];
  }
  UpdateReport report;
  report.mean_q = float(q_sum / rows);
  report.loss = config_.loss == TdLoss::huber
                    ? huber(chosen_.data(), targets_.data(), std::size_t(rows), Reduction::Mean, dchosen_.data())
                    : mse(chosen_.data(), targets_.data(), std::size_t(rows), Reduction::Mean, dchosen_.data());
  // dL/dQ is zero except at the action taken.
  ensure_shape(dq_, shape_of(q_));
  std::fill(dq_.begin(), dq_.end(), 0.0f);
  for (int b = 0; b < rows; ++b)
    dq_.data()[std::size_t(b) * std::size_t(actions) + std::size_t(batch.actions[std::size_t(b)])] =
        dchosen_[std::size_t(b)];
  Parameters& params = online_.parameters();
  params.zero_grad();
  online_.net().backward_parameters(batch.observations, q_, dq_);

  // A non-finite norm is not clipped (the factor would be 0 or NaN): it throws below.
  const double norm = clip_gradient_norm(params.grads(), config_.max_grad_norm);
  report.gradient_norm = float(norm);
  if (!std::isfinite(report.loss) || !std::isfinite(norm))
    throw Error(ErrorCode::diverged, "dqn: the TD loss or its gradient is not finite (loss " +
                                         std::to_string(report.loss) + "); the network was left as it was");
  adam_.step(params);
  return report;
}

double clip_gradient_norm(std::vector<float>& grads, float max_norm) {
  double squares = 0.0;
  for (float g : grads) squares += double(g) * g;
  const double norm = std::sqrt(squares);
  if (max_norm > 0.0f && std::isfinite(norm) && norm > max_norm) {
    const float scale = float(max_norm / (norm + 1e-6));
    for (float& g : grads) g *= scale;
  }
  return norm;
}

void DqnAgent::update_target() {
  if (!target_) return;
  const std::vector<float>& online = online_.parameters().values();
  std::vector<float>& target = target_->parameters().values();
  if (config_.tau >= 1.0f) {
    std::copy(online.begin(), online.end(), target.begin());
    return;
  }
  const float tau = config_.tau;
  for (std::size_t i = 0; i < target.size(); ++i) target[i] = tau * online[i] + (1.0f - tau) * target[i];
}

void DqnAgent::sync_target_copy() {
  if (target_) target_->parameters().values() = online_.parameters().values();
}

std::unique_ptr<Environment> make_environment(const std::string& kind) {
  if (kind == "cartpole") return std::make_unique<CartPole>();
  if (kind == "gridworld") return std::make_unique<Gridworld>();
  throw Error(ErrorCode::config_invalid, "dqn: unknown environment \"" + kind + "\" (cartpole, gridworld)");
}

DqnRun::DqnRun(const DqnConfig& config) : DqnRun(make_environment(validated(config).env), config) {}

DqnRun::DqnRun(std::unique_ptr<Environment> env, const DqnConfig& config)
    : config_(validated(config)),
      env_(std::move(env)),
      agent_(env_->observation_size(), env_->action_count(), config_),
      buffer_(config_.replay_size > 0 ? config_.replay_size : config_.batch_size, env_->observation_size()),
      replay_rng_(config_.seed, kReplay),
      env_rng_(config_.seed, kEnv),
      observation_(std::size_t(env_->observation_size())),
      next_observation_(observation_.size()) {
  batch_.reserve(config_.batch_size, env_->observation_size());
  env_->reset(env_rng_, observation_.data());
}

EnvStep DqnRun::step() {
  EnvStep out;
  out.epsilon = config_.epsilon.at(long(steps_));
  out.action = agent_.act(observation_.data(), out.epsilon);
  const StepResult result = env_->step(out.action, next_observation_.data());
  ++steps_;
  out.reward = result.reward;
  // Only termination cuts the bootstrap: a truncated episode's next state still has a value.
  buffer_.add(observation_.data(), out.action, result.reward, next_observation_.data(), result.terminated);
  episode_return_ += result.reward;
  ++episode_length_;
  if (result.done()) {
    out.episode_ended = true;
    out.episode_return = episode_return_;
    out.episode_length = episode_length_;
    recent_returns_[std::size_t(episodes_ % kWindow)] = episode_return_;
    ++episodes_;
    episode_return_ = 0.0f;
    episode_length_ = 0;
    env_->reset(env_rng_, observation_.data());
  } else {
    observation_.swap(next_observation_);
  }

  // The target first, so that updates due at the same step bootstrap from it.
  const bool learning = steps_ > config_.learning_starts;
  if (config_.target_period > 0 && learning && steps_ % config_.target_period == 0) agent_.update_target();
  const bool no_replay = config_.replay_size == 0;
  const bool enough = no_replay ? buffer_.size() >= config_.batch_size : buffer_.size() > 0;
  if (learning && enough && steps_ % config_.train_frequency == 0) {
    // The report is the mean over this step's updates.
    UpdateReport sum;
    for (int k = 0; k < config_.gradient_steps; ++k) {
      if (no_replay) buffer_.recent(batch_);
      else buffer_.sample(replay_rng_, batch_);
      const UpdateReport r = agent_.update(batch_);
      sum.loss += r.loss, sum.gradient_norm += r.gradient_norm, sum.mean_q += r.mean_q;
      ++updates_;
    }
    const float n = float(config_.gradient_steps);
    out.update = {sum.loss / n, sum.gradient_norm / n, sum.mean_q / n};
    out.updated = true;
  }
  return out;
}

double evaluate_greedy(DqnAgent& agent, const std::string& env_kind, int episodes, std::uint64_t seed) {
  if (episodes < 1) throw Error(ErrorCode::invalid_argument, "dqn: evaluate at least one episode");
  auto env = make_environment(env_kind);
  Rng rng(seed, kEnv);
  std::vector<float> observation(std::size_t(env->observation_size()));
  double total = 0.0;
  for (int e = 0; e < episodes; ++e) {
    env->reset(rng, observation.data());
    StepResult r;
    do {
      r = env->step(agent.greedy_action(observation.data()), observation.data());
      total += r.reward;
    } while (!r.done());
  }
  return total / episodes;
}

double DqnRun::mean_return() const {
  const long long n = std::min<long long>(episodes_, kWindow);
  if (n == 0) return 0.0;
  double sum = 0.0;
  for (long long i = 0; i < n; ++i) sum += recent_returns_[std::size_t(i)];
  return sum / double(n);
}

}  // namespace ll::rl
