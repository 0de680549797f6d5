#pragma once
// A small gridworld whose Q-values can be drawn cell by cell.
//   layout       rows of equal length: '.' free, '#' wall, 'S' start (one),
//                'G' goal (at least one), 'P' pit
//   actions      0 up, 1 right, 2 down, 3 left; a move into a wall or off the
//                grid leaves the agent where it is
//   reward       +1 on reaching a goal, -1 on falling into a pit (both
//                terminate), step_reward (default -0.01) for any other step
//   truncated    after max_steps (default 100)
//   observation  one-hot of the agent's cell (rows × cols floats), so a Dense
//                network can learn one Q-value row per cell
#include <string>
#include <vector>

#include "rl/environment.hpp"

namespace ll::rl {

struct GridworldConfig {
  std::vector<std::string> layout = {
      "S...#...",
      ".##.#.#.",
      "....#.#G",
      ".#....#.",
      ".#.##...",
      "...P..#P",
  };
  float step_reward = -0.01f;
  int max_steps = 100;
};

class Gridworld final : public Environment {
 public:
  // Throws ll::Error(config_invalid) naming the problem: empty or ragged
  // layout, an unknown character, not exactly one start, no goal, more than
  // 64×64 cells, or max_steps < 1.
  explicit Gridworld(GridworldConfig config = {});

  std::string kind() const override { return "gridworld"; }
  int observation_size() const override { return rows_ * cols_; }
  int action_count() const override { return 4; }
  // The start is fixed; rng is not used.
  void reset(Rng& rng, float* observation) override;
  // Throws ll::Error(invalid_argument) for an action outside 0..3 and after the episode ended.
  StepResult step(int action, float* observation) override;

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  char cell(int row, int col) const { return config_.layout[std::size_t(row)][std::size_t(col)]; }
  int agent() const { return agent_; }  // row * cols + col
  // Writes the one-hot observation of any cell (for drawing Q over the grid).
  void observation_of(int cell, float* observation) const;

 private:
  GridworldConfig config_;
  int rows_ = 0;
  int cols_ = 0;
  int start_ = 0;
  int agent_ = 0;
  int steps_ = 0;
  bool done_ = true;
};

}  // namespace ll::rl
