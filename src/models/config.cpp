#include "models/config.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "io/json_guard.hpp"
#include "models/trainer.hpp"
#include "models/limits.hpp"
#include "nn/errors.hpp"

namespace ll {
namespace {

using nlohmann::json;

template <typename Enum>
struct NamedValue {
  const char* name;
  Enum value;
};

const NamedValue<ModelType> kTypes[] = {
    {"ae", ModelType::Autoencoder}, {"vae", ModelType::Vae}, {"cvae", ModelType::ConditionalVae}};
const NamedValue<Architecture> kArchs[] = {{"dense", Architecture::Dense}, {"conv", Architecture::Conv}};
const NamedValue<Activation> kActivations[] = {
    {"relu", Activation::Relu}, {"leaky_relu", Activation::LeakyRelu}, {"tanh", Activation::Tanh}};
const NamedValue<ReconstructionLoss> kLosses[] = {{"bce", ReconstructionLoss::Bce}, {"mse", ReconstructionLoss::Mse}};

template <typename Enum, std::size_t Count>
Enum parse_name(const NamedValue<Enum> (&table)[Count], const json& value, const char* key) {
  std::string accepted;
  if (value.is_string())
    for (const auto& entry : table)
      if (value.get<std::string>() == entry.name) return entry.value;
  for (const auto& entry : table) accepted += std::string(accepted.empty() ? "" : ", ") + '"' + entry.name + '"';
  throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must be one of " + accepted + ", got " +
                              json_excerpt(value));
}

template <typename Enum, std::size_t Count>
std::string name_of(const NamedValue<Enum> (&table)[Count], Enum value) {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  throw Error(ErrorCode::internal, "unnamed enum value");
}

int parse_int(const json& value, const char* key) {
  if (!value.is_number_integer())
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must be an integer, got " + json_excerpt(value));
  const auto v = value.get<long long>();
  if (v < -1000000000LL || v > 1000000000LL)
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" is out of range: " + json_excerpt(value));
  return static_cast<int>(v);
}

std::vector<int> parse_int_list(const json& value, const char* key) {
  if (!value.is_array())
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must be a list of integers, got " +
                                json_excerpt(value));
  std::vector<int> out;
  for (const auto& v : value) out.push_back(parse_int(v, key));
  return out;
}

float parse_number(const json& value, const char* key) {
  if (!value.is_number())
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must be a number, got " + json_excerpt(value));
  return value.get<float>();
}

// {"kind": "gaussian", "level": 0.4}; a type error names the inner key ("denoise.kind").
Corruption parse_denoise(const json& value) {
  if (!value.is_object() || !value.contains("kind"))
    throw Error(ErrorCode::config_invalid, "model config: \"denoise\" must be {\"kind\": ..., \"level\": ...}, got " +
                                json_excerpt(value));
  Corruption denoise;
  for (const auto& [key, inner] : value.items()) {
    if (key == "kind") {
      if (!inner.is_string())
        throw Error(ErrorCode::config_invalid, "model config: \"denoise.kind\" must be a string such as \"gaussian\", got " +
                                    json_excerpt(inner));
      try {
        denoise.kind = parse_corruption_kind(inner.get<std::string>());
      } catch (const std::exception& e) {
        throw Error(ErrorCode::config_invalid, std::string("model config: \"denoise.kind\": ") + e.what());
      }
    } else if (key == "level") {
      denoise.level = parse_number(inner, "denoise.level");
    } else {
      throw Error(ErrorCode::config_invalid, "model config: unknown key \"denoise." + key.substr(0, 40) + "\"");
    }
  }
  return denoise;
}

std::string format_number(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::abs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  return json(value).dump();
}

template <typename T>
void require_range(const char* key, double value, const limits::Range<T>& range) {
  if (!(value >= double(range.min) && value <= double(range.max)))
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must be in [" +
                                               format_number(double(range.min)) + ", " +
                                               format_number(double(range.max)) + "], got " + format_number(value));
}

void require_count(const char* key, const char* what, std::size_t count, const limits::Range<int>& range) {
  if (count < std::size_t(range.min) || count > std::size_t(range.max))
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must list " +
                                               std::to_string(range.min) + " to " + std::to_string(range.max) + " " +
                                               what + ", got " + std::to_string(count));
}

}  // namespace

double shortest_decimal(float value) {
  char text[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, double(value));
    if (std::strtof(text, nullptr) == value) break;
  }
  return std::strtod(text, nullptr);
}

std::string model_type_name(ModelType type) { return name_of(kTypes, type); }
std::string architecture_name(Architecture arch) { return name_of(kArchs, arch); }

