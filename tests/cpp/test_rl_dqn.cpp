// DQN's parts: the replay ring buffer, ε schedules, the config's JSON and its
// errors, the Bellman target with and without Double DQN, gradient clipping,
// target sync, determinism, and a CartPole training run.
//
// The training run is tagged [slow]; its size follows LATENTLAB_DQN_TEST_STEPS
// (default 60000 steps); the sanitizer suites set it lower (scripts/test.sh).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "rl/cartpole.hpp"
#include "rl/dqn.hpp"
#include "rl/gridworld.hpp"

using namespace ll;
using namespace ll::rl;

namespace {

template <typename Body>
ErrorCode code_of(Body&& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no ll::Error thrown");
  return ErrorCode::internal;
}

void add_numbered(ReplayBuffer& buffer, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    const float obs[2] = {float(i), float(-i)};
    const float next[2] = {float(i + 1), float(-i - 1)};
    buffer.add(obs, i % 3, float(i) * 0.5f, next, i % 2 == 0);
  }
}

}  // namespace

TEST_CASE("Replay buffer keeps the newest transitions and samples them uniformly", "[rl][replay]") {
  ReplayBuffer buffer(5, 2);
  add_numbered(buffer, 0, 3);
  CHECK(buffer.size() == 3);
  add_numbered(buffer, 3, 4);  // 7 added: 2..6 remain
  CHECK(buffer.size() == 5);
  CHECK(buffer.added() == 7);
  TransitionBatch batch;
  batch.reserve(3, 2);
  buffer.recent(batch);
  for (int row = 0; row < 3; ++row) {
    const int i = 4 + row;
    CHECK(batch.observations(row, 0) == float(i));
    CHECK(batch.observations(row, 1) == float(-i));
    CHECK(batch.next_observations(row, 0) == float(i + 1));
    CHECK(batch.actions[std::size_t(row)] == i % 3);
    CHECK(batch.rewards[std::size_t(row)] == float(i) * 0.5f);
    CHECK(batch.terminated[std::size_t(row)] == (i % 2 == 0 ? 1.0f : 0.0f));
  }
  // Uniform over the 5 stored ones: 5000 draws, each about 1000 times.
  batch.reserve(1000, 2);
  Rng rng(9);
  std::vector<int> counts(7, 0);
  for (int k = 0; k < 5; ++k) {
    buffer.sample(rng, batch);
    for (int row = 0; row < 1000; ++row) {
      const int i = int(batch.observations(row, 0));
      REQUIRE((i >= 2 && i <= 6));
      REQUIRE(batch.next_observations(row, 0) == float(i + 1));  // rows stay whole
      REQUIRE(batch.actions[std::size_t(row)] == i % 3);
      ++counts[std::size_t(i)];
    }
  }
  for (int i = 2; i <= 6; ++i) {
    INFO("transition " << i << " drawn " << counts[std::size_t(i)] << " times");
    CHECK(std::abs(counts[std::size_t(i)] - 1000) < 120);  // ~4 standard deviations
  }
  ReplayBuffer empty(4, 2);
  CHECK(code_of([&] { empty.sample(rng, batch); }) == ErrorCode::invalid_argument);
  CHECK(code_of([&] { ReplayBuffer b(0, 2); }) == ErrorCode::invalid_argument);
  CHECK(code_of([&] { ReplayBuffer b(1000000, 1000); }) == ErrorCode::too_large);
}

TEST_CASE("Epsilon schedules: linear reaches end and stays, exponential shrinks 100x per period", "[rl][epsilon]") {
  EpsilonSchedule linear{EpsilonKind::linear, 1.0f, 0.05f, 1000};
  CHECK(linear.at(0) == 1.0f);
  CHECK(linear.at(500) == Approx(0.525));
  CHECK(linear.at(1000) == Approx(0.05));
  CHECK(linear.at(100000) == Approx(0.05));
  EpsilonSchedule exponential{EpsilonKind::exponential, 1.0f, 0.05f, 1000};
  CHECK(exponential.at(0) == 1.0f);
  CHECK(exponential.at(1000) - 0.05f == Approx(0.0095));
  CHECK(exponential.at(2000) - 0.05f == Approx(0.000095).epsilon(1e-3));
  float previous = 2.0f;
  for (long t = 0; t <= 3000; t += 100) {  // beyond, ε is end to float precision
    CHECK(exponential.at(t) < previous);
    previous = exponential.at(t);
  }
  EpsilonSchedule bad = linear;
  bad.end = 1.5f;
  CHECK(code_of([&] { bad.validate(); }) == ErrorCode::config_invalid);
  bad = linear;
  bad.steps = 0;
  CHECK(code_of([&] { bad.validate(); }) == ErrorCode::config_invalid);
}

