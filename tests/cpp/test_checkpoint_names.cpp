// PyTorch namings of the same weights (src/models/checkpoint_names.hpp): each
// layout loads every value into the right parameter, says which layout it
// was, and a file that fits none or fits ambiguously is refused with
// weights_mismatch and both lists of tensors.
#include <catch2/catch.hpp>

#include <functional>
#include <limits>
#include <map>
#include <string>

#include "models/checkpoint_names.hpp"
#include "models/model_io.hpp"
#include "nn/errors.hpp"

using namespace ll;
using Catch::Contains;

namespace {

// The model's weights under other names: rename(model name) -> file name.
SafetensorsFile renamed_file(const Model& model, const std::function<std::string(const std::string&)>& rename) {
  SafetensorsFile file;
  const Parameters& params = model.parameters();
  for (const auto& view : params.views()) {
    const float* v = params.values().data() + view.offset;
    file.tensors.push_back({rename(view.name), view.shape, std::vector<float>(v, v + view.size)});
  }
  return file;
}

// Loads the renamed weights into a differently seeded model of the same config
// through load_model (as the page and the CLI do) and checks every value landed.
CheckpointMapping require_loads(const char* config_json, const std::function<std::string(const std::string&)>& rename) {
  const ModelConfig config = parse_model_config(config_json);
  auto source = make_model(config, 7);
  const auto bytes = write_safetensors(renamed_file(*source, rename));
  CheckpointMapping mapping;
  auto loaded = load_model(bytes.data(), bytes.size(), config, &mapping);
  REQUIRE(loaded->parameters().values() == source->parameters().values());
  for (const auto& [file_name, model_name] : mapping.names) CHECK(rename(model_name) == file_name);
  return mapping;
}

std::string load_error(const SafetensorsFile& file, const char* config_json, ErrorCode* code = nullptr) {
  const auto bytes = write_safetensors(file);
  try {
    load_model(bytes.data(), bytes.size(), parse_model_config(config_json));
  } catch (const Error& e) {
    if (code) *code = e.code();
    return e.what();
  }
  return "";
}

std::string replace_prefix(const std::string& name, const std::map<std::string, std::string>& table) {
  const std::string path = name.substr(0, name.rfind('.'));
  const auto found = table.find(path);
  return found == table.end() ? name : found->second + name.substr(name.rfind('.'));
}

constexpr const char* kDenseVae = R"({"type":"vae","image":[1,8,8],"hidden":[6],"latent":3})";
constexpr const char* kConvAe = R"({"type":"ae","arch":"conv","image":[1,8,8],"channels":[2,3],"latent":4})";

}  // namespace

TEST_CASE("Latent Lab's own names load as layout 'latentlab' for every architecture", "[checkpoint_names]") {
  for (const char* config : {R"({"type":"ae","image":[1,8,8],"hidden":[5,4],"latent":2})", kConvAe, kDenseVae,
                             R"({"type":"vae","arch":"conv","image":[1,8,8],"channels":[2],"latent":2})",
                             R"({"type":"cvae","image":[1,8,8],"hidden":[5],"latent":2,"classes":3})"}) {
    INFO(config);
    const auto mapping = require_loads(config, [](const std::string& name) { return name; });
    CHECK(mapping.layout == "latentlab");
    CHECK(mapping.prefix.empty());
  }
}

TEST_CASE("The pytorch/examples VAE's fc1 fc21 fc22 fc3 fc4 load, also under module.", "[checkpoint_names]") {
  const std::map<std::string, std::string> examples{
      {"encoder.0", "fc1"}, {"fc_mu", "fc21"}, {"fc_logvar", "fc22"}, {"decoder.0", "fc3"}, {"decoder.2", "fc4"}};
  auto mapping = require_loads(kDenseVae, [&](const std::string& n) { return replace_prefix(n, examples); });
  CHECK(mapping.layout == "pytorch-examples-vae");
  CHECK(mapping.names.front() == std::pair<std::string, std::string>{"fc1.weight", "encoder.0.weight"});
  mapping = require_loads(kDenseVae, [&](const std::string& n) { return "module." + replace_prefix(n, examples); });
  CHECK(mapping.layout == "pytorch-examples-vae");
  CHECK(mapping.prefix == "module.");
  // The same file given an autoencoder's config is refused, saying what the layout is.
  auto vae = make_model(parse_model_config(kDenseVae), 1);
  ErrorCode code{};
  const std::string message =
      load_error(renamed_file(*vae, [&](const std::string& n) { return replace_prefix(n, examples); }),
                 R"({"type":"ae","image":[1,8,8],"hidden":[6],"latent":3})", &code);
  CHECK(code == ErrorCode::weights_mismatch);
  CHECK_THAT(message, Contains("one hidden layer"));
}

