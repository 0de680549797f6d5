// Golden tests: every layer, loss and optimizer against PyTorch 1.13, from the
// files tests/fixtures/make_fixtures.py writes into tests/fixtures/golden/.
//
// Each fixture holds the inputs, the parameters under their state_dict names,
// the upstream gradient "dy" (the loss is sum(y * dy)), and PyTorch's output,
// "grad_input" and "grad.<param>"; its __metadata__ holds the configuration,
// from which the C++ layer is built here. The test walks the folder, so a case
// added to the script is tested without touching this file; a module kind this
// file does not know fails the test.
//
// A value passes when |got - expected| <= tol * max(1, |expected|); each
// fixture prints its largest absolute and relative difference. The fixtures
// are float64 results rounded to float32, so the differences are the C++
// float32 rounding alone: about 1e-7 elementwise, up to ~7e-7 for the
// products (K up to 27 terms). The tolerances leave 2-3x headroom for other
// summation orders (SIMD GEMM kernels, WASM) and are far below what a wrong
// index, stride or padding would give.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "io/safetensors.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/leaky_relu.hpp"
#include "nn/layers/relu.hpp"
#include "nn/layers/sigmoid.hpp"
#include "nn/layers/tanh.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/losses/gaussian_kl.hpp"
#include "nn/losses/mse.hpp"
#include "nn/optim/adam.hpp"
#include "nn/optim/sgd_momentum.hpp"

using namespace ll;

namespace {

const std::string kGoldenDir = std::string(LATENTLAB_SOURCE_DIR) + "/tests/fixtures/golden";

struct Fixture {
  std::string name;  // file name without .safetensors
  SafetensorsFile file;

  const NamedTensor& at(const std::string& tensor) const {
    const NamedTensor* t = file.find(tensor);
    if (!t) FAIL("fixture " << name << " has no tensor '" << tensor << "'");
    return *t;
  }
  Tensor tensor(const std::string& tensor_name) const {
    const NamedTensor& t = at(tensor_name);
    Tensor out = Tensor::from_shape(t.shape);
    std::copy(t.values.begin(), t.values.end(), out.data());
    return out;
  }
  std::string config(const std::string& key) const {
    auto it = file.metadata.find(key);
    if (it == file.metadata.end()) FAIL("fixture " << name << " has no metadata '" << key << "'");
    return it->second;
  }
  int config_int(const std::string& key) const { return std::stoi(config(key)); }
};

// Every fixture whose metadata[key] == value, sorted by name. Requires at
// least one, so a renamed or missing folder cannot pass vacuously.
std::vector<Fixture> fixtures_where(const std::string& key, const std::string& value) {
  std::vector<Fixture> found;
  REQUIRE(std::filesystem::is_directory(kGoldenDir));
  for (const auto& entry : std::filesystem::directory_iterator(kGoldenDir)) {
    if (entry.path().extension() != ".safetensors") continue;
    const auto bytes = read_file_bytes(entry.path().string());
    Fixture f{entry.path().stem().string(), read_safetensors(bytes.data(), bytes.size())};
    REQUIRE(f.config("fixture_version") == "1");
    auto it = f.file.metadata.find(key);
    if (it != f.file.metadata.end() && it->second == value) found.push_back(std::move(f));
  }
  std::sort(found.begin(), found.end(), [](const Fixture& a, const Fixture& b) { return a.name < b.name; });
  INFO("fixtures with " << key << " = " << value << " in " << kGoldenDir);
  REQUIRE(!found.empty());
  return found;
}

// Largest differences over one fixture, printed once it is checked.
struct Differences {
  double absolute = 0.0;  // max |got - expected|
  double relative = 0.0;  // max |got - expected| / |expected| over |expected| >= 1e-6
  double scaled = 0.0;    // max |got - expected| / max(1, |expected|): what tol bounds

