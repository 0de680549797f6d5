// Huber loss: gradients against finite differences (both branches), the
// closed form at a few points, the PyTorch golden fixtures (huber_loss at
// delta 1 and 0.5, sum and mean), and a bad delta rejected with its code.
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "gradcheck.hpp"
#include "io/safetensors.hpp"
#include "nn/errors.hpp"
#include "nn/losses/huber.hpp"

using namespace ll;
using ll::test::check_against_finite_differences;

TEST_CASE("huber gradients match finite differences in both branches", "[losses][gradcheck][huber]") {
  Rng rng(61);
  for (float delta : {1.0f, 0.5f, 2.0f})
    for (std::size_t count : {1u, 7u, 35u})
      for (Reduction reduction : {Reduction::Sum, Reduction::Mean}) {
        std::vector<float> prediction(count), target(count);
        for (std::size_t i = 0; i < count; ++i) {
          prediction[i] = rng.uniform(-3.0f, 3.0f);
          target[i] = rng.uniform(-3.0f, 3.0f);
          // Keep |d| away from delta, where the second derivative jumps and a
          // central difference straddling it is not the derivative.
          const float d = prediction[i] - target[i];
          if (std::abs(std::abs(d) - delta) < 0.05f) prediction[i] += 0.2f;
        }
        std::vector<float> grad(count, 99.0f);
        huber(prediction.data(), target.data(), count, reduction, grad.data(), delta);
        const double worst = check_against_finite_differences(
            "huber dprediction", prediction.data(), grad.data(), count,
            [&] { return double(huber(prediction.data(), target.data(), count, reduction, nullptr, delta)); },
            1e-2, 2e-3);
        INFO("delta " << delta << ", count " << count << ": largest finite-difference error " << worst);
        CHECK(worst <= 2e-3);
      }
}

TEST_CASE("huber is half the square near the target and linear beyond delta", "[losses][huber]") {
  const std::vector<float> prediction = {0.5f, 3.0f, -4.0f, 1.0f};
  const std::vector<float> target = {0.0f, 0.0f, 0.0f, 0.0f};
  std::vector<float> grad(4, 99.0f);
  // 0.125 + (3 - 0.5) + (4 - 0.5) + 0.5 (at |d| = delta both branches agree)
  CHECK(huber(prediction.data(), target.data(), 4, Reduction::Sum, grad.data()) == Approx(6.625));
  CHECK(grad == std::vector<float>{0.5f, 1.0f, -1.0f, 1.0f});
  CHECK(huber(prediction.data(), target.data(), 4, Reduction::Mean, grad.data()) == Approx(6.625 / 4));
  CHECK(grad == std::vector<float>{0.125f, 0.25f, -0.25f, 0.25f});
}

TEST_CASE("huber rejects a delta that is not positive, with invalid_argument", "[losses][huber]") {
  const float p = 1.0f, t = 0.0f;
  for (float delta : {0.0f, -1.0f, NAN, INFINITY}) {
    INFO("delta " << delta);
    try {
      huber(&p, &t, 1, Reduction::Sum, nullptr, delta);
      FAIL("no exception");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(std::string(e.what()).find("delta") != std::string::npos);
    }
  }
}

TEST_CASE("golden: huber matches torch.nn.functional.huber_loss", "[golden][losses][huber]") {
  const std::string dir = std::string(LATENTLAB_SOURCE_DIR) + "/tests/fixtures/golden/";
  int checked = 0;
  for (const char* name : {"huber_delta10_sum", "huber_delta10_mean", "huber_delta05_sum", "huber_delta05_mean"}) {
    INFO("fixture " << name);
    const auto bytes = read_file_bytes(dir + name + ".safetensors");
    const SafetensorsFile f = read_safetensors(bytes.data(), bytes.size());
    REQUIRE(f.metadata.at("loss") == "huber_loss");
    const Reduction reduction = f.metadata.at("reduction") == "sum" ? Reduction::Sum : Reduction::Mean;
    const float delta = std::stof(f.metadata.at("delta"));
    const NamedTensor* prediction = f.find("prediction");
    const NamedTensor* target = f.find("target");
    const NamedTensor* loss = f.find("loss");
    const NamedTensor* expected_grad = f.find("grad_prediction");
    REQUIRE((prediction && target && loss && expected_grad));
    std::vector<float> grad(prediction->values.size());
    const float got = huber(prediction->values.data(), target->values.data(), grad.size(), reduction, grad.data(),
                            delta);
    CHECK(std::abs(got - loss->values[0]) <= 1e-6 * std::max(1.0f, std::abs(loss->values[0])));
    double worst = 0.0;
    for (std::size_t i = 0; i < grad.size(); ++i)
      worst = std::max(worst, std::abs(double(grad[i]) - expected_grad->values[i]));
    INFO("largest gradient difference " << worst);
    CHECK(worst <= 1e-6);
    ++checked;
  }
  CHECK(checked == 4);
}