TEST_CASE("nn.Sequential numbering in other steps, a top-level Sequential and wrapper prefixes load", "[checkpoint_names]") {
  // bench/torch_bench.py's C1: no leading Unflatten, so the convs are encoder.0 / encoder.2 and the code layer encoder.5.
  const std::map<std::string, std::string> c1{{"encoder.1", "encoder.0"}, {"encoder.3", "encoder.2"},
                                              {"encoder.6", "encoder.5"}, {"decoder.3", "decoder.3"}};
  auto mapping = require_loads(kConvAe, [&](const std::string& n) { return "_orig_mod.module." + replace_prefix(n, c1); });
  CHECK(mapping.layout == "sequential");
  CHECK(mapping.prefix == "_orig_mod.module.");
  // Dropout between layers: every index shifts, the order does not.
  mapping = require_loads(kDenseVae, [](const std::string& n) {
    return replace_prefix(n, {{"encoder.0", "encoder.1"}, {"fc_mu", "mu"}, {"fc_logvar", "logvar"},
                              {"decoder.0", "decoder.0"}, {"decoder.2", "decoder.3"}});
  });
  CHECK(mapping.layout == "sequential");
  // nn.Sequential(*encoder, *decoder) for an AE: encoder layers first.
  mapping = require_loads(R"({"type":"ae","image":[1,8,8],"hidden":[5],"latent":2})", [](const std::string& n) {
    return replace_prefix(n, {{"encoder.0", "0"}, {"encoder.2", "2"}, {"decoder.0", "4"}, {"decoder.2", "10"}});
  });
  CHECK(mapping.layout == "sequential");
}

TEST_CASE("A file that maps ambiguously is refused, not guessed", "[checkpoint_names]") {
  auto model = make_model(parse_model_config(kDenseVae), 1);
  SafetensorsFile file = renamed_file(*model, [](const std::string& n) { return n; });
  for (const auto& t : SafetensorsFile(file).tensors)
    if (t.name.rfind("fc_mu.", 0) == 0) file.tensors.push_back({"encoder." + t.name.substr(3), t.shape, t.values});
  // fc_mu and encoder.mu both claim the μ head.
  ErrorCode code{};
  const std::string message = load_error(file, kDenseVae, &code);
  CHECK(code == ErrorCode::weights_mismatch);
  CHECK_THAT(message, Contains("ambiguous"));
  CHECK_THAT(message, Contains("'fc_mu' and 'encoder.mu'"));
}

TEST_CASE("Names that fit nothing: weights_mismatch lists the file's tensors and the model's side by side",
          "[checkpoint_names]") {
  auto model = make_model(parse_model_config(kDenseVae), 1);
  const SafetensorsFile file =
      renamed_file(*model, [](const std::string& n) { return n == "fc_mu.weight" ? "head_a.weight" : n; });
  ErrorCode code{};
  const std::string message = load_error(file, kDenseVae, &code);
  INFO(message);
  CHECK(code == ErrorCode::weights_mismatch);
  CHECK_THAT(message, Contains("the file has no tensor 'fc_mu.weight', which the model needs"));
  CHECK_THAT(message, Contains("in the file"));
  CHECK_THAT(message, Contains("the model expects"));
  CHECK_THAT(message, Contains("head_a.weight [3, 6]"));
  CHECK_THAT(message, Contains("| fc_mu.weight [3, 6]"));
  CHECK_THAT(message, Contains("decoder.2.bias [64]"));
  // A wrong shape under the right names says which, as load_parameters did.
  auto other = make_model(parse_model_config(R"({"type":"vae","image":[1,8,8],"hidden":[7],"latent":3})"), 1);
  CHECK_THAT(load_error(renamed_file(*other, [](const std::string& n) { return n; }), kDenseVae),
             Contains("tensor 'encoder.0.weight' has shape [7, 64] in the file but the model expects [6, 64]"));
}

TEST_CASE("A mapped load still refuses non-finite values and leaves the model untouched", "[checkpoint_names]") {
  auto model = make_model(parse_model_config(kDenseVae), 1);
  SafetensorsFile file = renamed_file(*model, [](const std::string& n) { return "module." + n; });
  file.tensors.back().values[2] = std::numeric_limits<float>::quiet_NaN();
  const auto bytes = write_safetensors(file);
  const std::vector<float> before = model->parameters().values();
  CHECK_THROWS_WITH(load_weights_into(*model, bytes.data(), bytes.size()), Contains("non-finite value"));
  CHECK(model->parameters().values() == before);
}
