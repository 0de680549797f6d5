// LeakyReLU, Sigmoid, Tanh: finite-difference gradients, values at extreme
// inputs (no overflow, exact saturation), argument checks.
#include <cmath>
#include <limits>

#include "error_code.hpp"
#include "gradcheck.hpp"
#include "nn/layers/leaky_relu.hpp"
#include "nn/layers/sigmoid.hpp"
#include "nn/layers/tanh.hpp"

using namespace ll;
using ll::test::check_layer_gradients;
using ll::test::random_tensor;

namespace {

// Moves every element at least `margin` away from 0 so eps-steps never cross a kink.
Tensor off_the_kink(Tensor x, float margin = 0.05f) {
  for (auto& v : x) v += v >= 0 ? margin : -margin;
  return x;
}

}  // namespace

TEST_CASE("LeakyReLU gradients match finite differences", "[activations][gradcheck]") {
  Rng rng(31);
  Parameters params;
  for (float slope : {0.01f, 0.2f, -0.5f}) {
    LeakyReLU leaky(slope);
    INFO("negative_slope " << slope);
    check_layer_gradients(leaky, params, off_the_kink(random_tensor({7, 3, 5, 5}, rng)), rng);
    check_layer_gradients(leaky, params, off_the_kink(random_tensor({1, 9}, rng)), rng);
  }
}

TEST_CASE("LeakyReLU values and defaults", "[activations]") {
  LeakyReLU leaky;
  CHECK(leaky.negative_slope() == 0.01f);
  Tensor x = {{-100.0f, -1.0f, 0.0f, 2.5f}}, y;
  leaky.forward(x, y);
  CHECK(y(0, 0) == Approx(-1.0f));
  CHECK(y(0, 1) == Approx(-0.01f));
  CHECK(y(0, 2) == 0.0f);
  CHECK(y(0, 3) == 2.5f);
  CHECK_THROWS_MATCHES(LeakyReLU(std::numeric_limits<float>::quiet_NaN()), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
}

TEST_CASE("Sigmoid gradients match finite differences", "[activations][gradcheck]") {
  Rng rng(32);
  Parameters params;
  Sigmoid sigmoid;
  check_layer_gradients(sigmoid, params, random_tensor({7, 3, 5, 5}, rng, -4.0f, 4.0f), rng);
  check_layer_gradients(sigmoid, params, random_tensor({1, 7}, rng, -4.0f, 4.0f), rng);
}

TEST_CASE("Sigmoid saturates exactly at extreme inputs without overflow", "[activations]") {
  Sigmoid sigmoid;
  Tensor x = {-1000.0f, -100.0f, -1.0f, 0.0f, 1.0f, 100.0f, 1000.0f}, y;
  sigmoid.forward(x, y);
  for (std::size_t i = 0; i < x.size(); ++i) {
    INFO("x = " << x(i) << ", y = " << y(i));
    REQUIRE(std::isfinite(y(i)));
    CHECK(y(i) == Approx(1.0 / (1.0 + std::exp(-double(x(i))))).margin(1e-7));
  }
  CHECK(y(0) == 0.0f);
  CHECK(y(6) == 1.0f);
  CHECK(y(1) > 0.0f);  // 3.7e-44, a float subnormal: not flushed by the stable form
}

TEST_CASE("Tanh gradients match finite differences", "[activations][gradcheck]") {
  Rng rng(33);
  Parameters params;
  Tanh tanh_layer;
  check_layer_gradients(tanh_layer, params, random_tensor({7, 3, 5, 5}, rng, -2.0f, 2.0f), rng);
  check_layer_gradients(tanh_layer, params, random_tensor({1, 7}, rng, -2.0f, 2.0f), rng);
}

TEST_CASE("Tanh values at extreme inputs", "[activations]") {
  Tanh tanh_layer;
  Tensor x = {-100.0f, -0.5f, 0.0f, 0.5f, 100.0f}, y, dx;
  tanh_layer.forward(x, y);
  for (std::size_t i = 0; i < x.size(); ++i) CHECK(y(i) == Approx(std::tanh(double(x(i)))).margin(1e-7));
  const Tensor dy = xt::ones<float>({5});
  tanh_layer.backward(x, y, dy, dx);
  CHECK(dx(0) == 0.0f);
  CHECK(dx(2) == 1.0f);
  CHECK(dx(3) == Approx(1.0 - std::pow(std::tanh(0.5), 2)));
}
