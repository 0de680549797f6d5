// latentlab: the native command-line tool. Trains any model from a config on the
// bundled MNIST split, evaluates it, samples from it, and writes the weights
// (safetensors) with a model card (JSON) that records the command used.
//
//   latentlab train --config '{"type":"vae","hidden":[400],"latent":20}' --epochs 10 --name vae20
//   latentlab eval --model models/vae20.safetensors
//   latentlab sample --model models/vae20.safetensors --count 64 --out samples.pgm
//   latentlab export --model models/vae20.safetensors --out vae20-f16.safetensors --f16
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "cli/dqn_command.hpp"
#include "cli/evaluation.hpp"
#include "io/safetensors.hpp"
#include "models/latent.hpp"
#include "models/limits.hpp"
#include "models/model_io.hpp"
#include "models/trainer.hpp"
#include "nn/errors.hpp"
#include "nn/kernels/parallel.hpp"

namespace {

using namespace ll;
using nlohmann::json;

const char* kUsage = R"(usage: latentlab <command> [--option value ...]
  train   --config JSON|@file [--epochs 10] [--batch 128] [--lr 1e-3] [--seed 1] [--warmup 0]
          [--optimizer adam|sgd] [--augment 0..1] [--name NAME] [--out-dir models] [--f16] [--data-dir data] [--quiet]
  eval    --model FILE [--data-dir data] [--pca] [--noise KIND:LEVEL, e.g. gaussian:0.4, for PSNR]
  sample  --model FILE [--count 64] [--temperature 1] [--seed 1] [--label D] --out FILE.pgm
  export  --model FILE --out FILE [--f16]
  dqn     solve|train|eval ...   DQN on CartPole-v1 (latentlab dqn for its options)
eval, sample and export take --config JSON|@file for a file without Latent Lab's
metadata (e.g. a PyTorch state_dict; docs/PYTORCH.md lists the names it may use).
Every command also takes --threads N (default 1): kernels share the work over N threads.
Every option takes a value except the flags --f16, --pca and --quiet.)";

struct Args {
  std::string command;
  std::map<std::string, std::string> options;
  std::string line;  // the command as typed, for model cards

  bool has(const std::string& key) const { return options.count(key) != 0; }
  std::string get(const std::string& key, const std::string& fallback = "") const {
    const auto it = options.find(key);
    if (it != options.end()) return it->second;
    if (fallback.empty()) throw Error(ErrorCode::invalid_argument, "missing --" + key + "\n" + kUsage);
    return fallback;
  }
  // A flag's value checked like the bindings check a JS number: finite, in
  // range, and whole when the range is of integers; the message names the
  // flag, its range and what was typed.
  template <typename T>
  double number(const std::string& key, const limits::Range<T>& range, double fallback) const {
    if (!has(key)) return fallback;
    constexpr bool integer = std::is_integral_v<T>;
    const std::string& text = options.at(key);
    const std::string expected = std::string(integer ? " must be an integer in " : " must be a number in ") +
                                 limits::range_text(range) + ", got \"" + text + "\"";
    std::size_t used = 0;
    double value = 0;
    try {
      value = std::stod(text, &used);
    } catch (const std::exception&) {  // not a number, or beyond a double's range
      used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value) || !range.contains(value) ||
        (integer && value != std::floor(value)))
      throw Error(ErrorCode::invalid_argument, "--" + key + expected);
    return value;
  }
  int integer(const std::string& key, const limits::Range<int>& range, int fallback) const {
    return int(number(key, range, fallback));
  }
  std::uint64_t seed() const {
    return std::uint64_t(number("seed", limits::Range<std::int64_t>{0, std::int64_t(limits::seed.max)}, 1));
  }
};

