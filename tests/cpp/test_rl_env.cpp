// CartPole-v1 against trajectories computed independently from the published
// equations (tests/fixtures/make_cartpole_fixture.py), its limits and resets;
// the gridworld's moves, walls, goal, pit, time limit and layout errors.
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "rl/cartpole.hpp"
#include "rl/gridworld.hpp"

using namespace ll;
using namespace ll::rl;

namespace {

struct FixtureRow {
  int action;
  CartPole::State state;
  float reward;
  bool terminated, truncated;
};

std::map<int, std::vector<FixtureRow>> read_trajectories() {
  std::ifstream in(std::string(LATENTLAB_SOURCE_DIR) + "/tests/fixtures/cartpole_trajectories.txt");
  REQUIRE(in.good());
  std::map<int, std::vector<FixtureRow>> episodes;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    int episode, step, terminated, truncated;
    FixtureRow row{};
    fields >> episode >> step >> row.action >> row.state[0] >> row.state[1] >> row.state[2] >> row.state[3] >>
        row.reward >> terminated >> truncated;
    REQUIRE(!fields.fail());
    row.terminated = terminated, row.truncated = truncated;
    REQUIRE(int(episodes[episode].size()) == step);
    episodes[episode].push_back(row);
  }
  REQUIRE(episodes.size() == 4);
  return episodes;
}


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

}  // namespace

TEST_CASE("CartPole follows the published equations step for step", "[rl][cartpole]") {
  double worst = 0.0;
  bool saw_truncation = false, saw_cart_out = false;
  for (const auto& [episode, rows] : read_trajectories()) {
    INFO("episode " << episode);
    CartPole env;
    float observation[4];
    env.set_state(rows[0].state, observation);
    for (std::size_t t = 1; t < rows.size(); ++t) {
      INFO("step " << t);
      const StepResult r = env.step(rows[t].action, observation);
      for (int i = 0; i < 4; ++i) {
        const double expected = rows[t].state[std::size_t(i)];
        const double error = std::abs(env.state()[std::size_t(i)] - expected) / std::max(1.0, std::abs(expected));
        worst = std::max(worst, error);
        CHECK(error <= 1e-12);
        CHECK(observation[i] == float(env.state()[std::size_t(i)]));
      }
      CHECK(r.reward == rows[t].reward);
      CHECK(r.terminated == rows[t].terminated);
      CHECK(r.truncated == rows[t].truncated);
    }
    saw_truncation |= rows.back().truncated;
    saw_cart_out |= std::abs(rows.back().state[0]) > 2.4;
  }
  INFO("largest relative state difference " << worst);
  CHECK(saw_truncation);
  CHECK(saw_cart_out);
}

TEST_CASE("CartPole terminates just past 12 degrees, resets within 0.05, refuses bad steps", "[rl][cartpole]") {
  CartPole env;
  float observation[4];
  const double limit = 12.0 * 2.0 * M_PI / 360.0;
  env.set_state({0.0, 0.0, limit - 1e-9, 0.0}, observation);
  CHECK_FALSE(env.step(0, observation).terminated);  // θ̇ = 0: one Euler step leaves θ where it was
  env.set_state({0.0, 0.0, limit, 1.0}, observation);
  CHECK(env.step(0, observation).terminated);
  CHECK(code_of([&] { env.step(0, observation); }) == ErrorCode::invalid_argument);  // ended
  Rng rng(5);
  for (int i = 0; i < 200; ++i) {
    env.reset(rng, observation);
    for (float v : observation) CHECK((v >= -0.05f && v < 0.05f));
  }
  CHECK(code_of([&] { env.step(2, observation); }) == ErrorCode::invalid_argument);
  CHECK(code_of([&] { env.step(-1, observation); }) == ErrorCode::invalid_argument);
}

TEST_CASE("Gridworld moves, stops at walls, ends at the goal and the pit, truncates", "[rl][gridworld]") {
  GridworldConfig config;
  config.layout = {"S.#", ".PG", "..."};
  config.max_steps = 5;
  Gridworld grid(config);
  CHECK(grid.observation_size() == 9);
  std::vector<float> obs(9);
  Rng rng(1);
  grid.reset(rng, obs.data());
  CHECK(obs[0] == 1.0f);
  CHECK(std::count(obs.begin(), obs.end(), 1.0f) == 1);
  StepResult r = grid.step(0, obs.data());  // up: off the grid, stays
  CHECK(grid.agent() == 0);
  CHECK(r.reward == config.step_reward);
  grid.step(1, obs.data());                 // right to (0,1)
  r = grid.step(1, obs.data());             // right into the wall: stays
  CHECK(grid.agent() == 1);
  CHECK(obs[1] == 1.0f);
  r = grid.step(2, obs.data());             // down into the pit
  CHECK(r.terminated);
  CHECK(r.reward == -1.0f);
  grid.reset(rng, obs.data());
  grid.step(2, obs.data());
  grid.step(2, obs.data());
  grid.step(1, obs.data());
  grid.step(1, obs.data());                 // (2,2)
  r = grid.step(0, obs.data());             // up to the goal, on the 5th step: terminated and truncated
  CHECK(r.terminated);
  CHECK(r.reward == 1.0f);
  grid.reset(rng, obs.data());
  for (int i = 0; i < 4; ++i) CHECK_FALSE(grid.step(3, obs.data()).done());
  r = grid.step(3, obs.data());
  CHECK(r.truncated);
  CHECK_FALSE(r.terminated);
  CHECK(code_of([&] { grid.step(0, obs.data()); }) == ErrorCode::invalid_argument);
}

TEST_CASE("Gridworld refuses broken layouts with config_invalid", "[rl][gridworld]") {
  const std::vector<std::vector<std::string>> bad = {
      {}, {"S.", "."}, {"S.X", "..G"}, {"...", "..G"}, {"SS", "G."}, {"S..", "..."}};
  for (const auto& layout : bad) {
    GridworldConfig config;
    config.layout = layout;
    CHECK(code_of([&] { Gridworld g(config); }) == ErrorCode::config_invalid);
  }
  Gridworld defaults;
  Rng rng(1);
  std::vector<float> obs(std::size_t(defaults.observation_size()));
  CHECK(code_of([&] { defaults.step(4, obs.data()); }) == ErrorCode::invalid_argument);
}
