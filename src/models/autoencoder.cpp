#include "models/autoencoder.hpp"

#include "models/networks.hpp"
#include "models/reconstruction_loss.hpp"
#include "nn/errors.hpp"
#include "nn/layers/dense.hpp"

namespace ll {

Autoencoder::Autoencoder(const ModelConfig& config, Rng& rng) : Model(config) {
  const int features = build_encoder_trunk(config_, 0, params_, rng, encoder_);
  encoder_.add(std::make_unique<Dense>(params_, "encoder." + std::to_string(encoder_.size()), features,
                                       config_.latent, rng));
  build_decoder(config_, config_.latent, params_, rng, decoder_);
}

void Autoencoder::encode(const Tensor& images, const std::vector<int>& labels, Tensor& code) {
  check_batch(images, image_size(), labels, "images");
  encoder_.forward(images, code);
}

void Autoencoder::decode(const Tensor& code, const std::vector<int>& labels, Tensor& images) {
  check_batch(code, latent_size(), labels, "latent codes");
  decoder_.forward(code, images);
  sigmoid_in_place(images);
}

LossBreakdown Autoencoder::forward_backward(const Tensor& input, const Tensor& target, const std::vector<int>& labels,
                                            Rng& /*rng*/, bool with_gradients) {
  check_batch(input, image_size(), labels, "input images");
  check_batch(target, image_size(), labels, "target images");
  const std::size_t n = input.shape()[0];
  if (target.shape()[0] != n) throw Error(ErrorCode::shape_mismatch, "input and target batches differ in size");
  encoder_.forward(input, code_);
  decoder_.forward(code_, logits_);
  const float per_image = 1.0f / float(n);
  const double sum = reconstruction_loss(config_.reconstruction, logits_, target, per_image, nullptr,
                                         with_gradients ? &dlogits_ : nullptr);
  if (with_gradients) {
    decoder_.backward(code_, logits_, dlogits_, dcode_);
    encoder_.backward_parameters(input, code_, dcode_);
  }
  LossBreakdown loss;
  loss.reconstruction = sum / double(n);
  loss.total = loss.reconstruction;
  return loss;
}

std::vector<float> Autoencoder::anomaly_scores(const Tensor& images, const std::vector<int>& labels, Rng& /*rng*/) {
  check_batch(images, image_size(), labels, "images");
  encoder_.forward(images, code_);
  decoder_.forward(code_, logits_);
  std::vector<float> scores;
  reconstruction_loss(config_.reconstruction, logits_, images, 1.0f, &scores, nullptr);
  return scores;
}

}  // namespace ll
