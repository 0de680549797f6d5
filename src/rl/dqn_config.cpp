#include "rl/dqn_config.hpp"

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "models/config.hpp"  // shortest_decimal
#include "nn/errors.hpp"

namespace ll::rl {

namespace {

[[noreturn]] void invalid(const std::string& message) { throw Error(ErrorCode::config_invalid, "dqn config: " + message); }

constexpr int kMaxWidth = 1024;
constexpr int kMaxLayers = 4;
constexpr int kMaxReplay = 1000000;
constexpr int kMaxBatch = 4096;

// As a person writes it: 0.99, 1e-07, not 0.990000.
std::string text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

void require_range(const char* name, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi))
    invalid(std::string(name) + " must be in [" + text(lo) + ", " + text(hi) + "], got " + text(float(value)));
}

}  // namespace

void DqnConfig::validate() const {
  if (env != "cartpole" && env != "gridworld") invalid("env must be \"cartpole\" or \"gridworld\", got \"" + env + "\"");
  if (hidden.empty() || hidden.size() > std::size_t(kMaxLayers)) invalid("hidden must list 1 to 4 layer widths");
  for (int width : hidden) {
    if (width < 1) invalid("every hidden width must be at least 1");
    if (width > kMaxWidth) throw Error(ErrorCode::too_large, "dqn config: hidden widths are limited to 1024");
  }
  require_range("learning_rate", learning_rate, 1e-7, 1.0);
  require_range("gamma", gamma, 0.0, 1.0);
  if (replay_size < 0) invalid("replay_size must be 0 (no replay) or positive");
  if (replay_size > kMaxReplay) throw Error(ErrorCode::too_large, "dqn config: replay_size is limited to 1000000");
  if (batch_size < 1) invalid("batch_size must be at least 1");
  if (batch_size > kMaxBatch) throw Error(ErrorCode::too_large, "dqn config: batch_size is limited to 4096");
  if (replay_size > 0 && replay_size < batch_size) invalid("replay_size must hold at least one batch (or be 0)");
  if (learning_starts < 0) invalid("learning_starts must not be negative");
  if (train_frequency < 1) invalid("train_frequency must be at least 1");
  if (gradient_steps < 1 || gradient_steps > 1000) invalid("gradient_steps must be in [1, 1000]");
  if (target_period < 0) invalid("target_period must be 0 (no target network) or positive");
  if (!(tau > 0.0f && tau <= 1.0f)) invalid("tau must be in (0, 1]");
  epsilon.validate();
  if (!(max_grad_norm >= 0.0f) || !std::isfinite(max_grad_norm)) invalid("max_grad_norm must be 0 (off) or positive");
}

DqnConfig dqn_config_from_json(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    invalid(std::string("not JSON: ") + e.what());
  }
  if (!j.is_object()) invalid("expected a JSON object");
  DqnConfig c;
  try {
    for (const auto& [key, value] : j.items()) {
      if (key == "env") c.env = value.get<std::string>();
      else if (key == "hidden") c.hidden = value.get<std::vector<int>>();
      else if (key == "learning_rate") c.learning_rate = value.get<float>();
      else if (key == "gamma") c.gamma = value.get<float>();
      else if (key == "replay_size") c.replay_size = value.get<int>();
      else if (key == "batch_size") c.batch_size = value.get<int>();
      else if (key == "learning_starts") c.learning_starts = value.get<int>();
      else if (key == "train_frequency") c.train_frequency = value.get<int>();
      else if (key == "gradient_steps") c.gradient_steps = value.get<int>();
      else if (key == "target_period") c.target_period = value.get<int>();
      else if (key == "tau") c.tau = value.get<float>();
      else if (key == "double_dqn") c.double_dqn = value.get<bool>();
      else if (key == "max_grad_norm") c.max_grad_norm = value.get<float>();
      else if (key == "seed") c.seed = value.get<std::uint64_t>();
      else if (key == "loss") {
        const std::string loss = value.get<std::string>();
        if (loss != "huber" && loss != "mse") invalid("loss must be \"huber\" or \"mse\", got \"" + loss + "\"");
        c.loss = loss == "huber" ? TdLoss::huber : TdLoss::mse;
      } else if (key == "epsilon") {
        if (!value.is_object()) invalid("epsilon must be an object {kind, start, end, steps}");
        for (const auto& [ekey, evalue] : value.items()) {
          if (ekey == "kind") c.epsilon.kind = epsilon_kind_from_name(evalue.get<std::string>());
          else if (ekey == "start") c.epsilon.start = evalue.get<float>();
          else if (ekey == "end") c.epsilon.end = evalue.get<float>();
          else if (ekey == "steps") c.epsilon.steps = evalue.get<long>();
          else invalid("unknown epsilon key \"" + ekey + "\"");
        }
      } else {
        invalid("unknown key \"" + key + "\"");
      }
    }
  } catch (const nlohmann::json::exception& e) {
    invalid(std::string("a value has the wrong type: ") + e.what());
  }
  c.validate();
  return c;
}

// Floats as the shortest decimals that read back the same (0.0005, not 0.0005000000237487257).
std::string dqn_config_to_json(const DqnConfig& c) {
  nlohmann::json j = {
      {"env", c.env},
      {"hidden", c.hidden},
      {"learning_rate", shortest_decimal(c.learning_rate)},
      {"gamma", shortest_decimal(c.gamma)},
      {"replay_size", c.replay_size},
      {"batch_size", c.batch_size},
      {"learning_starts", c.learning_starts},
      {"train_frequency", c.train_frequency},
      {"gradient_steps", c.gradient_steps},
      {"target_period", c.target_period},
      {"tau", shortest_decimal(c.tau)},
      {"double_dqn", c.double_dqn},
      {"epsilon", {{"kind", epsilon_kind_name(c.epsilon.kind)}, {"start", shortest_decimal(c.epsilon.start)}, {"end", shortest_decimal(c.epsilon.end)},
                   {"steps", c.epsilon.steps}}},
      {"max_grad_norm", shortest_decimal(c.max_grad_norm)},
      {"loss", c.loss == TdLoss::huber ? "huber" : "mse"},
      {"seed", c.seed},
  };
  return j.dump();
}

}  // namespace ll::rl
