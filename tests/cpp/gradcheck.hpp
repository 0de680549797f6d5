#pragma once
// The one finite-difference gradient checker. A layer's test is a line:
//
//   check_layer_gradients(layer, params, random_tensor({7, 5}, rng), rng);
//
// It defines the scalar L = Σ y ⊙ w for a fixed random w, runs forward and
// backward with dy = w, and compares dx and every parameter gradient with
// central differences (L evaluated in double). Error per element is
// |analytic - numeric| / max(1, |analytic|, |numeric|).
//
// The layer contract (nn/layer.hpp) says backward ADDS to the parameter
// gradients. So they start at kPrefilledGradient, not zero, and what backward
// added (grad - kPrefilledGradient) is what is compared: a layer that
// overwrote its gradients would be off by kPrefilledGradient everywhere. The
// same is checked for backward_parameters.
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

// Exactly representable, and large next to the tolerances below.
constexpr float kPrefilledGradient = 0.375f;

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
  auto added_by = [&](const std::function<void()>& backward) {
    std::fill(params.grads().begin(), params.grads().end(), kPrefilledGradient);
    layer.forward(x, y);
    backward();
    std::vector<float> added = params.grads();
    for (float& g : added) g -= kPrefilledGradient;
    return added;
  };
  Tensor dx;
  const std::vector<float> grads_analytic = added_by([&] { layer.backward(x, y, upstream, dx); });
  REQUIRE(shape_of(dx) == shape_of(x));
  const Tensor dx_analytic = dx;
  if (layer.has_parameters()) {
    const std::vector<float> without_dx = added_by([&] { layer.backward_parameters(x, y, upstream); });
    double worst_difference = 0.0;
    for (std::size_t i = 0; i < without_dx.size(); ++i)
      worst_difference = std::max(worst_difference, gradient_error(without_dx[i], grads_analytic[i]));
    INFO(layer.kind() << ": backward_parameters vs backward, largest parameter-gradient difference " << worst_difference);
    CHECK(worst_difference <= 1e-5);
  }

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