Args parse_args(int argc, char** argv) {
  if (argc < 2) throw Error(ErrorCode::invalid_argument, kUsage);
  Args args;
  args.command = argv[1];
  args.line = "latentlab";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    const bool quote = word.find_first_of(" {}\"'[]") != std::string::npos;
    args.line += " " + (quote ? "'" + word + "'" : word);
  }
  for (int i = 2; i < argc; ++i) {
    const std::string key = argv[i];
    if (key.rfind("--", 0) != 0)
      throw Error(ErrorCode::invalid_argument, "unexpected argument \"" + key + "\"\n" + kUsage);
    if (key == "--f16" || key == "--pca" || key == "--quiet") {
      args.options[key.substr(2)] = "1";
      continue;
    }
    if (i + 1 >= argc) throw Error(ErrorCode::invalid_argument, key + " needs a value");
    args.options[key.substr(2)] = argv[++i];
  }
  return args;
}

std::string read_text(const std::string& path) {
  const auto bytes = read_file_bytes(path);
  return std::string(bytes.begin(), bytes.end());
}

std::string data_dir(const Args& args) { return args.get("data-dir", std::string(LATENTLAB_SOURCE_DIR) + "/data"); }

json metrics_json(const std::map<std::string, double>& metrics) {
  json j = json::object();
  for (const auto& [key, value] : metrics) j[key] = std::round(value * 1e4) / 1e4;
  return j;
}

void print_metrics(const std::map<std::string, double>& metrics) {
  for (const auto& [key, value] : metrics) std::printf("  %-18s %.4f\n", key.c_str(), value);
}

std::optional<ModelConfig> config_option(const Args& args) {
  if (!args.has("config")) return std::nullopt;
  std::string text = args.get("config");
  if (!text.empty() && text[0] == '@') text = read_text(text.substr(1));
  return parse_model_config(text);
}

// Says on stderr when the file's names were not Latent Lab's own.
std::unique_ptr<Model> load_model_file(const std::string& path, const Args& args) {
  const auto bytes = read_file_bytes(path);
  CheckpointMapping mapping;
  auto model = load_model(bytes.data(), bytes.size(), config_option(args), &mapping);
  if (mapping.layout != "latentlab" || !mapping.prefix.empty()) {
    const std::string under = mapping.prefix.empty() ? "" : " under the prefix '" + mapping.prefix + "'";
    std::fprintf(stderr, "note: read %s's tensor names as %s%s\n", path.c_str(), mapping.layout.c_str(), under.c_str());
  }
  return model;
}

