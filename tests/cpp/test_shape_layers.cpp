// Flatten, Reshape and Sequential: gradients (a whole encoder and a whole
// decoder checked as one layer), shape errors, and Sequential's buffer reuse.
#include "error_code.hpp"
#include "gradcheck.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/relu.hpp"
#include "nn/layers/reshape.hpp"
#include "nn/layers/sequential.hpp"
#include "nn/layers/sigmoid.hpp"

using namespace ll;
using ll::test::check_layer_gradients;
using ll::test::random_tensor;

namespace {

bool same_tensor(const Tensor& a, const Tensor& b) {
  return shape_of(a) == shape_of(b) && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

TEST_CASE("Flatten keeps the batch and flattens the rest", "[flatten][gradcheck]") {
  Rng rng(41);
  Parameters params;
  Flatten flatten;
  CHECK(flatten.output_shape({7, 3, 5, 9}) == Shape{7, 135});
  CHECK(flatten.output_shape({1, 4}) == Shape{1, 4});
  Tensor x = random_tensor({2, 3, 5, 7}, rng), y;
  flatten.forward(x, y);
  REQUIRE(shape_of(y) == Shape{2, 105});
  CHECK(y(1, 0) == x(1, 0, 0, 0));
  CHECK(y(1, 104) == x(1, 2, 4, 6));
  check_layer_gradients(flatten, params, random_tensor({7, 3, 5, 5}, rng), rng);
  check_layer_gradients(flatten, params, random_tensor({1, 1, 9, 9}, rng), rng);
  CHECK_THROWS_WITH(flatten.forward(Tensor::from_shape({6}), y), Catch::Contains("[6]"));
}

TEST_CASE("Reshape restores a per-sample shape and rejects a size mismatch", "[reshape][gradcheck]") {
  Rng rng(42);
  Parameters params;
  Reshape reshape({3, 5, 7});
  CHECK(reshape.output_shape({7, 105}) == Shape{7, 3, 5, 7});
  CHECK(reshape.output_shape({2, 15, 7}) == Shape{2, 3, 5, 7});
  Tensor x = random_tensor({2, 105}, rng), y;
  reshape.forward(x, y);
  REQUIRE(shape_of(y) == Shape{2, 3, 5, 7});
  CHECK(y(1, 2, 4, 6) == x(1, 104));
  check_layer_gradients(reshape, params, random_tensor({7, 105}, rng), rng);
  check_layer_gradients(reshape, params, random_tensor({1, 105}, rng), rng);
  CHECK_THROWS_WITH(reshape.forward(Tensor::from_shape({2, 104}), y),
                    Catch::Contains("[N, 105]") && Catch::Contains("[N, 3, 5, 7]") && Catch::Contains("[2, 104]"));
  CHECK_THROWS_MATCHES(Reshape(Shape{}), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(Reshape(Shape{4, 0}), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
}

TEST_CASE("Sequential Conv2d->ReLU->Flatten->Dense passes a whole-chain gradient check", "[sequential][gradcheck]") {
  Rng rng(43);
  Parameters params;
  Sequential encoder;
  encoder.add(std::make_unique<Conv2d>(params, "enc.conv", 2, 4, 3, 2, 1, rng));
  encoder.add(std::make_unique<ReLU>());
  encoder.add(std::make_unique<Flatten>());
  encoder.add(std::make_unique<Dense>(params, "enc.fc", 4 * 4 * 4, 5, rng));
  CHECK(encoder.size() == 4);
  CHECK(encoder.kind() == "Sequential");
  CHECK(encoder[3].kind() == "Dense");
  CHECK(encoder.output_shape({7, 2, 7, 7}) == Shape{7, 5});

  // Finite differences across ReLU's kink are wrong by design, so the kink is
  // kept out of reach: |Σ w·x| <= 18 taps · 1/sqrt(18) · 1 = 4.24 < 5, hence
  // channels with bias +5 are active everywhere and those with -5 dead
  // everywhere, at every eps-step. The dead ones still test that the mask
  // reaches the conv gradients through the chain.
  float* conv_bias = params.values().data() + params.find("enc.conv.bias")->offset;
  for (int c = 0; c < 4; ++c) conv_bias[c] = c % 2 == 0 ? 5.0f : -5.0f;
  check_layer_gradients(encoder, params, random_tensor({7, 2, 7, 7}, rng), rng);
  check_layer_gradients(encoder, params, random_tensor({1, 2, 7, 7}, rng), rng);

  // The checker leaves the gradients it pre-filled plus what the last backward
  // added: nothing, for the dead channels.
  const float* dead_weight_grad = params.grads().data() + params.find("enc.conv.weight")->offset + 18;
  for (int i = 0; i < 18; ++i) CHECK(dead_weight_grad[i] == ll::test::kPrefilledGradient);
}

TEST_CASE("Sequential Dense->Reshape->ConvTranspose2d->Sigmoid passes a whole-chain gradient check", "[sequential][gradcheck]") {
  Rng rng(44);
  Parameters params;
  Sequential decoder;
  decoder.add(std::make_unique<Dense>(params, "dec.fc", 4, 2 * 3 * 3, rng));
  decoder.add(std::make_unique<Reshape>(Shape{2, 3, 3}));
  decoder.add(std::make_unique<ConvTranspose2d>(params, "dec.up", 2, 1, 3, 2, 1, 1, rng));
  decoder.add(std::make_unique<Sigmoid>());
  CHECK(decoder.output_shape({3, 4}) == Shape{3, 1, 6, 6});
  check_layer_gradients(decoder, params, random_tensor({3, 4}, rng), rng);
}

TEST_CASE("Sequential keeps intermediate activations and reuses their buffers", "[sequential]") {
  Rng rng(45);
  Parameters params;
  Sequential net;
  net.add(std::make_unique<Dense>(params, "fc1", 6, 4, rng));
  net.add(std::make_unique<ReLU>());
  net.add(std::make_unique<Dense>(params, "fc2", 4, 3, rng));

  Tensor y, dx;
  CHECK_THROWS_MATCHES(net.activation(0), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_WITH(net.backward(Tensor::from_shape({2, 6}), y, Tensor::from_shape({2, 3}), dx),
                    Catch::Contains("without a forward"));

  const Tensor x = random_tensor({2, 6}, rng);
  net.forward(x, y);
  Tensor expected;
  net[0].forward(x, expected);
  CHECK(same_tensor(net.activation(0), expected));
  net[1].forward(net.activation(0), expected);
  CHECK(same_tensor(net.activation(1), expected));
  CHECK_THROWS_WITH(net.activation(2), Catch::Contains("y passed to forward"));

  const float* a0 = net.activation(0).data();
  const float* a1 = net.activation(1).data();
  const Tensor dy = random_tensor({2, 3}, rng);
  net.backward(x, y, dy, dx);
  net.forward(random_tensor({2, 6}, rng), y);
  CHECK(net.activation(0).data() == a0);
  CHECK(net.activation(1).data() == a1);

  CHECK_THROWS_MATCHES(net.add(nullptr), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(net[3], ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_WITH(net.forward(Tensor::from_shape({2, 5}), y), Catch::Contains("fc1"));
}

TEST_CASE("An empty Sequential is the identity", "[sequential]") {
  Rng rng(46);
  Sequential empty;
  const Tensor x = random_tensor({2, 3}, rng);
  Tensor y, dx;
  empty.forward(x, y);
  CHECK(same_tensor(y, x));
  empty.backward(x, y, x, dx);
  CHECK(same_tensor(dx, x));
  CHECK(empty.output_shape({4, 5}) == Shape{4, 5});
}
