#pragma once
// The variational autoencoder, dense or convolutional, and its conditional
// variant (the one-hot label concatenated to the encoder input and to z).
//   h [N, F] = trunk(x ⊕ y);  μ, log σ² [N, Z] = heads(h)
//   z = μ + exp(0.5 log σ²) ⊙ ε,  ε ~ N(0, I) from the caller's Rng
//   logits [N, D] = decoder(z ⊕ y);  Bernoulli likelihood
//   loss per image = BCE + β·KL(N(μ, σ²) ‖ N(0, I))
#include "models/model.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/sequential.hpp"

namespace ll {

class Vae final : public Model {
 public:
  Vae(const ModelConfig& config, Rng& rng);

  void encode(const Tensor& images, const std::vector<int>& labels, Tensor& code) override;
  void encode_distribution(const Tensor& images, const std::vector<int>& labels, Tensor& mu, Tensor& logvar);
  void decode(const Tensor& code, const std::vector<int>& labels, Tensor& images) override;
  LossBreakdown forward_backward(const Tensor& input, const Tensor& target, const std::vector<int>& labels, Rng& rng,
                                 bool with_gradients) override;
  std::vector<float> anomaly_scores(const Tensor& images, const std::vector<int>& labels, Rng& rng) override;

  // The stacks themselves, for models/inspection.hpp (architecture, per-layer activations).
  Sequential& trunk() { return trunk_; }
  Dense& mu_head() { return mu_head_; }
  Dense& logvar_head() { return logvar_head_; }
  Sequential& decoder() { return decoder_; }

 private:
  int label_width() const { return config_.is_conditional() ? config_.classes : 0; }
  // dst [N, width + L] = src ⊕ one_hot(labels); just src's rows when unconditional.
  void append_labels(const Tensor& src, const std::vector<int>& labels, Tensor& dst) const;
  void run_encoder(const Tensor& images, const std::vector<int>& labels);
  void run_decoder(const Tensor& z, const std::vector<int>& labels);

  Sequential trunk_;    // [N, D+L] -> [N, F]
  int features_;        // F, known once trunk_ is built
  Dense mu_head_;       // [N, F] -> [N, Z]
  Dense logvar_head_;   // [N, F] -> [N, Z]
  Sequential decoder_;  // [N, Z+L] -> [N, D] logits
  Tensor encoder_input_, h_, mu_, logvar_, eps_, z_, decoder_input_, logits_;
  Tensor dlogits_, ddecoder_input_, dmu_, dlogvar_, dfeatures_, dfeatures_logvar_;
  std::vector<float> kl_per_dim_;
};

}  // namespace ll