  void print(const std::string& fixture, double tol) const {
    std::cout << "[golden] " << std::left << std::setw(46) << fixture << std::right << " max abs diff "
              << std::setw(9) << std::setprecision(3) << absolute << "  max rel diff " << std::setw(9) << relative
              << "  max diff/max(1,|ref|) " << std::setw(9) << scaled << " <= " << tol << "\n";
  }
};

void compare(const std::string& what, const float* got, const Shape& got_shape, const NamedTensor& expected,
             double tol, Differences& diff) {
  INFO(what);
  REQUIRE(got_shape == expected.shape);
  std::size_t worst_index = 0;
  double worst_scaled = -1.0;
  for (std::size_t i = 0; i < expected.values.size(); ++i) {
    const double ref = expected.values[i];
    const double err = std::abs(double(got[i]) - ref);
    if (std::isnan(err)) FAIL(what << "[" << i << "] is " << got[i] << ", PyTorch has " << ref);
    const double scaled = err / std::max(1.0, std::abs(ref));
    if (scaled > worst_scaled) worst_scaled = scaled, worst_index = i;
    diff.absolute = std::max(diff.absolute, err);
    diff.scaled = std::max(diff.scaled, scaled);
    if (std::abs(ref) >= 1e-6) diff.relative = std::max(diff.relative, err / std::abs(ref));
  }
  INFO("worst element [" << worst_index << "]: got " << got[worst_index] << ", PyTorch "
                         << expected.values[worst_index]);
  CHECK(worst_scaled <= tol);
}

void compare(const std::string& what, const Tensor& got, const NamedTensor& expected, double tol, Differences& diff) {
  compare(what, got.data(), shape_of(got), expected, tol, diff);
}

void compare_scalar(const std::string& what, float got, const NamedTensor& expected, double tol, Differences& diff) {
  compare(what, &got, expected.shape, expected, tol, diff);
}

// Loads the fixture's parameters into the store through load_parameters, which
// also checks the C++ layer registered exactly PyTorch's names and shapes. The
// C++ layer is named "layer", so "layer.weight" is PyTorch's "weight".
void load_fixture_parameters(Parameters& params, const Fixture& f, const std::string& prefix) {
  SafetensorsFile subset;
  for (const auto& t : f.file.tensors) {
    const bool is_parameter = t.name != "input" && t.name != "dy" && t.name != "output" &&
                              t.name != "grad_input" && t.name.rfind("grad.", 0) != 0 &&
                              t.name.rfind("step", 0) != 0 && t.name != "target" && t.name != "loss";
    if (is_parameter) subset.tensors.push_back({prefix + t.name, t.shape, t.values});
  }
  const auto bytes = write_safetensors(subset);
  load_parameters(params, bytes.data(), bytes.size());
}

std::unique_ptr<Layer> build_layer(const Fixture& f, Parameters& params, Rng& rng) {
  const std::string module = f.config("module");
  if (module == "Linear")
    return std::make_unique<Dense>(params, "layer", f.config_int("in_features"), f.config_int("out_features"), rng);
  if (module == "Conv2d")
    return std::make_unique<Conv2d>(params, "layer", f.config_int("in_channels"), f.config_int("out_channels"),
                                    f.config_int("kernel"), f.config_int("stride"), f.config_int("padding"), rng);
  if (module == "ConvTranspose2d")
    return std::make_unique<ConvTranspose2d>(params, "layer", f.config_int("in_channels"),
                                             f.config_int("out_channels"), f.config_int("kernel"),
                                             f.config_int("stride"), f.config_int("padding"),
                                             f.config_int("output_padding"), rng);
  if (module == "ReLU") return std::make_unique<ReLU>();
  if (module == "LeakyReLU") return std::make_unique<LeakyReLU>(std::stof(f.config("negative_slope")));
  if (module == "Sigmoid") return std::make_unique<Sigmoid>();
  if (module == "Tanh") return std::make_unique<Tanh>();
  if (module == "Flatten") return std::make_unique<Flatten>();
  FAIL("fixture " << f.name << ": no C++ layer for module '" << module << "'");
  return nullptr;
}

// Forward with the fixture's input, backward with its dy; compares the output,
// the input gradient and every parameter gradient.
void check_layer_fixture(const Fixture& f, double tol) {
  INFO("fixture " << f.name);
  Rng rng(7);
  Parameters params;
  std::unique_ptr<Layer> layer = build_layer(f, params, rng);
  load_fixture_parameters(params, f, "layer.");

  const Tensor x = f.tensor("input");
  Tensor y, dx;
  layer->forward(x, y);
  Differences diff;
  compare("output", y, f.at("output"), tol, diff);
  params.zero_grad();
  layer->backward(x, y, f.tensor("dy"), dx);
  compare("grad_input", dx, f.at("grad_input"), tol, diff);
  for (const auto& view : params.views()) {
    const std::string torch_name = view.name.substr(std::string("layer.").size());
    compare("grad." + torch_name, params.grads().data() + view.offset, view.shape, f.at("grad." + torch_name), tol,
            diff);
  }
  diff.print(f.name, tol);
}

void check_layer_kind(const std::string& module, double tol) {
  for (const auto& f : fixtures_where("module", module)) check_layer_fixture(f, tol);
}

Reduction reduction_of(const Fixture& f) {
  const std::string r = f.config("reduction");
  if (r == "sum") return Reduction::Sum;
  if (r == "mean") return Reduction::Mean;
  FAIL("fixture " << f.name << ": unknown reduction '" << r << "'");
  return Reduction::Sum;
}

// Linear(6,5)-ReLU-Linear(5,3), named as nn.Sequential names them ("0", "2"),
// trained on MSE (sum) for the fixture's steps; the loss before each step and
// every parameter after it are compared.
void check_optimizer_fixture(const Fixture& f, Optimizer& optimizer, Parameters& params, Dense& fc0, ReLU& relu,
                             Dense& fc2, double tol) {
  INFO("fixture " << f.name);
  load_fixture_parameters(params, f, "");
  const Tensor x = f.tensor("input");
  const Tensor target = f.tensor("target");
  const NamedTensor& losses = f.at("loss");
  const int steps = f.config_int("steps");
  REQUIRE(losses.values.size() == std::size_t(steps));
  Differences diff;
  Tensor h, a, y, dy, da, dh, dx;
  for (int step = 1; step <= steps; ++step) {
    INFO("step " << step);
    fc0.forward(x, h);
    relu.forward(h, a);
    fc2.forward(a, y);
    dy = Tensor::from_shape(shape_of(y));
    const float loss = mse(y.data(), target.data(), y.size(), Reduction::Sum, dy.data());
    NamedTensor expected_loss{"loss", {}, {losses.values[std::size_t(step - 1)]}};
    compare_scalar("loss", loss, expected_loss, tol, diff);
    params.zero_grad();
    fc2.backward(a, y, dy, da);
    relu.backward(h, a, da, dh);
    fc0.backward(x, h, dh, dx);
    optimizer.step(params);
    for (const auto& view : params.views())
      compare("step" + std::to_string(step) + "." + view.name, params.values().data() + view.offset, view.shape,
              f.at("step" + std::to_string(step) + "." + view.name), tol, diff);
  }
  diff.print(f.name, tol);
}

}  // namespace

