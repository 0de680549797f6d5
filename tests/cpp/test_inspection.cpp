// models/inspection: the per-layer activations against the model's own forward
// pass (each Sequential keeps its intermediate outputs, the heads and the code
// come from encode / encode_distribution), the last against reconstruct(), and
// the described shapes and parameter counts against the model's, for dense and
// conv, AE and VAE, at several widths.
#include <catch2/catch.hpp>

#include "gradcheck.hpp"
#include "models/autoencoder.hpp"
#include "models/inspection.hpp"
#include "models/trainer.hpp"
#include "models/vae.hpp"

using namespace ll;

namespace {

double largest_difference(const Tensor& a, const Tensor& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::abs(a.data()[i] - b.data()[i])));
  return worst;
}

// Outputs must be the same computation: bit for bit, not merely close.
void require_same(const Tensor& got, const Tensor& expected, const std::string& what) {
  INFO(what << ": got " << shape_to_string(shape_of(got)) << ", expected " << shape_to_string(shape_of(expected)));
  REQUIRE(got.size() == expected.size());
  CHECK(largest_difference(got, expected) == 0.0);
}

Shape with_batch(std::size_t n, const Shape& per_image) {
  Shape shape{n};
  shape.insert(shape.end(), per_image.begin(), per_image.end());
  return shape;
}

// Each stack layer's activation is the Sequential's own a_i (its last layer's is
// `last`, the output it handed out); returns the index after the stack.
std::size_t check_stack(const std::vector<LayerDescription>& layers, const std::vector<Tensor>& acts, std::size_t at,
                        Sequential& stack, const std::string& prefix, const Tensor& last) {
  for (std::size_t i = 0; i < stack.size(); ++i, ++at) {
    CHECK(layers[at].name == prefix + "." + std::to_string(i));
    CHECK(layers[at].kind == stack[i].kind());
    require_same(acts[at], i + 1 < stack.size() ? stack.activation(i) : last, layers[at].name);
  }
  return at;
}

void check_against_forward_pass(const std::string& json) {
  INFO("config " << json);
  auto model = make_model(parse_model_config(json), 3);
  const ModelConfig& c = model->config();
  Rng rng(8);
  const std::size_t n = 3;
  const Tensor x = test::random_tensor({n, std::size_t(model->image_size())}, rng, 0.0f, 1.0f);
  const std::vector<int> labels = c.is_conditional() ? std::vector<int>{2, 0, 1} : std::vector<int>{};
  const auto layers = describe_layers(*model);
  const auto acts = layer_activations(*model, x, labels);
  REQUIRE(acts.size() == layers.size());
  std::size_t params = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    INFO("layer " << i << " " << layers[i].name);
    CHECK(shape_of(acts[i]) == with_batch(n, layers[i].shape));
    params += layers[i].parameters;
  }
  CHECK(params == model->parameters().size());
  REQUIRE(layers.front().kind == "Input");
  CHECK(layers.front().shape == Shape{std::size_t(c.image_channels), std::size_t(c.image_height), std::size_t(c.image_width)});
  REQUIRE(layers.back().kind == "Sigmoid");
  CHECK(layers.back().shape == layers.front().shape);

  // The model's own step-by-step pass: each Sequential keeps its a_i.
  Tensor code, logvar, logits, reconstruction;
  const std::size_t first = c.is_conditional() ? 2 : 1;
  if (auto* ae = dynamic_cast<Autoencoder*>(model.get())) {
    ae->encode(x, labels, code);
    std::size_t at = check_stack(layers, acts, first, ae->encoder(), "encoder", code);
    CHECK(layers[at - 1].code);
    ae->decoder().forward(code, logits);
    at = check_stack(layers, acts, at, ae->decoder(), "decoder", logits);
    CHECK(at == layers.size() - 1);
  } else {
    auto* vae = dynamic_cast<Vae*>(model.get());
    REQUIRE(vae);
    vae->encode_distribution(x, labels, code, logvar);
    // The trunk's last output h is not kept by the trunk: its heads' inputs must equal it.
    Tensor h;
    vae->trunk().forward(c.is_conditional() ? acts[1] : x, h);
    std::size_t at = check_stack(layers, acts, first, vae->trunk(), "encoder", h);
    CHECK(layers[at].name == "fc_mu");
    require_same(acts[at], code, "μ");
    require_same(acts[at + 1], logvar, "log σ²");
    CHECK(layers[at + 2].kind == "Sample");
    CHECK(layers[at + 2].code);
    require_same(acts[at + 2], code, "z = μ");
    at += 3;
    if (c.is_conditional()) {
      CHECK(acts[at](0, c.latent + 2) == 1.0f);  // the first row's label, one-hot
      ++at;
    }
    vae->decoder().forward(acts[at - 1], logits);
    at = check_stack(layers, acts, at, vae->decoder(), "decoder", logits);
    CHECK(at == layers.size() - 1);
  }
  model->reconstruct(x, labels, reconstruction);
  require_same(acts.back(), reconstruction, "output vs reconstruct()");
}

