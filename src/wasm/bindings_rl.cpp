// DQN (src/rl) for the page and Node: one DqnSession is one training run (an
// environment, its agent, replay buffer and counters). Long-lived objects
// cross; per call only small arrays (returns of the episodes that ended, the
// Q-values of one state, a gridworld's Q table) come back as fresh typed arrays.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rl/cartpole.hpp"
#include "rl/dqn.hpp"
#include "rl/dqn_io.hpp"
#include "rl/gridworld.hpp"
#include "wasm/boundary.hpp"

namespace ll::wasm {

namespace {

using rl::DqnConfig;
using rl::DqnRun;

class WasmDqnSession {
 public:
  static WasmDqnSession* create(const std::string& config_json) {
    return guarded("createDqn", [&] { return new WasmDqnSession(rl::dqn_config_from_json(config_json)); });
  }

  // A saved agent (rl/dqn_io.hpp) with the config stored in its file; a
  // non-empty config_json replaces the file's training settings (not its
  // network, which must fit the weights).
  static WasmDqnSession* load(const val& bytes, const std::string& config_json) {
    return guarded("loadDqn", [&] {
      const auto data = to_bytes(bytes, "agent file");
      DqnConfig config = config_json.empty() ? rl::read_dqn_config(data.data(), data.size())
                                             : rl::dqn_config_from_json(config_json);
      auto session = std::make_unique<WasmDqnSession>(config);
      rl::load_dqn_weights(session->run_.agent(), data.data(), data.size());
      return session.release();
    });
  }

  explicit WasmDqnSession(const DqnConfig& config) : run_(config) {}

  std::string config_json() { return rl::dqn_config_to_json(run_.agent().config()); }

  // Runs `steps` environment steps (training as configured) and reports
  // {steps, updates, episodes, meanReturn, epsilon, loss, meanQ, gradientNorm,
  //  returns: Float32Array, lengths: Float32Array}: the episodes that ended in
  // this call, and loss/meanQ/gradientNorm averaged over its updates (NaN if none).
  val train(double step_count) {
    return guarded("dqn.train", [&] {
      const int steps = whole_number(step_count, "steps", limits::rl_steps_per_call);
      std::vector<float> returns, lengths;
      double loss = 0.0, mean_q = 0.0, norm = 0.0;
      int updates = 0;
      float epsilon = 0.0f;
      for (int i = 0; i < steps; ++i) {
        const rl::EnvStep e = run_.step();
        epsilon = e.epsilon;
        if (e.updated) loss += e.update.loss, mean_q += e.update.mean_q, norm += e.update.gradient_norm, ++updates;
        if (e.episode_ended) returns.push_back(e.episode_return), lengths.push_back(float(e.episode_length));
      }
      const double none = std::nan("");
      val out = counters();
      out.set("epsilon", epsilon);
      out.set("loss", updates ? loss / updates : none);
      out.set("meanQ", updates ? mean_q / updates : none);
      out.set("gradientNorm", updates ? norm / updates : none);
      out.set("updatesInCall", updates);
      out.set("returns", fresh_float32(returns.data(), returns.size()));
      out.set("lengths", fresh_float32(lengths.data(), lengths.size()));
      return out;
    });
  }

  // {steps, updates, episodes, meanReturn, solved}
  val counters() {
    val out = val::object();
    out.set("steps", double(run_.steps()));
    out.set("updates", double(run_.updates()));
    out.set("episodes", double(run_.episodes()));
    out.set("meanReturn", run_.mean_return());
    out.set("solved", run_.solved());
    return out;
  }

  val observation() {
    return guarded("dqn.observation",
                   [&] { return fresh_float32(run_.observation(), std::size_t(run_.environment().observation_size())); });
  }

  val q_values(const val& observation) {
    return guarded("dqn.qValues", [&] {
      const int size = run_.environment().observation_size();
      const std::vector<float> obs = to_floats(observation, "observation");
      if (int(obs.size()) != size)
        throw Error(ErrorCode::shape_mismatch, "observation has " + std::to_string(obs.size()) + " values, the " +
                                                   run_.environment().kind() + " has " + std::to_string(size));
      std::vector<float> q(std::size_t(run_.environment().action_count()));
      run_.agent().q_values(obs.data(), q.data());
      return fresh_float32(q.data(), q.size());
    });
  }

