#include "nn/optim/adam.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/errors.hpp"

namespace ll {
namespace {

void require_adam_learning_rate(float lr) {
  if (!(lr >= 0.0f) || !std::isfinite(lr))
    throw Error(ErrorCode::invalid_argument, "Adam: learning rate must be finite and >= 0, got " + std::to_string(lr));
}

}  // namespace

Adam::Adam(std::size_t parameter_count, AdamConfig config)
    : config_(config), m_(parameter_count, 0.0f), v_(parameter_count, 0.0f) {
  require_adam_learning_rate(config.learning_rate);
  if (!(config.beta1 >= 0.0f && config.beta1 < 1.0f) || !(config.beta2 >= 0.0f && config.beta2 < 1.0f))
    throw Error(ErrorCode::invalid_argument, "Adam: betas must be in [0, 1), got beta1=" + std::to_string(config.beta1) +
                                " beta2=" + std::to_string(config.beta2));
  if (!(config.eps >= 0.0f) || !(config.weight_decay >= 0.0f))
    throw Error(ErrorCode::invalid_argument, "Adam: eps and weight_decay must be >= 0, got eps=" + std::to_string(config.eps) +
                                " weight_decay=" + std::to_string(config.weight_decay));
}

void Adam::set_learning_rate(float lr) {
  require_adam_learning_rate(lr);
  config_.learning_rate = lr;
}

void Adam::step(Parameters& params) {
  if (params.size() != m_.size())
    throw Error(ErrorCode::shape_mismatch, "Adam: built for " + std::to_string(m_.size()) + " parameters, stepped with " +
                                std::to_string(params.size()));
  ++steps_;
  const double t = double(steps_);
  const float b1 = config_.beta1, b2 = config_.beta2, eps = config_.eps, wd = config_.weight_decay;
  const float step_size = static_cast<float>(config_.learning_rate / (1.0 - std::pow(double(b1), t)));
  const float bias_correction2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(double(b2), t)));
  float* p = params.values().data();
  const float* grad = params.grads().data();
  float* m = m_.data();
  float* v = v_.data();
  for (std::size_t i = 0, n = m_.size(); i < n; ++i) {
    const float g = grad[i] + wd * p[i];
    m[i] = b1 * m[i] + (1.0f - b1) * g;
    v[i] = b2 * v[i] + (1.0f - b2) * g * g;
    p[i] -= step_size * (m[i] / (std::sqrt(v[i]) / bias_correction2_sqrt + eps));
  }
}

}  // namespace ll
