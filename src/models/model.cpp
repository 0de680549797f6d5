#include "models/model.hpp"

#include <cmath>
#include <stdexcept>

#include "models/autoencoder.hpp"
#include "models/limits.hpp"
#include "models/vae.hpp"

namespace ll {

Model::Model(const ModelConfig& config) : config_(config) { validate_model_config(config_); }

void Model::set_beta(float beta) {
  if (!limits::beta.contains(beta))
    throw Error(ErrorCode::invalid_argument, "beta must be a finite number in " + limits::range_text(limits::beta) +
                                                 ", got " + limits::number_text(beta));
  config_.beta = beta;
}

void Model::reconstruct(const Tensor& images, const std::vector<int>& labels, Tensor& reconstruction) {
  encode(images, labels, code_);
  decode(code_, labels, reconstruction);
}

void Model::check_batch(const Tensor& t, int width, const std::vector<int>& labels, const char* what) const {
  if (t.dimension() != 2 || t.shape()[1] != std::size_t(width) || t.shape()[0] == 0)
    throw Error(ErrorCode::shape_mismatch, std::string(what) + ": expected [N, " + std::to_string(width) + "] with N >= 1, got " +
                                shape_to_string(shape_of(t)));
  for (float v : t)
    if (!std::isfinite(v)) throw Error(ErrorCode::invalid_argument, std::string(what) + " contain NaN or Inf");
  const std::size_t n = t.shape()[0];
  if (config_.is_conditional()) {
    if (labels.size() != n)
      throw Error(ErrorCode::shape_mismatch, "a conditional model needs one label per row: got " + std::to_string(labels.size()) +
                                  " labels for " + std::to_string(n) + " rows");
    for (int label : labels)
      if (label < 0 || label >= config_.classes)
        throw Error(ErrorCode::invalid_argument, "label " + std::to_string(label) + " is outside [0, " +
                                    std::to_string(config_.classes) + ")");
  } else if (!labels.empty()) {
    throw Error(ErrorCode::invalid_argument, "labels were given to a model that is not conditional");
  }
}

std::unique_ptr<Model> make_model(const ModelConfig& config, std::uint64_t seed) {
  validate_model_config(config);
  Rng rng(seed);
  if (config.is_variational()) return std::make_unique<Vae>(config, rng);
  return std::make_unique<Autoencoder>(config, rng);
}

}  // namespace ll
