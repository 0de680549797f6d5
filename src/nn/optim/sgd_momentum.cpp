#include "nn/optim/sgd_momentum.hpp"

#include <cmath>
#include <stdexcept>

#include "nn/errors.hpp"

namespace ll {
namespace {

void require_sgd_learning_rate(float lr) {
  if (!(lr >= 0.0f) || !std::isfinite(lr))
    throw Error(ErrorCode::invalid_argument, "SgdMomentum: learning rate must be finite and >= 0, got " + std::to_string(lr));
}

}  // namespace

SgdMomentum::SgdMomentum(std::size_t parameter_count, float learning_rate, float momentum)
    : learning_rate_(learning_rate), momentum_(momentum), velocity_(parameter_count, 0.0f) {
  require_sgd_learning_rate(learning_rate);
  if (!(momentum >= 0.0f) || !std::isfinite(momentum))
    throw Error(ErrorCode::invalid_argument, "SgdMomentum: momentum must be finite and >= 0, got " + std::to_string(momentum));
}

void SgdMomentum::set_learning_rate(float lr) {
  require_sgd_learning_rate(lr);
  learning_rate_ = lr;
}

void SgdMomentum::step(Parameters& params) {
  if (params.size() != velocity_.size())
    throw Error(ErrorCode::shape_mismatch, "SgdMomentum: built for " + std::to_string(velocity_.size()) +
                                " parameters, stepped with " + std::to_string(params.size()));
  // PyTorch starts the buffer as a copy of the first gradient, not from zero.
  const float keep = first_step_ ? 0.0f : momentum_;
  first_step_ = false;
  float* p = params.values().data();
  const float* grad = params.grads().data();
  float* b = velocity_.data();
  for (std::size_t i = 0, n = velocity_.size(); i < n; ++i) {
    b[i] = keep * b[i] + grad[i];
    p[i] -= learning_rate_ * b[i];
  }
}

}  // namespace ll