std::vector<Shape> shapes_of(const std::vector<LayerDescription>& layers, bool with_parameters_only) {
  std::vector<Shape> out;
  for (const auto& layer : layers)
    if (!with_parameters_only || layer.parameters > 0 || layer.kind == "Input" || layer.kind == "Sigmoid")
      out.push_back(layer.shape);
  return out;
}

}  // namespace

TEST_CASE("Per-layer activations are the model's forward pass, layer by layer, and end in reconstruct()",
          "[inspection]") {
  check_against_forward_pass(R"({"type":"ae","arch":"dense","image":[1,6,6],"hidden":[7,5],"latent":3})");
  check_against_forward_pass(R"({"type":"ae","arch":"dense","image":[1,6,6],"hidden":[],"latent":4,"activation":"tanh"})");
  check_against_forward_pass(R"({"type":"ae","arch":"conv","image":[1,8,8],"channels":[3,5],"latent":4})");
  check_against_forward_pass(R"({"type":"ae","arch":"conv","image":[1,8,8],"channels":[2,4,6],"latent":2,"activation":"leaky_relu"})");
  check_against_forward_pass(R"({"type":"vae","arch":"dense","image":[1,6,6],"hidden":[9],"latent":2})");
  check_against_forward_pass(R"({"type":"vae","arch":"conv","image":[1,8,8],"channels":[2,3],"latent":3})");
  check_against_forward_pass(R"({"type":"cvae","arch":"dense","image":[1,6,6],"hidden":[8],"latent":2,"classes":3})");
  check_against_forward_pass(R"({"type":"ae","arch":"conv","channels":[16,32],"latent":32})");  // ae_conv's layers
}

TEST_CASE("The described architecture has the model's shapes, kernels and parameter counts", "[inspection]") {
  auto conv = make_model(parse_model_config(R"({"type":"ae","arch":"conv","channels":[16,32],"latent":32})"), 1);
  const auto layers = describe_layers(*conv);
  // Input, Conv, Conv, code, Dense, ConvT, ConvT, output.
  CHECK(shapes_of(layers, true) == std::vector<Shape>{{1, 28, 28}, {16, 14, 14}, {32, 7, 7}, {32}, {1568},
                                                      {16, 14, 14}, {1, 28, 28}, {1, 28, 28}});
  // layers[1] is the Reshape of the rows to 1×28×28.
  CHECK(layers[2].kind == "Conv2d");
  CHECK(layers[2].kernel == 3);
  CHECK(layers[2].stride == 2);
  CHECK(layers[2].parameters == 16 * 1 * 9 + 16);
  CHECK(layers[4].parameters == 32 * 16 * 9 + 32);

  auto wider = make_model(parse_model_config(R"({"type":"ae","arch":"conv","channels":[8,24],"latent":10})"), 1);
  CHECK(shapes_of(describe_layers(*wider), true) ==
        std::vector<Shape>{{1, 28, 28}, {8, 14, 14}, {24, 7, 7}, {10}, {1176}, {8, 14, 14}, {1, 28, 28}, {1, 28, 28}});

  auto vae = make_model(parse_model_config(R"({"type":"vae","arch":"dense","hidden":[400],"latent":20})"), 1);
  const auto v = describe_layers(*vae);
  std::vector<std::string> heads;
  for (const auto& layer : v)
    if (layer.part == "heads") heads.push_back(layer.name + ":" + layer.kind + ":" + std::to_string(layer.shape[0]));
  CHECK(heads == std::vector<std::string>{"fc_mu:Dense:20", "fc_logvar:Dense:20", "z:Sample:20"});
  CHECK(shapes_of(v, true) == std::vector<Shape>{{1, 28, 28}, {400}, {20}, {20}, {400}, {784}, {1, 28, 28}});
}