TEST_CASE("DQN config round-trips through JSON and names bad settings", "[rl][config]") {
  DqnConfig c;
  c.hidden = {32, 16};
  c.double_dqn = true;
  c.epsilon.kind = EpsilonKind::exponential;
  c.seed = 123;
  const DqnConfig back = dqn_config_from_json(dqn_config_to_json(c));
  CHECK(dqn_config_to_json(back) == dqn_config_to_json(c));
  CHECK(back.hidden == std::vector<int>{32, 16});
  CHECK(back.double_dqn);
  for (const char* json : {"[]", "{\"gamma\":1.5}", "{\"learning_rate\":\"fast\"}", "{\"lerning_rate\":0.1}",
                           "{\"hidden\":[]}", "{\"env\":\"pong\"}", "{\"replay_size\":50,\"batch_size\":64}",
                           "{\"epsilon\":{\"kind\":\"cosine\"}}", "{\"loss\":\"l1\"}", "{\"tau\":0}", "{"}) {
    INFO(json);
    CHECK(code_of([&] { dqn_config_from_json(json); }) == ErrorCode::config_invalid);
  }
  CHECK(code_of([&] { dqn_config_from_json("{\"hidden\":[4096]}"); }) == ErrorCode::too_large);
  CHECK(code_of([&] { dqn_config_from_json("{\"replay_size\":5000000}"); }) == ErrorCode::too_large);
}

namespace {

DqnConfig small_config() {
  DqnConfig c;
  c.hidden = {16};
  c.batch_size = 8;
  c.replay_size = 64;
  c.learning_starts = 0;
  c.train_frequency = 1;
  c.target_period = 5;
  c.tau = 1.0f;
  c.double_dqn = false;
  c.learning_rate = 1e-3f;
  c.seed = 42;
  return c;
}

// A batch of B transitions of a 2-dimensional environment with 3 actions.
TransitionBatch handmade_batch(Rng& rng, int rows) {
  TransitionBatch batch;
  batch.reserve(rows, 2);
  for (auto& v : batch.observations) v = rng.uniform(-1.0f, 1.0f);
  for (auto& v : batch.next_observations) v = rng.uniform(-1.0f, 1.0f);
  for (int b = 0; b < rows; ++b) {
    batch.actions[std::size_t(b)] = int(rng.below(3));
    batch.rewards[std::size_t(b)] = rng.uniform(-1.0f, 1.0f);
    batch.terminated[std::size_t(b)] = b % 3 == 0 ? 1.0f : 0.0f;
  }
  return batch;
}

// The loss update() reports, recomputed from the networks' own Q-values by
// the definition in dqn.hpp.
double reference_loss(DqnAgent& agent, QNetwork& target, const TransitionBatch& batch, bool double_dqn, float gamma) {
  double sum = 0.0;
  const int rows = int(batch.actions.size());
  for (int b = 0; b < rows; ++b) {
    float s[2] = {batch.observations(b, 0), batch.observations(b, 1)};
    float s2[2] = {batch.next_observations(b, 0), batch.next_observations(b, 1)};
    float q[3], q_next_target[3], q_next_online[3];
    agent.q_values(s, q);
    agent.q_values(s2, q_next_online);
    Tensor x = Tensor::from_shape({1, 2}), y;
    std::copy(s2, s2 + 2, x.data());
    target.forward(x, y);
    std::copy(y.data(), y.data() + 3, q_next_target);
    const int a_star = double_dqn ? int(std::max_element(q_next_online, q_next_online + 3) - q_next_online)
                                  : int(std::max_element(q_next_target, q_next_target + 3) - q_next_target);
    const double target_value = batch.rewards[std::size_t(b)] +
                                gamma * (1.0 - batch.terminated[std::size_t(b)]) * q_next_target[a_star];
    const double d = q[batch.actions[std::size_t(b)]] - target_value;
    sum += std::abs(d) < 1.0 ? 0.5 * d * d : std::abs(d) - 0.5;
  }
  return sum / rows;
}

}  // namespace

