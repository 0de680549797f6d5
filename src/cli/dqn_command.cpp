// latentlab dqn solve  [--config JSON|@file] [--seeds 1,2,3,4,5] [--max-steps 100000] [--progress STEPS] [--eval-every STEPS]
//     Trains one run per seed until CartPole-v1 is solved (mean return >= 475
//     over the last 100 training episodes) or max-steps; prints steps-to-solve
//     and the run's speed (environment steps and gradient updates per second).
// latentlab dqn train  [--config JSON|@file] [--seed 1] [--max-steps 100000] --out FILE
//     One run until solved; saves the Q-network (safetensors) and a card FILE.json
//     with the command, config, steps-to-solve and a 100-episode greedy evaluation.
// latentlab dqn eval   --model FILE [--episodes 100] [--seed 1000]
#include "cli/dqn_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/safetensors.hpp"
#include "rl/dqn.hpp"
#include "rl/dqn_io.hpp"

namespace ll::cli {

namespace {

using rl::DqnConfig;
using rl::DqnRun;

const char* kDqnUsage = R"(usage: latentlab dqn <solve|train|eval> [--option value ...]
  solve  [--config JSON|@file] [--seeds 1,2,3,4,5] [--max-steps 100000] [--progress STEPS] [--eval-every STEPS]
  train  [--config JSON|@file] [--seed 1] [--max-steps 100000] --out FILE.safetensors
  eval   --model FILE [--episodes 100] [--seed 1000])";

struct Options {
  std::map<std::string, std::string> values;
  std::string line = "latentlab";
  std::string get(const std::string& key, const std::string& fallback) const {
    const auto it = values.find(key);
    return it == values.end() ? fallback : it->second;
  }
  long long integer(const std::string& key, long long fallback) const {
    const std::string text = get(key, std::to_string(fallback));
    std::size_t used = 0;
    long long value = 0;
    try {
      value = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || value < 0) throw std::invalid_argument("--" + key + " must be a non-negative integer");
    return value;
  }
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 0; i < argc; ++i) {
    const std::string word = argv[i];
    const bool quote = word.find_first_of(" {}\"'[]") != std::string::npos;
    o.line += " " + (quote ? "'" + word + "'" : word);
  }
  for (int i = 2; i < argc; i += 2) {
    const std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || i + 1 >= argc)
      throw std::invalid_argument("expected --option value, got \"" + key + "\"\n" + kDqnUsage);
    o.values[key.substr(2)] = argv[i + 1];
  }
  return o;
}

DqnConfig config_of(const Options& o) {
  std::string text = o.get("config", "{}");
  if (!text.empty() && text[0] == '@') {
    const auto bytes = read_file_bytes(text.substr(1));
    text.assign(bytes.begin(), bytes.end());
  }
  return rl::dqn_config_from_json(text);
}

struct RunResult {
  long long solved_at = -1;  // environment steps, -1 when not solved
  long long greedy_solved_at = -1;  // first evaluation point whose greedy mean was >= 475
  double best_greedy = 0.0;
  long long episodes = 0;
  double mean_return = 0.0;
  double seconds = 0.0;
  long long steps = 0;
  long long updates = 0;
};

// progress > 0: every `progress` steps a line with the 100-episode mean
// return, the mean TD loss and mean Q(s, a) of the updates since the last line.
// eval_every > 0: every eval_every steps, 100 greedy episodes (evaluate_greedy,
// seed 1000 + the step) measure the policy without exploration; the run goes on
// until the training criterion is met too.
RunResult run_until_solved(DqnRun& run, long long max_steps, long long progress = 0, long long eval_every = 0) {
  RunResult r;
  const auto start = std::chrono::steady_clock::now();
  double loss_sum = 0.0, q_sum = 0.0;
  long long updates = 0;
  while (run.steps() < max_steps) {
    const rl::EnvStep e = run.step();
    if (e.updated) loss_sum += e.update.loss, q_sum += e.update.mean_q, ++updates;
    if (progress > 0 && run.steps() % progress == 0) {
      std::printf("  step %lld: episodes %lld, mean return %.1f, epsilon %.3f, TD loss %.4f, mean Q %.2f\n",
                  run.steps(), run.episodes(), run.mean_return(), e.epsilon, updates ? loss_sum / updates : 0.0,
                  updates ? q_sum / updates : 0.0);
      std::fflush(stdout);
      loss_sum = q_sum = 0.0;
      updates = 0;
    }
    if (eval_every > 0 && r.greedy_solved_at < 0 && run.steps() % eval_every == 0) {
      const double greedy =
          rl::evaluate_greedy(run.agent(), run.agent().config().env, 100, 1000 + std::uint64_t(run.steps()));
      r.best_greedy = std::max(r.best_greedy, greedy);
      if (greedy >= 475.0) r.greedy_solved_at = run.steps();
      if (progress > 0) std::printf("  step %lld: greedy mean return %.1f over 100 episodes\n", run.steps(), greedy);
    }
    if (e.episode_ended && run.solved()) {
      r.solved_at = run.steps();
      break;
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.episodes = run.episodes();
  r.mean_return = run.mean_return();
  r.steps = run.steps();
  r.updates = run.updates();
  return r;
}

void print_result(const char* label, std::uint64_t seed, const RunResult& r) {
  if (r.solved_at >= 0)
    std::printf("%s seed %llu: solved at step %lld (episode %lld, mean return %.1f)", label,
                static_cast<unsigned long long>(seed), r.solved_at, r.episodes, r.mean_return);
  else
    std::printf("%s seed %llu: not solved in %lld steps (last 100-episode mean %.1f)", label,
                static_cast<unsigned long long>(seed), r.steps, r.mean_return);
  if (r.greedy_solved_at >= 0)
    std::printf("; greedy policy solved at step %lld", r.greedy_solved_at);
  else if (r.best_greedy > 0.0)
    std::printf("; greedy policy best %.1f", r.best_greedy);
  std::printf("; %.1f s, %.0f env steps/s, %.0f updates/s\n", r.seconds, r.steps / r.seconds, r.updates / r.seconds);
}

std::vector<std::uint64_t> seeds_of(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      seeds.push_back(std::stoull(item));
    } catch (const std::exception&) {
      throw std::invalid_argument("--seeds must be a comma-separated list of integers, got \"" + text + "\"");
    }
  }
  if (seeds.empty()) throw std::invalid_argument("--seeds is empty");
  return seeds;
}

