#pragma once
// A model of the AE family: what the trainer, the CLI and the WASM bindings
// call. Images cross as [N, D] rows (D = C·H·W, values in [0, 1]); codes as
// [N, Z]; labels (conditional models only) as N class ids, empty otherwise.
//
// Losses are reported per image, in nats for the Bernoulli likelihood:
//   reconstruction = Σ_pixels BCE (or squared error for an MSE autoencoder)
//   kl             = 0.5 Σ_z (σ² + μ² − 1 − log σ²)          (VAEs)
//   total          = reconstruction + β·kl                  (what is optimised)
//   ELBO           = −(reconstruction + kl)
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "nn/parameters.hpp"
#include "nn/rng.hpp"
#include "nn/tensor.hpp"

#include <xtensor/xstorage.hpp>

namespace ll {

// Inline storage for up to kMaxLatent values (a vector's interface), so a loss
// report is built, copied and returned without touching the heap.
using PerLatentDimension = xt::svector<double, kMaxLatent>;

struct LossBreakdown {
  double reconstruction = 0.0;
  double kl = 0.0;
  double total = 0.0;
  PerLatentDimension kl_per_dim;  // Z entries for VAEs, empty otherwise
  double elbo() const { return -(reconstruction + kl); }
};

class Model {
 public:
  explicit Model(const ModelConfig& config);
  virtual ~Model() = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const ModelConfig& config() const { return config_; }
  Parameters& parameters() { return params_; }
  const Parameters& parameters() const { return params_; }
  int latent_size() const { return config_.latent; }
  int image_size() const { return config_.image_size(); }
  void set_beta(float beta);

  // code [N, Z]: the AE's code, the VAE's posterior mean μ.
  virtual void encode(const Tensor& images, const std::vector<int>& labels, Tensor& code) = 0;
  // images [N, D]: pixel probabilities (sigmoid of the decoder's logits).
  virtual void decode(const Tensor& code, const std::vector<int>& labels, Tensor& images) = 0;
  // Deterministic: decode(encode(x)) (a VAE decodes μ).
  void reconstruct(const Tensor& images, const std::vector<int>& labels, Tensor& reconstruction);

  // One pass over a batch: input may be a corrupted copy of target (denoising).
  // With gradients, dL/dθ of the per-image mean total loss is ACCUMULATED into
  // parameters().grads() (the caller zeroes them). The VAE draws ε from rng.
  virtual LossBreakdown forward_backward(const Tensor& input, const Tensor& target, const std::vector<int>& labels,
                                         Rng& rng, bool with_gradients) = 0;

  // Per-image anomaly score: reconstruction error for an AE, negative ELBO
  // (one posterior sample from rng) for a VAE.
  virtual std::vector<float> anomaly_scores(const Tensor& images, const std::vector<int>& labels, Rng& rng) = 0;

  // Throws naming what was expected: a [N, width] tensor with N ≥ 1, finite
  // values, and (for conditional models) N labels in range.
  void check_batch(const Tensor& t, int width, const std::vector<int>& labels, const char* what) const;

 protected:
  ModelConfig config_;
  Parameters params_;

 private:
  Tensor code_;
};

std::unique_ptr<Model> make_model(const ModelConfig& config, std::uint64_t seed);

}  // namespace ll
