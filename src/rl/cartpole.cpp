#include "rl/cartpole.hpp"

#include <cmath>
#include <string>

#include "nn/errors.hpp"

namespace ll::rl {

namespace {

void write_observation(const CartPole::State& s, float* observation) {
  for (int i = 0; i < 4; ++i) observation[i] = static_cast<float>(s[std::size_t(i)]);
}

}  // namespace

void CartPole::reset(Rng& rng, float* observation) {
  State s;
  for (double& v : s) v = rng.uniform(-0.05f, 0.05f);
  set_state(s, observation);
}

void CartPole::set_state(const State& state, float* observation) {
  state_ = state;
  steps_ = 0;
  done_ = false;
  write_observation(state_, observation);
}

StepResult CartPole::step(int action, float* observation) {
  if (action != 0 && action != 1)
    throw Error(ErrorCode::invalid_argument, "cartpole: action must be 0 (left) or 1 (right), got " +
                                                 std::to_string(action));
  if (done_) throw Error(ErrorCode::invalid_argument, "cartpole: the episode has ended; reset before stepping");
  using C = CartPoleConstants;
  auto& [x, x_dot, theta, theta_dot] = state_;
  // Gymnasium's expressions, term for term (same evaluation order, same double results).
  const double force = action == 1 ? C::force : -C::force;
  const double cos_theta = std::cos(theta);
  const double sin_theta = std::sin(theta);
  const double temp = (force + C::pole_mass_length * (theta_dot * theta_dot) * sin_theta) / C::total_mass;
  const double theta_acc = (C::gravity * sin_theta - cos_theta * temp) /
                           (C::half_length * (4.0 / 3.0 - C::mass_pole * (cos_theta * cos_theta) / C::total_mass));
  const double x_acc = temp - C::pole_mass_length * theta_acc * cos_theta / C::total_mass;
  x = x + C::tau * x_dot;
  x_dot = x_dot + C::tau * x_acc;
  theta = theta + C::tau * theta_dot;
  theta_dot = theta_dot + C::tau * theta_acc;
  ++steps_;

  StepResult result;
  result.reward = 1.0f;
  result.terminated = x < -C::x_threshold || x > C::x_threshold || theta < -C::theta_threshold ||
                      theta > C::theta_threshold;
  result.truncated = steps_ >= C::max_steps;  // TimeLimit: may coincide with termination
  done_ = result.done();
  write_observation(state_, observation);
  return result;
}

}  // namespace ll::rl