int solve(const Options& o) {
  const DqnConfig base = config_of(o);
  const long long max_steps = o.integer("max-steps", 100000);
  int solved = 0;
  const auto seeds = seeds_of(o.get("seeds", "1,2,3,4,5"));
  std::printf("config %s\n", rl::dqn_config_to_json(base).c_str());
  for (std::uint64_t seed : seeds) {
    DqnConfig config = base;
    config.seed = seed;
    DqnRun run(config);
    const RunResult r = run_until_solved(run, max_steps, o.integer("progress", 0), o.integer("eval-every", 0));
    print_result("latentlab", seed, r);
    std::fflush(stdout);
    solved += r.solved_at >= 0;
  }
  std::printf("latentlab: solved on %d of %zu seeds within %lld steps\n", solved, seeds.size(), max_steps);
  return 0;
}

int train(const Options& o) {
  DqnConfig config = config_of(o);
  config.seed = std::uint64_t(o.integer("seed", 1));
  const std::string out = o.get("out", "");
  if (out.empty()) throw std::invalid_argument(std::string("missing --out\n") + kDqnUsage);
  DqnRun run(config);
  const RunResult r = run_until_solved(run, o.integer("max-steps", 100000));
  print_result("train", config.seed, r);
  const int eval_episodes = 100;
  const std::uint64_t eval_seed = 1000;
  const double greedy = rl::evaluate_greedy(run.agent(), config.env, eval_episodes, eval_seed);
  std::printf("greedy evaluation: mean return %.1f over %d episodes (seed %llu)\n", greedy, eval_episodes,
              static_cast<unsigned long long>(eval_seed));
  const auto bytes = rl::save_dqn(run.agent(), {{"command", o.line}});
  write_file_bytes(out, bytes);
  nlohmann::json card = {
      {"command", o.line},
      {"format", rl::kDqnFormat},
      {"config", nlohmann::json::parse(rl::dqn_config_to_json(config))},
      {"parameters", run.agent().online().parameters().size()},
      {"training", {{"environment_steps", r.steps}, {"episodes", r.episodes}, {"solved_at_step", r.solved_at},
                    {"last_100_episode_mean_return", r.mean_return}, {"seconds_this_machine", r.seconds}}},
      {"greedy_evaluation", {{"episodes", eval_episodes}, {"seed", eval_seed}, {"mean_return", greedy}}},
  };
  std::string card_path = out;
  const auto dot = card_path.rfind(".safetensors");
  if (dot != std::string::npos) card_path.erase(dot);
  card_path += ".json";
  const std::string text = card.dump(2) + "\n";
  write_file_bytes(card_path, std::vector<std::uint8_t>(text.begin(), text.end()));
  std::printf("wrote %s (%zu bytes) and %s\n", out.c_str(), bytes.size(), card_path.c_str());
  return r.solved_at >= 0 ? 0 : 2;
}

int eval(const Options& o) {
  const std::string path = o.get("model", "");
  if (path.empty()) throw std::invalid_argument(std::string("missing --model\n") + kDqnUsage);
  const auto bytes = read_file_bytes(path);
  const DqnConfig config = rl::read_dqn_config(bytes.data(), bytes.size());
  auto env = rl::make_environment(config.env);
  rl::DqnAgent agent(env->observation_size(), env->action_count(), config);
  rl::load_dqn_weights(agent, bytes.data(), bytes.size());
  const int episodes = int(o.integer("episodes", 100));
  const std::uint64_t seed = std::uint64_t(o.integer("seed", 1000));
  std::printf("greedy evaluation of %s: mean return %.1f over %d episodes (seed %llu)\n", path.c_str(),
              rl::evaluate_greedy(agent, config.env, episodes, seed), episodes,
              static_cast<unsigned long long>(seed));
  return 0;
}

}  // namespace

int dqn_command(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument(kDqnUsage);
  const Options o = parse(argc, argv);
  const std::string sub = argv[1];
  if (sub == "solve") return solve(o);
  if (sub == "train") return train(o);
  if (sub == "eval") return eval(o);
  throw std::invalid_argument("unknown dqn command \"" + sub + "\"\n" + kDqnUsage);
}

}  // namespace ll::cli