TEST_CASE("golden: Dense matches torch.nn.Linear", "[golden][dense]") { check_layer_kind("Linear", 2e-6); }

TEST_CASE("golden: Conv2d matches torch.nn.Conv2d", "[golden][conv2d]") { check_layer_kind("Conv2d", 2e-6); }

TEST_CASE("golden: ConvTranspose2d matches torch.nn.ConvTranspose2d", "[golden][conv_transpose2d]") {
  check_layer_kind("ConvTranspose2d", 2e-6);
}

TEST_CASE("golden: activations and Flatten match PyTorch", "[golden][activations]") {
  for (const char* module : {"ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Flatten"}) check_layer_kind(module, 5e-7);
}

TEST_CASE("golden: bce_with_logits matches binary_cross_entropy_with_logits, extreme logits included",
          "[golden][losses]") {
  for (const auto& f : fixtures_where("loss", "binary_cross_entropy_with_logits")) {
    INFO("fixture " << f.name);
    const NamedTensor& logits = f.at("logits");
    std::vector<float> grad(logits.values.size());
    const float loss = bce_with_logits(logits.values.data(), f.at("targets").values.data(), logits.values.size(),
                                       reduction_of(f), grad.data());
    Differences diff;
    compare_scalar("loss", loss, f.at("loss"), 1e-6, diff);
    compare("grad_logits", grad.data(), logits.shape, f.at("grad_logits"), 1e-6, diff);
    diff.print(f.name, 1e-6);
  }
}