TEST_CASE("Conv filters are the weights of one output channel", "[inspection]") {
  auto model = make_model(parse_model_config(R"({"type":"ae","arch":"conv","image":[1,8,8],"channels":[2,3],"latent":2})"), 4);
  const Parameters& p = model->parameters();
  // encoder.3 is the second Conv2d, weight [3, 2, 3, 3]: channel 1's filters are weight[1].
  const ConvFilters f = conv_filters(*model, "encoder.3", 1);
  REQUIRE(shape_of(f.weights) == Shape{2, 3, 3});
  const float* w = p.values().data() + p.find("encoder.3.weight")->offset;
  for (std::size_t i = 0; i < 18; ++i) CHECK(f.weights.data()[i] == w[18 + i]);
  CHECK(f.bias == p.values()[p.find("encoder.3.bias")->offset + 1]);
  // decoder.3 is the first ConvTranspose2d, weight [Cin 3, Cout 2, 3, 3]: output channel 1 is weight[:, 1].
  const ConvFilters t = conv_filters(*model, "decoder.3", 1);
  REQUIRE(shape_of(t.weights) == Shape{3, 3, 3});
  const float* wt = p.values().data() + p.find("decoder.3.weight")->offset;
  for (std::size_t c = 0; c < 3; ++c)
    for (std::size_t k = 0; k < 9; ++k) CHECK(t.weights.data()[c * 9 + k] == wt[(c * 2 + 1) * 9 + k]);

  CHECK_THROWS_WITH(conv_filters(*model, "encoder.2", 0), Catch::Contains("ReLU, not a convolution"));
  CHECK_THROWS_WITH(conv_filters(*model, "encoder.3", 3), Catch::Contains("3 output channels"));
  CHECK_THROWS_WITH(conv_filters(*model, "nope", 0), Catch::Contains("no layer named"));
  CHECK_THROWS(layer_activations(*model, Tensor::from_shape({1, 10}), {}));
}

TEST_CASE("A trainer keeps a requested preview of its batch: noisy input, clean target, output before the update",
          "[inspection][trainer]") {
  const std::string json =
      R"({"type":"ae","arch":"dense","image":[1,6,6],"hidden":[8],"latent":3,"denoise":{"kind":"gaussian","level":0.5}})";
  auto model = make_model(parse_model_config(json), 2);
  auto twin = make_model(parse_model_config(json), 2);  // the same weights, never trained
  Rng rng(6);
  const Tensor images = test::random_tensor({10, 36}, rng, 0.0f, 1.0f);
  TrainConfig config;
  config.batch_size = 4;
  config.epochs = 2;
  Trainer trainer(*model, images, {}, config);
  CHECK(trainer.preview().step == 0);
  CHECK_THROWS_WITH(trainer.request_preview(0), Catch::Contains("preview images must be in [1, 16]"));
  CHECK_THROWS(trainer.request_preview(kMaxPreviewImages + 1));

  trainer.request_preview(3);
  trainer.step();
  const BatchPreview& p = trainer.preview();
  CHECK(p.step == 1);
  REQUIRE(shape_of(p.input) == Shape{3, 36});
  // Each target is a training image; each input its corrupted copy.
  for (std::size_t row = 0; row < 3; ++row) {
    bool found = false;
    for (std::size_t i = 0; i < 10 && !found; ++i)
      found = std::equal(p.target.data() + row * 36, p.target.data() + (row + 1) * 36, images.data() + i * 36);
    CHECK(found);
  }
  CHECK(largest_difference(p.input, p.target) > 0.1);
  Tensor before;
  twin->reconstruct(p.input, {}, before);
  require_same(p.output, before, "preview output vs the untrained twin's reconstruction");

  const Tensor kept = p.output;
  trainer.step();  // not requested: the preview stays that of step 1
  CHECK(trainer.preview().step == 1);
  require_same(trainer.preview().output, kept, "an unrequested step leaves the preview");
  trainer.request_preview(16);  // more than the last batch of the epoch (2 images) holds
  trainer.step();
  CHECK(trainer.preview().step == 3);
  CHECK(trainer.preview().input.shape()[0] == 2);
}
