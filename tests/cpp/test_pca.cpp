// PCA rebuilt from its parts (what the page's worker sends back) projects and
// rebuilds exactly like the fit it came from; bad parts are refused with a code.
#include <cmath>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "models/pca.hpp"
#include "nn/errors.hpp"
#include "nn/rng.hpp"

using namespace ll;

TEST_CASE("Pca::from_parts equals the fit it came from", "[pca]") {
  Rng rng(3);
  Tensor rows = Tensor::from_shape({40, 6});
  for (std::size_t i = 0; i < rows.size(); ++i) rows.data()[i] = rng.normal() * float(1 + i % 6);
  const Pca fitted = Pca::fit(rows, 3);
  const Pca copy = Pca::from_parts(fitted.mean(), fitted.basis(), fitted.explained_variance());
  Tensor a, b, ra, rb;
  fitted.encode(rows, a);
  copy.encode(rows, b);
  fitted.decode(a, ra);
  copy.decode(b, rb);
  CHECK(std::vector<float>(a.begin(), a.end()) == std::vector<float>(b.begin(), b.end()));
  CHECK(std::vector<float>(ra.begin(), ra.end()) == std::vector<float>(rb.begin(), rb.end()));
  CHECK(copy.components() == 3);
}

TEST_CASE("Pca::from_parts refuses parts that do not fit together", "[pca]") {
  const auto code = [](std::vector<float> mean, std::vector<float> basis, std::vector<float> variance) {
    try {
      Pca::from_parts(std::move(mean), std::move(basis), std::move(variance));
    } catch (const std::exception& e) {
      return error_code_of(e);
    }
    return ErrorCode::internal;
  };
  CHECK(code({0, 0}, {1, 0, 0}, {1}) == ErrorCode::shape_mismatch);
  CHECK(code({0, 0}, {1, 0}, {}) == ErrorCode::shape_mismatch);
  CHECK(code({0, 0}, {1, 0, 0, 1, 1, 1}, {1, 1, 1}) == ErrorCode::shape_mismatch);
  CHECK(code({0, NAN}, {1, 0}, {1}) == ErrorCode::invalid_argument);
}
