#include "models/config.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

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
                              value.dump());
}

template <typename Enum, std::size_t Count>
std::string name_of(const NamedValue<Enum> (&table)[Count], Enum value) {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  throw Error(ErrorCode::internal, "unnamed enum value");
}

int parse_int(const json& value, const char* key) {
  if (!value.is_number_integer())
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must be an integer, got " + value.dump());
  const auto v = value.get<long long>();
  if (v < -1000000000LL || v > 1000000000LL)
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" is out of range: " + value.dump());
  return static_cast<int>(v);
}

std::vector<int> parse_int_list(const json& value, const char* key) {
  if (!value.is_array())
    throw Error(ErrorCode::config_invalid, "model config: \"" + std::string(key) + "\" must be a list of integers, got " +
                                value.dump());
  std::vector<int> out;
  for (const auto& v : value) out.push_back(parse_int(v, key));
  return out;
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
}

ModelConfig parse_model_config(const std::string& json_text) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw Error(ErrorCode::config_invalid, std::string("model config is not valid JSON: ") + e.what());
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
    else if (key == "beta") {
      if (!value.is_number()) throw Error(ErrorCode::config_invalid, "model config: \"beta\" must be a number");
      c.beta = value.get<float>();
    } else if (key == "classes") c.classes = parse_int(value, "classes");
    else if (key == "denoise") {
      if (!value.is_object() || !value.contains("kind"))
        throw Error(ErrorCode::config_invalid, "model config: \"denoise\" must be {\"kind\": ..., \"level\": ...}");
      try {
        c.denoise.kind = parse_corruption_kind(value.at("kind").get<std::string>());
      } catch (const Error& e) {
        throw Error(ErrorCode::config_invalid, std::string("model config: \"denoise\": ") + e.what());
      }
      c.denoise.level = value.value("level", 0.0f);
    } else {
      throw Error(ErrorCode::config_invalid, "model config: unknown key \"" + key + "\"");
    }
  }
  validate_model_config(c);
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
