// Models as wholes: gradients of the full losses by finite differences (with the
// VAE's noise fixed by reseeding), loss decrease over 50 steps, save/load round
// trips, and the errors a bad config or a foreign weight file must raise.
#include <cmath>

#include "gradcheck.hpp"
#include "models/latent.hpp"
#include "models/model_io.hpp"
#include "models/trainer.hpp"
#include "models/vae.hpp"
#include "io/safetensors.hpp"

using namespace ll;

namespace {

// Small blobs and bars: structured enough for a model to learn in 50 steps.
Tensor synthetic_images(int n, int side, Rng& rng) {
  Tensor images = xt::zeros<float>({std::size_t(n), std::size_t(side * side)});
  for (int i = 0; i < n; ++i) {
    const int r = int(rng.below(side - 2)), c = int(rng.below(side - 2));
    const bool bar = rng.uniform() < 0.5f;
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x) {
        const bool on = bar ? (x == c) : (y >= r && y < r + 3 && x >= c && x < c + 3);
        if (on) images(i, y * side + x) = 0.9f;
      }
  }
  return images;
}

void check_model_gradients(const std::string& json, int side, bool with_labels) {
  INFO("config " << json);
  auto model = make_model(parse_model_config(json), 11);
  Rng data_rng(5);
  const Tensor x = test::random_tensor({3, std::size_t(side * side)}, data_rng, 0.05f, 0.95f);
  const std::vector<int> labels = with_labels ? std::vector<int>{0, 2, 1} : std::vector<int>{};
  auto loss = [&]() {
    Rng noise(99);  // the same ε for every evaluation
    return model->forward_backward(x, x, labels, noise, false).total;
  };
  Parameters& params = model->parameters();
  params.zero_grad();
  Rng noise(99);
  model->forward_backward(x, x, labels, noise, true);
  const std::vector<float> analytic = params.grads();
  const double worst = test::check_against_finite_differences("params", params.values().data(), analytic.data(),
                                                              params.size(), loss, 1e-2, 5e-3);
  std::cout << "model gradient check " << json << ": largest error " << worst << "\n";
}

}  // namespace

TEST_CASE("Whole-model loss gradients match finite differences with fixed noise", "[models][gradcheck]") {
  // tanh keeps the finite differences off ReLU's kinks; ReLU itself is checked layer by layer.
  check_model_gradients(R"({"type":"vae","arch":"dense","image":[1,4,4],"hidden":[5],"latent":2,"beta":0.7,"activation":"tanh"})",
                        4, false);
  check_model_gradients(
      R"({"type":"cvae","arch":"dense","image":[1,4,4],"hidden":[5],"latent":2,"classes":3,"activation":"tanh"})", 4, true);
  check_model_gradients(R"({"type":"vae","arch":"conv","image":[1,8,8],"channels":[2,3],"latent":2,"activation":"tanh"})",
                        8, false);
  check_model_gradients(R"({"type":"ae","arch":"dense","image":[1,4,4],"hidden":[6,4],"latent":2,"activation":"tanh"})", 4,
                        false);
  check_model_gradients(
      R"({"type":"ae","arch":"dense","image":[1,4,4],"hidden":[6],"latent":3,"reconstruction":"mse","activation":"tanh"})",
      4, false);
  check_model_gradients(R"({"type":"ae","arch":"conv","image":[1,8,8],"channels":[3],"latent":2,"activation":"tanh"})", 8,
                        false);
}

