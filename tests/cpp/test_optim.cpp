// Adam and SGD with momentum: two steps worked by hand (as torch.optim would
// take them), weight decay, learning-rate changes, size checks.
#include <cmath>
#include <iostream>

#include <catch2/catch.hpp>

#include "error_code.hpp"
#include "nn/optim/adam.hpp"
#include "nn/optim/sgd_momentum.hpp"

using namespace ll;

namespace {

Parameters three_parameters(float a, float b, float c) {
  Parameters params;
  params.add("w", {2});
  params.add("b", {1});
  params.values() = {a, b, c};
  return params;
}

void set_grads(Parameters& params, std::vector<float> grads) {
  params.grads() = std::move(grads);
}

}  // namespace

TEST_CASE("Adam takes two hand-computed steps", "[optim]") {
  // lr 0.1, betas (0.9, 0.999), eps 1e-8.
  // Step 1: m = 0.1 g, v = 0.001 g², so m̂ = g, v̂ = g² and p moves by lr·sign(g)
  //   (a zero gradient does not move it): (1, -2, 0.5) -> (0.9, -1.9, 0.5).
  // Step 2 for p0 (g1 = 0.1, g2 = 0.2): m = 0.09·0.1 + 0.1·0.2 = 0.029,
  //   v = 0.000999·0.01 + 0.001·0.04 = 4.999e-5, m̂ = m/0.19, v̂ = v/0.001999,
  //   p0 = 0.9 - 0.1·0.152632/0.158139 = 0.803482. Likewise for p1 and p2.
  Parameters params = three_parameters(1.0f, -2.0f, 0.5f);
  Adam adam(params.size(), AdamConfig{0.1f});
  CHECK(adam.kind() == "Adam");
  CHECK(adam.learning_rate() == 0.1f);

  set_grads(params, {0.1f, -0.3f, 0.0f});
  adam.step(params);
  CHECK(adam.steps_taken() == 1);
  CHECK(params.values()[0] == Approx(0.900000009999999).margin(2e-6));
  CHECK(params.values()[1] == Approx(-1.9000000033333333).margin(2e-6));
  CHECK(params.values()[2] == 0.5f);
  CHECK(adam.first_moment()[1] == Approx(-0.03).epsilon(1e-5));
  CHECK(adam.second_moment()[1] == Approx(9e-5).epsilon(1e-4));

  set_grads(params, {0.2f, 0.1f, -0.4f});
  adam.step(params);
  CHECK(adam.steps_taken() == 2);
  double worst = 0.0;
  const double expected[] = {0.803481813521253, -1.8599781479280808, 0.5744136797264351};
  for (int i = 0; i < 3; ++i) {
    CHECK(params.values()[i] == Approx(expected[i]).margin(2e-6));
    worst = std::max(worst, std::abs(params.values()[i] - expected[i]));
  }
  CHECK(adam.first_moment()[0] == Approx(0.029).epsilon(1e-5));
  CHECK(adam.second_moment()[0] == Approx(4.999e-5).epsilon(1e-4));
  std::cout << "Adam two-step example: largest difference from the hand values " << worst << "\n";
}

TEST_CASE("Adam adds weight decay to the gradient first", "[optim]") {
  // g = -0.05 + 0.1·1 = +0.05, so the first step moves p down by lr, not up.
  Parameters params = three_parameters(1.0f, 0.0f, 0.0f);
  Adam adam(params.size(), AdamConfig{0.01f, 0.9f, 0.999f, 1e-8f, 0.1f});
  set_grads(params, {-0.05f, 0.0f, 0.0f});
  adam.step(params);
  CHECK(params.values()[0] == Approx(0.99).margin(1e-6));
}