int train(const Args& args) {
  std::string config_text = args.get("config");
  if (!config_text.empty() && config_text[0] == '@') config_text = read_text(config_text.substr(1));
  const ModelConfig config = parse_model_config(config_text);
  TrainConfig tc;
  tc.epochs = args.integer("epochs", limits::epochs, tc.epochs);
  tc.batch_size = args.integer("batch", limits::batch_size, tc.batch_size);
  tc.learning_rate = float(args.number("lr", limits::learning_rate, tc.learning_rate));
  tc.seed = args.seed();
  tc.kl_warmup_epochs = float(args.number("warmup", limits::kl_warmup_epochs, tc.kl_warmup_epochs));
  tc.optimizer = args.get("optimizer", "adam");
  tc.augment = float(args.number("augment", limits::augment, tc.augment));
  const bool quiet = args.has("quiet");
  const std::string name = args.get("name", model_type_name(config.type));
  const std::string out_dir = args.get("out-dir", "models");
  // Made before training, so a path that cannot be written fails at once, not after the epochs.
  std::error_code made;
  std::filesystem::create_directories(out_dir, made);
  if (made) throw Error(ErrorCode::io_error, "cannot create --out-dir " + out_dir + ": " + made.message());

  const cli::DataSplits data = cli::load_splits(data_dir(args));
  auto model = make_model(config, tc.seed);
  const std::vector<int> labels = config.is_conditional() ? data.train.labels : std::vector<int>{};
  Trainer trainer(*model, data.train.images, labels, tc);
  std::printf("training %s: %s, %zu parameters, %zu train images, %d epochs\n", name.c_str(),
              model_config_to_json(config).c_str(), model->parameters().size(), data.train.labels.size(), tc.epochs);
  const auto start = std::chrono::steady_clock::now();
  // The weights after the last finished epoch. By the time the trainer sees a
  // non-finite step the weights are usually huge already, so on divergence
  // these are what is saved, and the finished epochs are not lost.
  std::vector<float> last_epoch_weights;
  int epochs_done = 0;
  try {
    while (!trainer.finished()) {
      const StepReport r = trainer.step();
      if (!r.epoch_finished) continue;
      last_epoch_weights = model->parameters().values();
      epochs_done = r.epoch + 1;
      if (!quiet) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("epoch %3d/%d  loss %.4f  reconstruction %.4f  kl %.4f  (%.1f s, %.0f images/s)\n", r.epoch + 1,
                    tc.epochs, r.epoch_loss.total, r.epoch_loss.reconstruction, r.epoch_loss.kl, seconds,
                    double(trainer.steps_taken() * 1.0 * tc.batch_size) / seconds);
      }
    }
  } catch (const Error& e) {
    if (e.code() != ErrorCode::diverged) throw;
    // The trainer says what happened; what to do about it is the CLI's to say.
    const std::string what = e.what();
    const std::string advice = "train again with a lower --lr (it was " + args.get("lr", "0.001") + ")";
    if (epochs_done == 0)
      throw Error(ErrorCode::diverged, what + "; no epoch had finished, so nothing was saved: " + advice);
    model->parameters().values() = last_epoch_weights;
    const std::string path = out_dir + "/" + name + "-epoch" + std::to_string(epochs_done) + ".safetensors";
    write_file_bytes(path, save_model(*model, {{"name", name}, {"command", args.line},
                                               {"stopped", what + " (weights after epoch " + std::to_string(epochs_done) + ")"}},
                                      args.has("f16")));
    throw Error(ErrorCode::diverged, what + "; saved the weights after epoch " + std::to_string(epochs_done) + " to " +
                                         path + ": " + advice);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto metrics = cli::evaluate_on_test(*model, data, !config.is_variational());
  std::printf("test split:\n");
  print_metrics(metrics);

  const json training = {{"epochs", tc.epochs},
                         {"batch_size", tc.batch_size},
                         {"learning_rate", shortest_decimal(tc.learning_rate)},
                         {"seed", tc.seed},
                         {"optimizer", tc.optimizer},
                         {"kl_warmup_epochs", shortest_decimal(tc.kl_warmup_epochs)},
                         {"augment", shortest_decimal(tc.augment)},
                         {"seconds", std::round(seconds * 10) / 10}};
  const json card = {
      {"name", name},
      {"format", kModelFormat},
      {"format_version", kModelFormatVersion},
      {"config", json::parse(model_config_to_json(config))},
      {"parameters", model->parameters().size()},
      {"storage", args.has("f16") ? "F16" : "F32"},
      {"data", {{"train", "data/mnist-train-*.gz (" + std::to_string(data.train.labels.size()) + " images)"},
                {"test", "data/mnist-test-*.gz (" + std::to_string(data.test.labels.size()) + " images)"},
                {"anomalies", "data/fashion-test2k-*.gz"}}},
      {"training", training},
      {"test_metrics", metrics_json(metrics)},
      {"command", args.line}};
  const auto bytes = save_model(*model,
                                {{"name", name}, {"training", training.dump()}, {"command", args.line}},
                                args.has("f16"));
  write_file_bytes(out_dir + "/" + name + ".safetensors", bytes);
  const std::string card_text = card.dump(2) + "\n";
  write_file_bytes(out_dir + "/" + name + ".json", std::vector<std::uint8_t>(card_text.begin(), card_text.end()));
  std::printf("wrote %s/%s.safetensors (%zu bytes) and %s/%s.json\n", out_dir.c_str(), name.c_str(), bytes.size(),
              out_dir.c_str(), name.c_str());
  return 0;
}