TEST_CASE("Each model family lowers its loss within 50 steps", "[models][training]") {
  for (const char* json : {R"({"type":"ae","arch":"dense","image":[1,8,8],"hidden":[32],"latent":4})",
                           R"({"type":"ae","arch":"dense","image":[1,8,8],"hidden":[32],"latent":4,"denoise":{"kind":"gaussian","level":0.3}})",
                           R"({"type":"vae","arch":"dense","image":[1,8,8],"hidden":[32],"latent":4})",
                           R"({"type":"vae","arch":"conv","image":[1,8,8],"channels":[4,8],"latent":4})",
                           R"({"type":"ae","arch":"conv","image":[1,8,8],"channels":[4],"latent":4})",
                           R"({"type":"cvae","arch":"dense","image":[1,8,8],"hidden":[32],"latent":2})"}) {
    INFO("config " << json);
    auto model = make_model(parse_model_config(json), 3);
    Rng rng(4);
    const Tensor images = synthetic_images(256, 8, rng);
    std::vector<int> labels;
    for (int i = 0; i < 256; ++i) labels.push_back(i % 10);
    if (!model->config().is_conditional()) labels.clear();
    const double before = evaluate_model(*model, images, labels, 64, 1).total;
    TrainConfig tc;
    tc.epochs = 100;
    tc.batch_size = 32;
    tc.learning_rate = 3e-3f;
    Trainer trainer(*model, images, labels, tc);
    for (int s = 0; s < 50; ++s) trainer.step();
    const double after = evaluate_model(*model, images, labels, 64, 1).total;
    std::cout << json << ": loss per image " << before << " -> " << after << " after 50 steps\n";
    CHECK(after < 0.8 * before);
  }
}

TEST_CASE("Save then load gives identical outputs, in F32 and (within rounding) F16", "[models][io]") {
  for (const char* json : {R"({"type":"vae","arch":"dense","image":[1,8,8],"hidden":[16],"latent":3})",
                           R"({"type":"ae","arch":"conv","image":[1,8,8],"channels":[2,4],"latent":2})",
                           R"({"type":"cvae","arch":"dense","image":[1,8,8],"hidden":[16],"latent":2})"}) {
    auto model = make_model(parse_model_config(json), 8);
    Rng rng(1);
    const Tensor x = synthetic_images(5, 8, rng);
    const std::vector<int> labels = model->config().is_conditional() ? std::vector<int>{1, 2, 3, 4, 5} : std::vector<int>{};
    Tensor before, after;
    model->reconstruct(x, labels, before);
    const auto bytes = save_model(*model, {{"epochs", "0"}});
    auto loaded = load_model(bytes.data(), bytes.size());
    loaded->reconstruct(x, labels, after);
    CHECK(model_config_to_json(loaded->config()) == model_config_to_json(model->config()));
    REQUIRE(before.size() == after.size());
    for (std::size_t i = 0; i < before.size(); ++i) REQUIRE(before.data()[i] == after.data()[i]);

    const auto half = save_model(*model, {}, true);
    CHECK(bytes.size() - half.size() >= 2 * model->parameters().size() - 8);  // 2 bytes saved per value
    auto loaded_half = load_model(half.data(), half.size());
    loaded_half->reconstruct(x, labels, after);
    float worst = 0;
    for (std::size_t i = 0; i < before.size(); ++i) worst = std::max(worst, std::abs(before.data()[i] - after.data()[i]));
    std::cout << json << ": F16 round trip largest output difference " << worst << "\n";
    CHECK(worst < 2e-2f);
  }
}

TEST_CASE("Bad configs and mismatched weights raise messages that name the problem", "[models][errors]") {
  CHECK_THROWS_WITH(parse_model_config(R"({"type":"vae","latent":0})"), Catch::Contains("latent"));
  CHECK_THROWS_WITH(parse_model_config(R"({"type":"vae","latent":1000000000})"), Catch::Contains("latent"));
  CHECK_THROWS_WITH(parse_model_config(R"({"type":"gan"})"), Catch::Contains("\"ae\", \"vae\", \"cvae\""));
  CHECK_THROWS_WITH(parse_model_config(R"({"type":"ae","widths":[3]})"), Catch::Contains("unknown key \"widths\""));
  CHECK_THROWS_WITH(parse_model_config(R"({"type":"vae","reconstruction":"mse"})"), Catch::Contains("Bernoulli"));
  CHECK_THROWS_WITH(parse_model_config("{not json"), Catch::Contains("not valid JSON"));
  CHECK_THROWS_WITH(make_model(parse_model_config(R"({"type":"cvae","arch":"conv"})"), 1),
                    Catch::Contains("dense"));

  auto small = make_model(parse_model_config(R"({"type":"ae","image":[1,8,8],"hidden":[4],"latent":2})"), 1);
  auto other = make_model(parse_model_config(R"({"type":"ae","image":[1,8,8],"hidden":[5],"latent":2})"), 1);
  const auto bytes = save_model(*small);
  CHECK_THROWS_WITH(load_weights_into(*other, bytes.data(), bytes.size()), Catch::Contains("different model"));

  Tensor wrong = xt::zeros<float>({2, 10}), out;
  CHECK_THROWS_WITH(small->encode(wrong, {}, out), Catch::Contains("[N, 64]") && Catch::Contains("[2, 10]"));
  Tensor nan_input = xt::zeros<float>({1, 64});
  nan_input(0, 3) = std::nanf("");
  CHECK_THROWS_WITH(small->encode(nan_input, {}, out), Catch::Contains("NaN"));
}

