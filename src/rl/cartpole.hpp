#pragma once
// CartPole-v1 exactly as Gymnasium 0.29 defines it (classic_control/cartpole.py,
// Barto, Sutton & Anderson 1983), wrapped in its TimeLimit of 500 steps.
//   state        (x, ẋ, θ, θ̇): cart position [m], velocity, pole angle [rad], angular velocity
//   actions      0 pushes the cart left, 1 right, with 10 N
//   dynamics     Euler steps of τ = 0.02 s; cart 1.0 kg, pole 0.1 kg, half-length 0.5 m, g = 9.8
//   reward       +1 for every step, the terminating one included
//   terminated   |θ| > 12° (12·2π/360 rad) or |x| > 2.4
//   truncated    after 500 steps
//   reset        every state variable uniform in [-0.05, 0.05)
// The state is integrated in double, as Gymnasium's float64 numpy state; the
// observation is its float32 copy, as Gymnasium returns it.
#include <array>

#include "rl/environment.hpp"

namespace ll::rl {

struct CartPoleConstants {
  static constexpr double gravity = 9.8;
  static constexpr double mass_cart = 1.0;
  static constexpr double mass_pole = 0.1;
  static constexpr double total_mass = mass_cart + mass_pole;
  static constexpr double half_length = 0.5;  // Gymnasium's `length`: half the pole
  static constexpr double pole_mass_length = mass_pole * half_length;
  static constexpr double force = 10.0;
  static constexpr double tau = 0.02;
  static constexpr double theta_threshold = 12.0 * 2.0 * 3.14159265358979323846 / 360.0;
  static constexpr double x_threshold = 2.4;
  static constexpr int max_steps = 500;
};

class CartPole final : public Environment {
 public:
  using State = std::array<double, 4>;

  std::string kind() const override { return "cartpole"; }
  int observation_size() const override { return 4; }
  int action_count() const override { return 2; }
  void reset(Rng& rng, float* observation) override;
  // Throws ll::Error(invalid_argument) for an action other than 0 or 1, and
  // when the episode has ended (reset first).
  StepResult step(int action, float* observation) override;

  // For tests and replays: start an episode from a given state.
  void set_state(const State& state, float* observation);
  const State& state() const { return state_; }
  int steps() const { return steps_; }

 private:
  State state_{};
  int steps_ = 0;
  bool done_ = true;
};

}  // namespace ll::rl
