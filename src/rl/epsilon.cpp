#include "rl/epsilon.hpp"

#include <algorithm>
#include <cmath>

#include "nn/errors.hpp"

namespace ll::rl {

void EpsilonSchedule::validate() const {
  const auto in_unit = [](float v) { return v >= 0.0f && v <= 1.0f; };
  if (!in_unit(start) || !in_unit(end))
    throw Error(ErrorCode::config_invalid, "epsilon: start and end must be in [0, 1], got " + std::to_string(start) +
                                               " and " + std::to_string(end));
  if (steps < 1) throw Error(ErrorCode::config_invalid, "epsilon: the schedule needs at least 1 step");
}

float EpsilonSchedule::at(long step) const {
  const double progress = double(std::max(0L, step)) / double(steps);
  if (kind == EpsilonKind::linear) return float(start + (double(end) - start) * std::min(1.0, progress));
  return float(end + (double(start) - end) * std::pow(0.01, progress));
}

EpsilonKind epsilon_kind_from_name(const std::string& name) {
  if (name == "linear") return EpsilonKind::linear;
  if (name == "exponential") return EpsilonKind::exponential;
  throw Error(ErrorCode::config_invalid, "epsilon: schedule must be \"linear\" or \"exponential\", got \"" + name + "\"");
}

const char* epsilon_kind_name(EpsilonKind kind) {
  return kind == EpsilonKind::linear ? "linear" : "exponential";
}

}  // namespace ll::rl
