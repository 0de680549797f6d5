#include "gradcheck.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/relu.hpp"

using namespace ll;
using ll::test::check_layer_gradients;
using ll::test::random_tensor;

TEST_CASE("Dense gradients match finite differences at awkward sizes", "[dense][gradcheck]") {
  Rng rng(1);
  for (auto [n, in, out] : {std::tuple{1, 1, 1}, {7, 5, 3}, {3, 13, 4}, {2, 4, 9}}) {
    Parameters params;
    Dense dense(params, "fc", in, out, rng);
    check_layer_gradients(dense, params, random_tensor({std::size_t(n), std::size_t(in)}, rng), rng);
  }
}

TEST_CASE("Dense rejects a wrongly shaped input with a message naming both shapes", "[dense]") {
  Rng rng(2);
  Parameters params;
  Dense dense(params, "fc", 4, 2, rng);
  Tensor y;
  REQUIRE_THROWS_WITH(dense.forward(Tensor::from_shape({3, 5}), y), Catch::Contains("[N, 4]") && Catch::Contains("[3, 5]"));
}

TEST_CASE("ReLU gradients match finite differences away from the kink", "[relu][gradcheck]") {
  Rng rng(3);
  Parameters params;
  ReLU relu;
  Tensor x = random_tensor({7, 3, 5, 5}, rng);
  for (auto& v : x) v += v >= 0 ? 0.05f : -0.05f;  // keep eps-steps off the kink at 0
  check_layer_gradients(relu, params, x, rng);
}
