#pragma once
// The one finite-difference gradient checker. A layer's test is a line:
//
//   check_layer_gradients(layer, params, random_tensor({7, 5}, rng), rng);
//
// It defines the scalar L = Σ y ⊙ w for a fixed random w, runs forward and
// backward with dy = w, and compares dx and every parameter gradient with
// central differences (L evaluated in double). Error per element is
// |analytic - numeric| / max(1, |analytic|, |numeric|).
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include <catch2/catch.hpp>

#include "nn/layer.hpp"
#include "nn/parameters.hpp"
#include "nn/rng.hpp"

namespace ll::test {

inline Tensor random_tensor(const Shape& shape, Rng& rng, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(shape);
  for (auto& v : t) v = rng.uniform(lo, hi);
  return t;
}

inline double gradient_error(double analytic, double numeric) {
  return std::abs(analytic - numeric) / std::max({1.0, std::abs(analytic), std::abs(numeric)});
}

// Compares analytic[i] with the central difference of loss() in values[i].
// Returns the largest error seen and reports the first element over tol.
inline double check_against_finite_differences(const std::string& what, float* values, const float* analytic,
                                               std::size_t count, const std::function<double()>& loss,
                                               double eps, double tol) {
  double worst = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const float saved = values[i];
    values[i] = static_cast<float>(saved + eps);
    const double plus = loss();
    values[i] = static_cast<float>(saved - eps);
    const double minus = loss();
    values[i] = saved;
    const double numeric = (plus - minus) / (2 * eps);
    const double err = gradient_error(analytic[i], numeric);
    if (err > tol) {
      INFO(what << "[" << i << "]: analytic " << analytic[i] << " vs numeric " << numeric);
      CHECK(err <= tol);
    }
    worst = std::max(worst, err);
  }
  return worst;
}

inline void check_layer_gradients(Layer& layer, Parameters& params, Tensor x, Rng& rng, double eps = 1e-2,
                                  double tol = 2e-3) {
  Tensor y;
  layer.forward(x, y);
  const Tensor upstream = random_tensor(shape_of(y), rng);
  auto loss = [&]() {
    Tensor out;
    layer.forward(x, out);
    double sum = 0.0;
    for (std::size_t i = 0; i < out.size(); ++i) sum += double(out.data()[i]) * upstream.data()[i];
    return sum;
  };
  params.zero_grad();
  Tensor dx;
  layer.forward(x, y);
  layer.backward(x, y, upstream, dx);
  REQUIRE(shape_of(dx) == shape_of(x));
  const Tensor dx_analytic = dx;
  const std::vector<float> grads_analytic = params.grads();

  double worst = check_against_finite_differences(layer.kind() + " dx", x.data(), dx_analytic.data(), x.size(),
                                                  loss, eps, tol);
  for (const auto& view : params.views())
    worst = std::max(worst, check_against_finite_differences(layer.kind() + " " + view.name,
                                                             params.values().data() + view.offset,
                                                             grads_analytic.data() + view.offset, view.size,
                                                             loss, eps, tol));
  INFO(layer.kind() << " largest finite-difference error " << worst);
  CHECK(worst <= tol);
}

}  // namespace ll::test