TEST_CASE("DQN update reports the Huber TD loss of its Bellman targets, Double DQN included", "[rl][dqn]") {
  for (bool double_dqn : {false, true}) {
    INFO("double_dqn " << double_dqn);
    DqnConfig c = small_config();
    c.double_dqn = double_dqn;
    c.gamma = 0.9f;
    DqnAgent agent(2, 3, c);
    // An independent target network: a second agent's online net, different weights.
    DqnConfig other = c;
    other.seed = 7;
    DqnAgent target_owner(2, 3, other);
    Rng rng(3);
    const TransitionBatch batch = handmade_batch(rng, 16);
    // Make the agent's target network the other agent's weights: one hard sync
    // copies online into target, so swap the values in and out.
    const std::vector<float> own = agent.online().parameters().values();
    agent.online().parameters().values() = target_owner.online().parameters().values();
    agent.update_target();
    agent.online().parameters().values() = own;
    const double expected = reference_loss(agent, target_owner.online(), batch, double_dqn, c.gamma);
    const UpdateReport report = agent.update(batch);
    CHECK(report.loss == Approx(expected).epsilon(1e-5));
    CHECK(std::isfinite(report.gradient_norm));
  }
}

TEST_CASE("Gradient clipping scales to the global norm, as clip_grad_norm_", "[rl][dqn]") {
  std::vector<float> g = {3.0f, 4.0f, 0.0f, -12.0f};  // norm 13
  CHECK(clip_gradient_norm(g, 26.0f) == Approx(13.0));
  CHECK(g == std::vector<float>{3.0f, 4.0f, 0.0f, -12.0f});
  CHECK(clip_gradient_norm(g, 0.0f) == Approx(13.0));  // 0: off
  CHECK(clip_gradient_norm(g, 6.5f) == Approx(13.0));
  const double factor = 6.5 / (13.0 + 1e-6);
  CHECK(g[0] == Approx(3.0 * factor));
  CHECK(g[3] == Approx(-12.0 * factor));
  double squares = 0.0;
  for (float v : g) squares += double(v) * v;
  CHECK(std::sqrt(squares) == Approx(6.5).epsilon(1e-6));
}

TEST_CASE("A non-finite TD loss throws diverged and leaves the network as it was", "[rl][dqn]") {
  DqnAgent agent(2, 3, small_config());
  Rng rng(4);
  TransitionBatch batch = handmade_batch(rng, 8);
  agent.update(batch);
  batch.rewards[0] = NAN;
  const std::vector<float> kept = agent.online().parameters().values();
  CHECK(code_of([&] { agent.update(batch); }) == ErrorCode::diverged);
  CHECK(agent.online().parameters().values() == kept);
}

TEST_CASE("Hard sync copies the online network; Polyak moves the target by tau", "[rl][dqn]") {
  for (float tau : {1.0f, 0.25f}) {
    INFO("tau " << tau);
    DqnConfig c = small_config();
    c.tau = tau;
    DqnAgent agent(2, 3, c);
    REQUIRE(agent.target());
    CHECK(agent.target()->parameters().values() == agent.online().parameters().values());
    Rng rng(5);
    agent.update(handmade_batch(rng, 8));  // the online network moves away from the target
    const std::vector<float> online = agent.online().parameters().values();
    const std::vector<float> old_target = agent.target()->parameters().values();
    CHECK(online != old_target);
    agent.update_target();
    const std::vector<float>& target = agent.target()->parameters().values();
    for (std::size_t i = 0; i < online.size(); ++i)
      REQUIRE(target[i] == (tau >= 1.0f ? online[i] : tau * online[i] + (1.0f - tau) * old_target[i]));
  }
  DqnConfig none = small_config();
  none.target_period = 0;
  DqnAgent without(2, 3, none);
  CHECK(without.target() == nullptr);
}