  int greedy_action(const val& observation) {
    return guarded("dqn.greedyAction", [&] {
      const std::vector<float> obs = to_floats(observation, "observation");
      if (int(obs.size()) != run_.environment().observation_size())
        throw Error(ErrorCode::shape_mismatch, "observation has " + std::to_string(obs.size()) + " values, expected " +
                                                   std::to_string(run_.environment().observation_size()));
      return run_.agent().greedy_action(obs.data());
    });
  }

  double evaluate(double episodes, double seed) {
    return guarded("dqn.evaluate", [&] {
      return rl::evaluate_greedy(run_.agent(), run_.agent().config().env, whole_number(episodes, "episodes", limits::rl_evaluation_episodes),
                                 seed_from(seed));
    });
  }

  // Gridworld only: {rows, cols, layout: string (rows joined), q: Float32Array rows×cols×4}.
  val grid() {
    return guarded("dqn.grid", [&] {
      auto* world = dynamic_cast<rl::Gridworld*>(&run_.environment());
      if (!world) throw Error(ErrorCode::unsupported, "the environment is not the gridworld");
      const int cells = world->rows() * world->cols();
      std::vector<float> obs(static_cast<std::size_t>(cells)), q(static_cast<std::size_t>(cells) * 4);
      std::string layout;
      for (int c = 0; c < cells; ++c) {
        world->observation_of(c, obs.data());
        run_.agent().q_values(obs.data(), q.data() + std::size_t(c) * 4);
        layout += world->cell(c / world->cols(), c % world->cols());
      }
      val out = val::object();
      out.set("rows", world->rows());
      out.set("cols", world->cols());
      out.set("layout", layout);
      out.set("agent", world->agent());
      out.set("q", fresh_float32(q.data(), q.size()));
      return out;
    });
  }

  // CartPole only: the full double state (x, ẋ, θ, θ̇) and the step within the episode.
  val cartpole_state() {
    return guarded("dqn.cartpoleState", [&] {
      auto* pole = dynamic_cast<rl::CartPole*>(&run_.environment());
      if (!pole) throw Error(ErrorCode::unsupported, "the environment is not CartPole");
      val out = val::object();
      out.set("x", pole->state()[0]);
      out.set("xDot", pole->state()[1]);
      out.set("theta", pole->state()[2]);
      out.set("thetaDot", pole->state()[3]);
      out.set("step", pole->steps());
      return out;
    });
  }

  val save() {
    return guarded("dqn.save", [&] { return fresh_uint8(rl::save_dqn(run_.agent())); });
  }

  void load_weights(const val& bytes) {
    guarded("dqn.loadWeights", [&] {
      const auto data = to_bytes(bytes, "agent file");
      rl::load_dqn_weights(run_.agent(), data.data(), data.size());
    });
  }

  int parameter_count() { return int(run_.agent().online().parameters().size()); }

 private:
  DqnRun run_;
};

// The shipped DqnConfig as its JSON, so the page's form starts from the C++ defaults.
std::string dqn_defaults_json() { return rl::dqn_config_to_json(rl::DqnConfig{}); }

}  // namespace

EMSCRIPTEN_BINDINGS(rl) {
  using namespace emscripten;
  function("dqnDefaultsJson", &dqn_defaults_json);
  class_<WasmDqnSession>("DqnSession")
      .class_function("create", &WasmDqnSession::create, allow_raw_pointers())
      .class_function("load", &WasmDqnSession::load, allow_raw_pointers())
      .function("configJson", &WasmDqnSession::config_json)
      .function("train", &WasmDqnSession::train)
      .function("counters", &WasmDqnSession::counters)
      .function("observation", &WasmDqnSession::observation)
      .function("qValues", &WasmDqnSession::q_values)
      .function("greedyAction", &WasmDqnSession::greedy_action)
      .function("evaluate", &WasmDqnSession::evaluate)
      .function("grid", &WasmDqnSession::grid)
      .function("cartpoleState", &WasmDqnSession::cartpole_state)
      .function("save", &WasmDqnSession::save)
      .function("loadWeights", &WasmDqnSession::load_weights)
      .function("parameterCount", &WasmDqnSession::parameter_count);
}

}  // namespace ll::wasm