TEST_CASE("golden: mse matches mse_loss", "[golden][losses]") {
  for (const auto& f : fixtures_where("loss", "mse_loss")) {
    INFO("fixture " << f.name);
    const NamedTensor& prediction = f.at("prediction");
    std::vector<float> grad(prediction.values.size());
    const float loss = mse(prediction.values.data(), f.at("target").values.data(), prediction.values.size(),
                           reduction_of(f), grad.data());
    Differences diff;
    compare_scalar("loss", loss, f.at("loss"), 1e-6, diff);
    compare("grad_prediction", grad.data(), prediction.shape, f.at("grad_prediction"), 1e-6, diff);
    diff.print(f.name, 1e-6);
  }
}

TEST_CASE("golden: gaussian_kl matches 0.5*sum(exp(logvar)+mu^2-1-logvar) and its autograd", "[golden][losses]") {
  for (const auto& f : fixtures_where("loss", "0.5*sum(exp(logvar)+mu^2-1-logvar)")) {
    INFO("fixture " << f.name);
    const NamedTensor& mu = f.at("mu");
    std::vector<float> dmu(mu.values.size()), dlogvar(mu.values.size());
    const float loss = gaussian_kl(mu.values.data(), f.at("logvar").values.data(), mu.values.size(), dmu.data(),
                                   dlogvar.data());
    Differences diff;
    compare_scalar("loss", loss, f.at("loss"), 1e-6, diff);
    compare("grad_mu", dmu.data(), mu.shape, f.at("grad_mu"), 1e-6, diff);
    compare("grad_logvar", dlogvar.data(), mu.shape, f.at("grad_logvar"), 1e-6, diff);
    diff.print(f.name, 1e-6);
  }
}

TEST_CASE("golden: Adam and SGD with momentum follow torch.optim for 5 steps on a small MLP",
          "[golden][optim]") {
  for (const char* kind : {"Adam", "SGD"}) {
    for (const auto& f : fixtures_where("optimizer", kind)) {
      Rng rng(11);
      Parameters params;
      Dense fc0(params, "0", 6, 5, rng);
      ReLU relu;
      Dense fc2(params, "2", 5, 3, rng);
      const float lr = std::stof(f.config("lr"));
      std::unique_ptr<Optimizer> optimizer;
      if (std::string(kind) == "Adam") {
        AdamConfig config;
        config.learning_rate = lr;
        config.beta1 = std::stof(f.config("beta1"));
        config.beta2 = std::stof(f.config("beta2"));
        config.eps = std::stof(f.config("eps"));
        optimizer = std::make_unique<Adam>(params.size(), config);
      } else {
        REQUIRE(f.config("dampening") == "0");
        REQUIRE(f.config("nesterov") == "False");
        optimizer = std::make_unique<SgdMomentum>(params.size(), lr, std::stof(f.config("momentum")));
      }
      check_optimizer_fixture(f, *optimizer, params, fc0, relu, fc2, 1e-6);
    }
  }
}