TEST_CASE("A diverging learning rate stops training with a message and keeps the last good weights",
          "[models][training][errors]") {
  auto model = make_model(parse_model_config(R"({"type":"vae","image":[1,8,8],"hidden":[16],"latent":2})"), 2);
  Rng rng(4);
  const Tensor images = synthetic_images(64, 8, rng);
  TrainConfig tc;
  tc.learning_rate = 10.0f;
  tc.batch_size = 16;
  Trainer trainer(*model, images, {}, tc);
  bool diverged = false;
  std::vector<float> last_good = model->parameters().values();
  for (int s = 0; s < 500 && !diverged; ++s) {
    try {
      last_good = model->parameters().values();
      trainer.step();
    } catch (const Error& e) {
      REQUIRE(e.code() == ErrorCode::diverged);
      diverged = true;
      INFO(e.what());
      CHECK_THAT(e.what(), Catch::Contains("training diverged at epoch 1, batch") &&
                               Catch::Contains("is not finite (learning rate 10)"));
    }
  }
  REQUIRE(diverged);
  CHECK(model->parameters().values() == last_good);
  for (float v : model->parameters().values()) REQUIRE(std::isfinite(v));

  TrainConfig bad = tc;
  bad.learning_rate = std::nanf("");
  CHECK_THROWS_WITH(Trainer(*model, images, {}, bad), Catch::Contains("learning rate"));
}

TEST_CASE("Latent interpolation ends exactly at both endpoints; slerp keeps the norm path", "[models][latent]") {
  const float a[3] = {1, 0, 0}, b[3] = {0, 2, 0};
  Tensor lin, sph;
  interpolate(a, b, 3, 5, false, lin);
  interpolate(a, b, 3, 5, true, sph);
  for (int j = 0; j < 3; ++j) {
    CHECK(lin(0, j) == a[j]);
    CHECK(lin(4, j) == Approx(b[j]));
    CHECK(sph(0, j) == Approx(a[j]).margin(1e-6));
    CHECK(sph(4, j) == Approx(b[j]).margin(1e-6));
  }
  const double mid_norm = std::sqrt(double(sph(2, 0)) * sph(2, 0) + double(sph(2, 1)) * sph(2, 1));
  CHECK(mid_norm == Approx(1.5).epsilon(1e-5));
  CHECK(sph(2, 0) == Approx(sph(2, 1) / 1.0).epsilon(1e-5));  // 45 degrees
}

TEST_CASE("Weights saved elsewhere (format \"pt\" or no metadata) load when the config is given", "[models][io]") {
  const ModelConfig config = parse_model_config(R"({"type":"ae","image":[1,8,8],"hidden":[4],"latent":2})");
  auto model = make_model(config, 3);
  for (const auto& metadata : {std::map<std::string, std::string>{{"format", "pt"}},
                               std::map<std::string, std::string>{}}) {
    const auto bytes = save_parameters(model->parameters(), metadata);
    CHECK_THROWS_WITH(load_model(bytes.data(), bytes.size()), Catch::Contains("give the model config"));
    auto loaded = load_model(bytes.data(), bytes.size(), config);
    CHECK(loaded->parameters().values() == model->parameters().values());
  }
}

TEST_CASE("Configs write float settings with the fewest digits that read back the same", "[models][config]") {
  const ModelConfig c =
      parse_model_config(R"({"type":"vae","beta":0.4,"latent":2})");
  CHECK_THAT(model_config_to_json(c), Catch::Contains("\"beta\":0.4,"));
  ModelConfig d = parse_model_config(R"({"type":"ae","denoise":{"kind":"gaussian","level":0.3}})");
  CHECK_THAT(model_config_to_json(d), Catch::Contains("\"level\":0.3}"));
  CHECK(parse_model_config(model_config_to_json(d)).denoise.level == d.denoise.level);
}
