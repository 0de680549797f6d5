#pragma once
// ε of ε-greedy exploration as a function of the environment step t.
//   linear        ε(t) = start + (end - start) · min(1, t / steps)       (CleanRL's linear_schedule)
//   exponential   ε(t) = end + (start - end) · 0.01^(t / steps)
//                 (the distance to `end` shrinks by 100× every `steps`)
#include <string>

namespace ll::rl {

enum class EpsilonKind { linear, exponential };

struct EpsilonSchedule {
  EpsilonKind kind = EpsilonKind::linear;
  float start = 1.0f;
  float end = 0.05f;
  long steps = 10000;

  // Throws ll::Error(config_invalid) unless start and end are in [0, 1] and steps >= 1.
  void validate() const;
  float at(long step) const;
};

// "linear" / "exponential"; throws ll::Error(config_invalid) for anything else.
EpsilonKind epsilon_kind_from_name(const std::string& name);
const char* epsilon_kind_name(EpsilonKind kind);

}  // namespace ll::rl
