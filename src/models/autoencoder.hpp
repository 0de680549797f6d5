#pragma once
// The plain (and, trained on corrupted inputs, the denoising) autoencoder:
//   code [N, Z] = encoder(x [N, D]);  logits [N, D] = decoder(code)
// Dense or convolutional per ModelConfig::arch; loss BCE or MSE per image.
#include "models/model.hpp"
#include "nn/layers/sequential.hpp"

namespace ll {

class Autoencoder final : public Model {
 public:
  Autoencoder(const ModelConfig& config, Rng& rng);

  void encode(const Tensor& images, const std::vector<int>& labels, Tensor& code) override;
  void decode(const Tensor& code, const std::vector<int>& labels, Tensor& images) override;
  LossBreakdown forward_backward(const Tensor& input, const Tensor& target, const std::vector<int>& labels, Rng& rng,
                                 bool with_gradients) override;
  std::vector<float> anomaly_scores(const Tensor& images, const std::vector<int>& labels, Rng& rng) override;

  // The stacks themselves, for models/inspection.hpp (architecture, per-layer activations).
  Sequential& encoder() { return encoder_; }
  Sequential& decoder() { return decoder_; }

 private:
  Sequential encoder_;  // [N, D] -> [N, Z]
  Sequential decoder_;  // [N, Z] -> [N, D] logits
  Tensor code_, logits_, dlogits_, dcode_;
};

}  // namespace ll