// "gaussian:0.4" -> {Gaussian, 0.4}.
Corruption parse_noise(const std::string& text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos)
    throw Error(ErrorCode::invalid_argument, "--noise must be KIND:LEVEL (e.g. gaussian:0.4), got \"" + text + "\"");
  Args level;
  level.options["noise level"] = text.substr(colon + 1);
  return {parse_corruption_kind(text.substr(0, colon)), float(level.number("noise level", limits::noise_level, 0))};
}

int eval(const Args& args) {
  const Corruption noise = args.has("noise") ? parse_noise(args.get("noise")) : Corruption{};
  auto model = load_model_file(args.get("model"), args);
  const cli::DataSplits data = cli::load_splits(data_dir(args));
  std::printf("%s on the test split (%zu images):\n", model_config_to_json(model->config()).c_str(),
              data.test.labels.size());
  print_metrics(cli::evaluate_on_test(*model, data, args.has("pca"), noise));
  return 0;
}

int sample(const Args& args) {
  // The flags first, so a typo fails before the model is read.
  const int count = args.integer("count", limits::sample_count, 64);
  const float temperature = float(args.number("temperature", limits::temperature, 1.0));
  Rng rng(args.seed());
  auto model = load_model_file(args.get("model"), args);
  const auto& c = model->config();
  if (c.image_channels != 1)
    throw Error(ErrorCode::unsupported, "sample writes greyscale PGM: the model has colour images");
  // Checked for every model, so a typo fails the same way whether or not a label is used.
  const int label = args.integer("label", {0, (c.is_conditional() ? c.classes : limits::classes.max) - 1}, 0);
  Tensor z, images;
  if (!c.is_variational()) std::fprintf(stderr, "note: an autoencoder has no prior; decoding N(0, I) codes anyway\n");
  sample_prior(count, c.latent, temperature, rng, z);
  std::vector<int> labels;
  if (c.is_conditional()) labels.assign(count, label);
  model->decode(z, labels, images);
  const int columns = int(std::ceil(std::sqrt(double(count)))), rows = (count + columns - 1) / columns;
  const int h = c.image_height, w = c.image_width;
  std::string pgm = "P5\n" + std::to_string(columns * w) + " " + std::to_string(rows * h) + "\n255\n";
  std::vector<std::uint8_t> bytes(pgm.begin(), pgm.end());
  for (int y = 0; y < rows * h; ++y)
    for (int x = 0; x < columns * w; ++x) {
      const int index = (y / h) * columns + x / w;
      const float v = index < count ? images(index, (y % h) * w + x % w) : 0.0f;
      bytes.push_back(std::uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)));
    }
  write_file_bytes(args.get("out"), bytes);
  std::printf("wrote %d samples to %s\n", count, args.get("out").c_str());
  return 0;
}

int export_model(const Args& args) {
  const auto in = read_file_bytes(args.get("model"));
  const SafetensorsFile file = read_safetensors(in.data(), in.size());
  auto model = load_model_file(args.get("model"), args);
  std::map<std::string, std::string> extra = file.metadata;
  const auto out = save_model(*model, extra, args.has("f16"));
  write_file_bytes(args.get("out"), out);
  std::printf("wrote %s (%zu bytes, %s)\n", args.get("out").c_str(), out.size(), args.has("f16") ? "F16" : "F32");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && std::string(argv[1]) == "dqn") return ll::cli::dqn_command(argc - 1, argv + 1);
    const Args args = parse_args(argc, argv);
    // The only limit that depends on the machine.
    if (args.has("threads")) set_thread_count(args.integer("threads", {1, max_thread_count()}, 1));
    if (args.command == "train") return train(args);
    if (args.command == "eval") return eval(args);
    if (args.command == "sample") return sample(args);
    if (args.command == "export") return export_model(args);
    throw Error(ErrorCode::invalid_argument, "unknown command \"" + args.command + "\"\n" + kUsage);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
    return 1;
  }
}