TEST_CASE("Same seed, same run: returns, losses and weights agree bit for bit", "[rl][dqn][determinism]") {
  DqnConfig c = small_config();
  c.hidden = {32};
  c.batch_size = 32;
  c.replay_size = 1000;
  c.learning_starts = 200;
  c.train_frequency = 2;
  c.target_period = 100;
  c.double_dqn = true;
  c.epsilon.steps = 1000;
  auto run = [&](std::uint64_t seed) {
    DqnConfig s = c;
    s.seed = seed;
    DqnRun r(s);
    std::vector<float> trace;
    for (int i = 0; i < 3000; ++i) {
      const EnvStep e = r.step();
      if (e.episode_ended) trace.push_back(e.episode_return);
      if (e.updated) trace.push_back(e.update.loss);
    }
    trace.insert(trace.end(), r.agent().online().parameters().values().begin(),
                 r.agent().online().parameters().values().end());
    return trace;
  };
  const auto a = run(11), b = run(11), other = run(12);
  CHECK(a == b);
  CHECK(a != other);
}

TEST_CASE("DQN learns the gridworld: the greedy policy walks to the goal", "[rl][dqn][gridworld]") {
  DqnConfig c;
  c.env = "gridworld";
  c.hidden = {64};
  c.learning_rate = 1e-3f;
  c.gamma = 0.95f;
  c.replay_size = 5000;
  c.batch_size = 32;
  c.learning_starts = 500;
  c.train_frequency = 1;
  c.target_period = 200;
  c.tau = 1.0f;
  c.double_dqn = false;
  c.epsilon = {EpsilonKind::linear, 1.0f, 0.05f, 5000};
  c.seed = 3;
  DqnRun run(c);
  for (int i = 0; i < 12000; ++i) run.step();
  auto& grid = static_cast<Gridworld&>(run.environment());
  Gridworld fresh;
  std::vector<float> obs(std::size_t(fresh.observation_size()));
  Rng unused(0);
  fresh.reset(unused, obs.data());
  StepResult r;
  int steps = 0;
  do {
    r = fresh.step(run.agent().greedy_action(obs.data()), obs.data());
    ++steps;
  } while (!r.done());
  std::cout << "gridworld: greedy policy after 12000 steps reaches " << (r.reward > 0 ? "the goal" : "no goal")
            << " in " << steps << " steps\n";
  CHECK(grid.rows() == fresh.rows());
  CHECK(r.terminated);
  CHECK(r.reward == 1.0f);
}

namespace {

// The slow test's budget. Natively in an optimised, uninstrumented build it
// checks the shipped defaults' quality; under ASan/TSan (and in the WASM run
// of this suite, whose float rounding differs) it runs a short smoke run of
// the same code instead: LATENTLAB_DQN_TEST_STEPS overrides either.
long long slow_test_steps(bool& check_quality) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(__EMSCRIPTEN__) || !defined(NDEBUG)
  check_quality = false;
  long long steps = 3000;
#else
  check_quality = true;
  long long steps = 100000;
#endif
  if (const char* text = std::getenv("LATENTLAB_DQN_TEST_STEPS")) steps = std::atoll(text);
  return steps;
}

}  // namespace

TEST_CASE("CartPole with the shipped defaults, seed 1: a greedy mean return >= 475 within 100k steps",
          "[rl][dqn][slow]") {
  bool check_quality = false;
  const long long budget = slow_test_steps(check_quality);
  DqnConfig c;  // the shipped defaults
  c.seed = 1;
  DqnRun run(c);
  double greedy = 0.0;
  long long solved_at = -1;
  while (run.steps() < budget) {
    run.step();
    // Every 10k steps, 20 greedy episodes of a fresh CartPole (their own seed).
    if (run.steps() % 10000 == 0) {
      greedy = evaluate_greedy(run.agent(), "cartpole", 20, 1000 + std::uint64_t(run.steps()));
      std::cout << "cartpole seed 1, step " << run.steps() << ": greedy mean return " << greedy
                << ", training 100-episode mean " << run.mean_return() << "\n";
      if (greedy >= 475.0) {
        solved_at = run.steps();
        break;
      }
    }
  }
  std::cout << "cartpole seed 1: " << run.steps() << " steps, " << run.updates() << " updates, "
            << run.episodes() << " episodes" << (check_quality ? "" : " (smoke run: quality not checked)") << "\n";
  CHECK(run.updates() > 0);
  if (check_quality) CHECK(solved_at > 0);
}
