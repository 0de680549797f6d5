#include "rl/gridworld.hpp"

#include <algorithm>

#include "nn/errors.hpp"

namespace ll::rl {

namespace {

[[noreturn]] void invalid_layout(const std::string& message) {
  throw Error(ErrorCode::config_invalid, "gridworld: " + message);
}

constexpr int kMaxSide = 64;
constexpr int kRowStep[4] = {-1, 0, 1, 0};
constexpr int kColStep[4] = {0, 1, 0, -1};

}  // namespace

Gridworld::Gridworld(GridworldConfig config) : config_(std::move(config)) {
  const auto& layout = config_.layout;
  if (layout.empty() || layout[0].empty()) invalid_layout("the layout is empty");
  if (layout.size() > std::size_t(kMaxSide) || layout[0].size() > std::size_t(kMaxSide))
    invalid_layout("the layout is larger than 64×64");
  rows_ = int(layout.size());
  cols_ = int(layout[0].size());
  int starts = 0, goals = 0;
  for (int r = 0; r < rows_; ++r) {
    if (layout[std::size_t(r)].size() != std::size_t(cols_))
      invalid_layout("row " + std::to_string(r) + " has " + std::to_string(layout[std::size_t(r)].size()) +
              " cells, row 0 has " + std::to_string(cols_));
    for (int c = 0; c < cols_; ++c) {
      const char ch = cell(r, c);
      if (ch == 'S') ++starts, start_ = r * cols_ + c;
      else if (ch == 'G') ++goals;
      else if (ch != '.' && ch != '#' && ch != 'P')
        invalid_layout(std::string("unknown cell '") + ch + "' at row " + std::to_string(r) + ", column " +
                std::to_string(c) + " (use . # S G P)");
    }
  }
  if (starts != 1) invalid_layout("the layout needs exactly one start 'S', it has " + std::to_string(starts));
  if (goals < 1) invalid_layout("the layout needs a goal 'G'");
  if (config_.max_steps < 1) invalid_layout("max_steps must be at least 1");
}

void Gridworld::observation_of(int cell_index, float* observation) const {
  std::fill(observation, observation + rows_ * cols_, 0.0f);
  observation[cell_index] = 1.0f;
}

void Gridworld::reset(Rng&, float* observation) {
  agent_ = start_;
  steps_ = 0;
  done_ = false;
  observation_of(agent_, observation);
}

StepResult Gridworld::step(int action, float* observation) {
  if (action < 0 || action > 3)
    throw Error(ErrorCode::invalid_argument,
                "gridworld: action must be 0 (up), 1 (right), 2 (down) or 3 (left), got " + std::to_string(action));
  if (done_) throw Error(ErrorCode::invalid_argument, "gridworld: the episode has ended; reset before stepping");
  const int row = agent_ / cols_ + kRowStep[action];
  const int col = agent_ % cols_ + kColStep[action];
  if (row >= 0 && row < rows_ && col >= 0 && col < cols_ && cell(row, col) != '#') agent_ = row * cols_ + col;
  ++steps_;
  StepResult result;
  const char here = cell(agent_ / cols_, agent_ % cols_);
  result.terminated = here == 'G' || here == 'P';
  result.reward = here == 'G' ? 1.0f : here == 'P' ? -1.0f : config_.step_reward;
  result.truncated = steps_ >= config_.max_steps;
  done_ = result.done();
  observation_of(agent_, observation);
  return result;
}

}  // namespace ll::rl