ModelFootprint model_footprint(const ModelConfig& c) {
  // 64-bit sums of products of numbers validate_model_config bounds (widths
  // <= 4096, sides <= 256, at most 6 layers), so none of them can overflow.
  using U = std::uint64_t;
  ModelFootprint f;
  U outputs = 0, scratch = 0;
  auto dense = [&](U in, U out) { f.parameters += in * out + out, outputs += out; };
  const U labels = c.is_conditional() ? U(c.classes) : 0, latent = U(c.latent);
  const U heads = c.is_variational() ? 2 : 1;  // a VAE's μ and log σ² heads
  U features = 0;
  if (c.arch == Architecture::Dense) {
    U width = U(c.image_size()) + labels;
    for (int hidden : c.hidden) dense(width, U(hidden)), width = U(hidden);
    features = width;
  } else {
    U channels = U(c.image_channels), height = U(c.image_height), width = U(c.image_width);
    for (int out : c.channels) {
      height /= 2, width /= 2;
      f.parameters += U(out) * channels * 9 + U(out);
      outputs += U(out) * height * width;
      scratch = std::max(scratch, channels * 9 * height * width);  // im2col columns
      channels = U(out);
    }
    features = channels * height * width;
  }
  for (U h = 0; h < heads; ++h) dense(features, latent);
  const U decoder_input = latent + labels;
  if (c.arch == Architecture::Dense) {
    U width = decoder_input;
    for (auto it = c.hidden.rbegin(); it != c.hidden.rend(); ++it) dense(width, U(*it)), width = U(*it);
    dense(width, U(c.image_size()));
  } else {
    const std::size_t levels = c.channels.size();
    U height = U(c.image_height) >> levels, width = U(c.image_width) >> levels;
    dense(decoder_input, U(c.channels.back()) * height * width);
    for (std::size_t level = levels; level-- > 0;) {
      const U in = U(c.channels[level]), out = level > 0 ? U(c.channels[level - 1]) : U(c.image_channels);
      f.parameters += in * out * 9 + out;
      scratch = std::max(scratch, out * 9 * height * width);  // col2im columns
      height *= 2, width *= 2;
      outputs += out * height * width;
    }
  }
  // Each output twice (after the layer and after its activation), each with its gradient.
  f.activations_per_image = 4 * (outputs + U(c.image_size()) + labels) + scratch;
  return f;
}

void validate_model_config(const ModelConfig& c) {
  require_range("latent", c.latent, limits::latent);
  require_range("image channels", c.image_channels, limits::image_channels);
  require_range("image height", c.image_height, limits::image_side);
  require_range("image width", c.image_width, limits::image_side);
  if (c.arch == Architecture::Dense) {
    require_count("hidden", "dense layers", c.hidden.size(), limits::hidden_layers);
    for (int width : c.hidden) require_range("hidden", width, limits::hidden_width);
  } else {
    require_count("channels", "conv layers", c.channels.size(), limits::conv_layers);
    for (int ch : c.channels) require_range("channels", ch, limits::conv_channels);
    const int stride_product = 1 << c.channels.size();
    if (c.image_height % stride_product || c.image_width % stride_product)
      throw Error(ErrorCode::config_invalid, "model config: a conv model with " + std::to_string(c.channels.size()) +
                                                 " stride-2 layers needs image sides divisible by " +
                                                 std::to_string(stride_product));
  }
  if (!std::isfinite(c.beta)) throw Error(ErrorCode::config_invalid, "model config: \"beta\" must be finite");
  require_range("beta", c.beta, limits::beta);
  if (c.is_variational() && c.reconstruction != ReconstructionLoss::Bce)
    throw Error(ErrorCode::config_invalid,
                "model config: a VAE uses the Bernoulli likelihood: \"reconstruction\" must be \"bce\"");
  if (c.is_conditional()) require_range("classes", c.classes, limits::classes);
  require_range("denoise level", c.denoise.level, limits::noise_level);
  // Only now, with every width and side in range, is the footprint's arithmetic safe.
  const std::uint64_t parameters = model_footprint(c).parameters;
  if (parameters > limits::model_parameters.max)
    throw Error(ErrorCode::too_large, "model config: the model would have " + std::to_string(parameters) +
                                          " parameters, more than the limit of " +
                                          std::to_string(limits::model_parameters.max));
  const std::uint64_t per_image = model_footprint(c).activations_per_image;
  if (per_image > limits::batch_values.max)
    throw Error(ErrorCode::too_large, "model config: one image would need " + std::to_string(per_image) +
                                          " activation values, more than the limit of " +
                                          std::to_string(limits::batch_values.max) + " for a whole call");
}