TEST_CASE("Adam learning-rate changes take effect on the next step", "[optim]") {
  Parameters a = three_parameters(1.0f, -1.0f, 0.25f), b = a;
  Adam adam_a(a.size(), AdamConfig{0.01f}), adam_b(b.size(), AdamConfig{0.01f});
  for (Parameters* p : {&a, &b}) set_grads(*p, {0.3f, -0.2f, 0.1f});
  adam_a.step(a);
  adam_b.step(b);
  const std::vector<float> before = a.values();
  adam_b.set_learning_rate(0.02f);
  CHECK(adam_b.learning_rate() == 0.02f);
  for (Parameters* p : {&a, &b}) set_grads(*p, {-0.1f, 0.4f, 0.2f});
  adam_a.step(a);
  adam_b.step(b);
  for (int i = 0; i < 3; ++i) {
    INFO("parameter " << i);
    CHECK(b.values()[i] - before[i] == Approx(2.0f * (a.values()[i] - before[i])).epsilon(1e-4));
  }
  adam_a.set_learning_rate(0.0f);
  const std::vector<float> frozen = a.values();
  adam_a.step(a);
  CHECK(a.values() == frozen);
}

TEST_CASE("Adam rejects bad configurations and mismatched parameters", "[optim]") {
  Parameters params = three_parameters(0, 0, 0);
  Adam adam(4);
  CHECK_THROWS_WITH(adam.step(params), Catch::Contains("4") && Catch::Contains("3"));
  CHECK_THROWS_MATCHES(adam.set_learning_rate(-1.0f), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(Adam(3, AdamConfig{-0.1f}), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(Adam(3, AdamConfig{0.1f, 1.0f}), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(Adam(3, AdamConfig{0.1f, 0.9f, -0.5f}), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
}

TEST_CASE("SgdMomentum takes two hand-computed steps", "[optim]") {
  // lr 0.1, momentum 0.9. Step 1: b = g (PyTorch's first buffer), p -= lr·b.
  // p0: b = 0.5, p = 1 - 0.05 = 0.95; step 2 with g = -1: b = 0.45 - 1 = -0.55, p = 0.95 + 0.055 = 1.005.
  // p1: b = -2, p = -1.8; step 2 with g = 0: b = -1.8, p = -1.8 + 0.18 = -1.62.
  Parameters params = three_parameters(1.0f, -2.0f, 3.0f);
  SgdMomentum sgd(params.size(), 0.1f);
  CHECK(sgd.kind() == "SgdMomentum");
  CHECK(sgd.momentum() == 0.9f);
  set_grads(params, {0.5f, -2.0f, 0.0f});
  sgd.step(params);
  CHECK(params.values()[0] == Approx(0.95).margin(1e-6));
  CHECK(params.values()[1] == Approx(-1.8).margin(1e-6));
  CHECK(params.values()[2] == 3.0f);
  set_grads(params, {-1.0f, 0.0f, 1.0f});
  sgd.step(params);
  CHECK(params.values()[0] == Approx(1.005).margin(1e-6));
  CHECK(params.values()[1] == Approx(-1.62).margin(1e-6));
  CHECK(params.values()[2] == Approx(2.9).margin(1e-6));
}

TEST_CASE("SgdMomentum learning-rate changes, plain SGD and argument checks", "[optim]") {
  Parameters params = three_parameters(1.0f, 1.0f, 1.0f);
  SgdMomentum sgd(params.size(), 0.1f, 0.0f);
  set_grads(params, {1.0f, 2.0f, -1.0f});
  sgd.step(params);
  CHECK(params.values()[1] == Approx(0.8).margin(1e-6));
  sgd.set_learning_rate(0.5f);
  CHECK(sgd.learning_rate() == 0.5f);
  sgd.step(params);  // momentum 0: p -= lr·g with the new rate
  CHECK(params.values()[1] == Approx(-0.2).margin(1e-6));
  CHECK(params.values()[2] == Approx(1.6).margin(1e-6));

  SgdMomentum wrong(2, 0.1f);
  CHECK_THROWS_WITH(wrong.step(params), Catch::Contains("2") && Catch::Contains("3"));
  CHECK_THROWS_MATCHES(SgdMomentum(3, -0.1f), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(SgdMomentum(3, 0.1f, -0.9f), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(sgd.set_learning_rate(-2.0f), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
}
