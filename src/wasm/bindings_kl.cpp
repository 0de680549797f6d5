// The KL divergence lab's boundary (models/divergence.hpp): plain functions of
// numbers and short arrays; results as fresh Float64Arrays (the lab's values
// are doubles) or Float32Arrays (the VAE's, which are floats). The client is
// web/client/kl.js.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "models/divergence.hpp"
#include "wasm/boundary.hpp"

namespace {

using emscripten::val;
using namespace ll;
using namespace ll::wasm;

val fresh_float64(const std::vector<double>& values) {
  return val(emscripten::typed_memory_view(values.size(), values.data())).call<val>("slice");
}

std::vector<double> to_doubles(const val& array, const char* name) {
  if (!array.instanceof(val::global("Float64Array")) && !array.instanceof(val::global("Float32Array")) &&
      !array.instanceof(val::global("Array")))
    throw std::invalid_argument(std::string(name) + " must be an array of numbers");
  if (array["length"].as<double>() > DivergenceLimits::max_categories)
    throw std::invalid_argument(std::string(name) + " has more than " + std::to_string(DivergenceLimits::max_categories) +
                                " values");
  return emscripten::convertJSArrayToNumberVector<double>(array);
}

double number_field(const val& object, const char* key, const char* name) {
  const val field = object[key];
  if (field.typeOf().as<std::string>() != "number")
    throw std::invalid_argument(std::string(name) + "." + key + " must be a number");
  return field.as<double>();
}

Normal to_normal(const val& object, const char* name) {
  if (object.typeOf().as<std::string>() != "object" || object.isNull())
    throw std::invalid_argument(std::string(name) + " must be an object { mu, sigma }");
  return {number_field(object, "mu", name), number_field(object, "sigma", name)};
}

Mixture to_mixture(const val& object) {
  if (object.typeOf().as<std::string>() != "object" || object.isNull())
    throw std::invalid_argument("mixture must be an object { weight, first: { mu, sigma }, second: { mu, sigma } }");
  return {number_field(object, "weight", "mixture"), to_normal(object["first"], "mixture.first"),
          to_normal(object["second"], "mixture.second")};
}

val normal_to_js(Normal n) {
  val out = val::object();
  out.set("mu", n.mu);
  out.set("sigma", n.sigma);
  return out;
}

val discrete(const val& p, const val& q) {
  return guarded("discreteKl", [&] {
    const DiscreteKl kl = discrete_kl(to_doubles(p, "P"), to_doubles(q, "Q"));
    val out = val::object();
    out.set("p", fresh_float64(kl.p));
    out.set("q", fresh_float64(kl.q));
    out.set("terms", fresh_float64(kl.terms));
    out.set("total", kl.total);
    val infinite = val::array();
    for (int i : kl.infinite_at) infinite.call<void>("push", i);
    out.set("infiniteAt", infinite);
    return out;
  });
}

double gaussian_closed(const val& p, const val& q) {
  return guarded("gaussianKl", [&] { return gaussian_kl_closed_form(to_normal(p, "p"), to_normal(q, "q")); });
}

double gaussian_numeric(const val& p, const val& q) {
  return guarded("gaussianKlNumeric", [&] { return gaussian_kl_numeric(to_normal(p, "p"), to_normal(q, "q")); });
}

val normal_curve(const val& n, double lo, double hi, double points) {
  return guarded("normalDensity", [&] {
    return fresh_float64(normal_density(to_normal(n, "normal"), lo, hi,
                                        whole_number(points, "points", {2, DivergenceLimits::max_density_points})));
  });
}

val mixture_curve(const val& m, double lo, double hi, double points) {
  return guarded("mixtureDensity", [&] {
    return fresh_float64(mixture_density(to_mixture(m), lo, hi,
                                         whole_number(points, "points", {2, DivergenceLimits::max_density_points})));
  });
}

val moments(const val& m) {
  return guarded("mixtureMoments", [&] { return normal_to_js(mixture_moment_match(to_mixture(m))); });
}

val fit(const val& m, const std::string& direction, const val& start, double steps, double learning_rate) {
  return guarded("fitGaussian", [&] {
    if (direction != "forward" && direction != "reverse")
      throw std::invalid_argument("direction must be 'forward' or 'reverse', got '" + direction + "'");
    const FitPath path = fit_gaussian(to_mixture(m), direction == "forward" ? FitDirection::forward : FitDirection::reverse,
                                      to_normal(start, "start"),
                                      whole_number(steps, "steps", {1, DivergenceLimits::max_fit_steps}), learning_rate);
    val out = val::object();
    out.set("mu", fresh_float64(path.mu));
    out.set("sigma", fresh_float64(path.sigma));
    out.set("forward", fresh_float64(path.forward));
    out.set("reverse", fresh_float64(path.reverse));
    return out;
  });
}

double vae_term(double mu, double sigma) {
  return guarded("vaeKlTerm", [&] { return vae_kl_term(mu, sigma); });
}

val kl_per_dimension(const val& mu, const val& logvar) {
  return guarded("klPerDimension", [&] {
    const auto kl = vae_kl_per_dimension(to_floats(mu, "mu"), to_floats(logvar, "logvar"));
    return fresh_float32(kl.data(), kl.size());
  });
}

val posterior(const val& mu, const val& logvar, double count, double seed) {
  return guarded("samplePosterior", [&] {
    const PosteriorSamples s =
        sample_posterior(to_floats(mu, "mu"), to_floats(logvar, "logvar"),
                         whole_number(count, "count", {1, DivergenceLimits::max_posterior_samples}), seed_from(seed));
    val out = val::object();
    out.set("sigma", fresh_float32(s.sigma.data(), s.sigma.size()));
    out.set("eps", fresh_float32(s.eps.data(), s.eps.size()));
    out.set("z", fresh_float32(s.z.data(), s.z.size()));
    return out;
  });
}

// The slider ranges the page offers, from the C++ limits.
val divergence_limits() {
  using L = DivergenceLimits;
  val out = val::object();
  out.set("minCategories", L::min_categories);
  out.set("maxCategories", L::max_categories);
  out.set("minSigma", L::min_sigma);
  out.set("maxSigma", L::max_sigma);
  out.set("maxAbsMean", L::max_abs_mean);
  out.set("maxFitSteps", L::max_fit_steps);
  out.set("maxLearningRate", L::max_learning_rate);
  out.set("maxPosteriorSamples", L::max_posterior_samples);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(kl) {
  using emscripten::function;
  function("klDiscrete", &discrete);
  function("klGaussian", &gaussian_closed);
  function("klGaussianNumeric", &gaussian_numeric);
  function("klNormalDensity", &normal_curve);
  function("klMixtureDensity", &mixture_curve);
  function("klMixtureMoments", &moments);
  function("klFitGaussian", &fit);
  function("klVaeTerm", &vae_term);
  function("klPerDimension", &kl_per_dimension);
  function("klSamplePosterior", &posterior);
  function("klLimits", &divergence_limits);
}