ModelConfig parse_model_config(const std::string& json_text) {
  check_json_depth(json_text, "model config", ErrorCode::config_invalid);
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e999999
    throw Error(ErrorCode::config_invalid, "model config is not valid JSON: " + cut_text(e.what(), 200));
  }
  if (!j.is_object()) throw Error(ErrorCode::config_invalid, "model config must be a JSON object");
  ModelConfig c;
  for (const auto& [key, value] : j.items()) {
    if (key == "type") c.type = parse_name(kTypes, value, "type");
    else if (key == "arch") c.arch = parse_name(kArchs, value, "arch");
    else if (key == "image") {
      const auto dims = parse_int_list(value, "image");
      if (dims.size() != 3) throw Error(ErrorCode::config_invalid, "model config: \"image\" must be [channels, height, width]");
      c.image_channels = dims[0], c.image_height = dims[1], c.image_width = dims[2];
    } else if (key == "hidden") c.hidden = parse_int_list(value, "hidden");
    else if (key == "channels") c.channels = parse_int_list(value, "channels");
    else if (key == "latent") c.latent = parse_int(value, "latent");
    else if (key == "activation") c.activation = parse_name(kActivations, value, "activation");
    else if (key == "reconstruction") c.reconstruction = parse_name(kLosses, value, "reconstruction");
    else if (key == "beta") c.beta = parse_number(value, "beta");
    else if (key == "classes") c.classes = parse_int(value, "classes");
    else if (key == "denoise") c.denoise = parse_denoise(value);
    else {
      throw Error(ErrorCode::config_invalid, "model config: unknown key " + json_excerpt(json(key)));
    }
  }
  validate_model_config(c);
  return c;
}

TrainConfig parse_train_config(const std::string& json_text) {
  check_json_depth(json_text, "train config", ErrorCode::config_invalid);
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e999999
    throw Error(ErrorCode::config_invalid, "train config is not valid JSON: " + cut_text(e.what(), 200));
  }
  if (!j.is_object()) throw Error(ErrorCode::config_invalid, "train config must be a JSON object, got " + json_excerpt(j));
  TrainConfig c;
  for (const auto& item : j.items()) {
    // Named references, not a structured binding: C++17 lambdas cannot capture those.
    const std::string& key = item.key();
    const json& value = item.value();
    const std::string name = "train config: \"" + key + "\"";
    auto number = [&]() {
      if (!value.is_number()) throw Error(ErrorCode::config_invalid, name + " must be a number, got " + json_excerpt(value));
      return value.get<double>();
    };
    // Whole numbers as JS would write them (2, 2.0, 1e3), refused when fractional or out of range.
    auto whole = [&](const limits::Range<int>& range) {
      const double v = number();
      if (!(v >= range.min && v <= range.max) || std::floor(v) != v)
        throw Error(ErrorCode::config_invalid, name + " must be an integer in " + limits::range_text(range) + ", got " +
                                                   json_excerpt(value));
      return int(v);
    };
    if (key == "epochs") c.epochs = whole(limits::epochs);
    else if (key == "batchSize") c.batch_size = whole(limits::batch_size);
    else if (key == "learningRate") c.learning_rate = float(number());
    else if (key == "seed") {
      // Any integer a JS number holds exactly, as the bindings' seeds.
      const double v = number();
      if (!limits::seed.contains(v) || std::floor(v) != v)
        throw Error(ErrorCode::config_invalid,
                    name + ": seed must be an integer in " + limits::range_text(limits::seed) + ", got " + json_excerpt(value));
      c.seed = std::uint64_t(v);
    }
    else if (key == "klWarmupEpochs") c.kl_warmup_epochs = float(number());
    else if (key == "augment") c.augment = float(number());
    else if (key == "optimizer") {
      if (!value.is_string()) throw Error(ErrorCode::config_invalid, name + " must be a string, got " + json_excerpt(value));
      c.optimizer = value.get<std::string>();
    } else {
      throw Error(ErrorCode::config_invalid, "train config: unknown key " + json_excerpt(json(key)));
    }
  }
  validate_train_config(c);
  return c;
}

std::string model_config_to_json(const ModelConfig& c) {
  json j;
  j["type"] = name_of(kTypes, c.type);
  j["arch"] = name_of(kArchs, c.arch);
  j["image"] = {c.image_channels, c.image_height, c.image_width};
  if (c.arch == Architecture::Dense)
    j["hidden"] = c.hidden;
  else
    j["channels"] = c.channels;
  j["latent"] = c.latent;
  j["activation"] = name_of(kActivations, c.activation);
  j["reconstruction"] = name_of(kLosses, c.reconstruction);
  if (c.is_variational()) j["beta"] = shortest_decimal(c.beta);
  if (c.is_conditional()) j["classes"] = c.classes;
  if (c.denoise.kind != CorruptionKind::None)
    j["denoise"] = {{"kind", corruption_kind_name(c.denoise.kind)}, {"level", shortest_decimal(c.denoise.level)}};
  return j.dump();
}

}  // namespace ll
