#include "models/vae.hpp"

#include <cmath>

#include "models/networks.hpp"
#include "models/reconstruction_loss.hpp"
#include "nn/errors.hpp"
#include "nn/losses/gaussian_kl.hpp"

namespace ll {

Vae::Vae(const ModelConfig& config, Rng& rng)
    : Model(config),
      features_(build_encoder_trunk(config_, label_width(), params_, rng, trunk_)),
      mu_head_(params_, "fc_mu", features_, config_.latent, rng),
      logvar_head_(params_, "fc_logvar", features_, config_.latent, rng) {
  build_decoder(config_, config_.latent + label_width(), params_, rng, decoder_);
}

void Vae::append_labels(const Tensor& src, const std::vector<int>& labels, Tensor& dst) const {
  const std::size_t n = src.shape()[0], width = src.shape()[1], classes = label_width();
  ensure_shape(dst, {n, width + classes});
  for (std::size_t row = 0; row < n; ++row) {
    float* out = dst.data() + row * (width + classes);
    std::copy_n(src.data() + row * width, width, out);
    std::fill_n(out + width, classes, 0.0f);
    if (classes) out[width + labels[row]] = 1.0f;
  }
}

void Vae::run_encoder(const Tensor& images, const std::vector<int>& labels) {
  append_labels(images, labels, encoder_input_);
  trunk_.forward(encoder_input_, h_);
  mu_head_.forward(h_, mu_);
  logvar_head_.forward(h_, logvar_);
}

void Vae::run_decoder(const Tensor& z, const std::vector<int>& labels) {
  append_labels(z, labels, decoder_input_);
  decoder_.forward(decoder_input_, logits_);
}

void Vae::encode(const Tensor& images, const std::vector<int>& labels, Tensor& code) {
  Tensor logvar;
  encode_distribution(images, labels, code, logvar);
}

void Vae::encode_distribution(const Tensor& images, const std::vector<int>& labels, Tensor& mu, Tensor& logvar) {
  check_batch(images, image_size(), labels, "images");
  run_encoder(images, labels);
  mu = mu_;
  logvar = logvar_;
}

void Vae::decode(const Tensor& code, const std::vector<int>& labels, Tensor& images) {
  check_batch(code, latent_size(), labels, "latent codes");
  run_decoder(code, labels);
  images = logits_;
  sigmoid_in_place(images);
}

LossBreakdown Vae::forward_backward(const Tensor& input, const Tensor& target, const std::vector<int>& labels,
                                    Rng& rng, bool with_gradients) {
  check_batch(input, image_size(), labels, "input images");
  check_batch(target, image_size(), labels, "target images");
  const std::size_t n = input.shape()[0], latent = config_.latent;
  if (target.shape()[0] != n) throw Error(ErrorCode::shape_mismatch, "input and target batches differ in size");
  run_encoder(input, labels);

  ensure_shape(eps_, {n, latent});
  ensure_shape(z_, {n, latent});
  for (std::size_t i = 0; i < n * latent; ++i) {
    eps_.data()[i] = rng.normal();
    z_.data()[i] = mu_.data()[i] + std::exp(0.5f * logvar_.data()[i]) * eps_.data()[i];
  }
  run_decoder(z_, labels);

  const float per_image = 1.0f / float(n);
  const float beta = config_.beta;
  const double reconstruction = reconstruction_loss(ReconstructionLoss::Bce, logits_, target, per_image, nullptr,
                                                    with_gradients ? &dlogits_ : nullptr);
  ensure_shape(dmu_, {n, latent});
  ensure_shape(dlogvar_, {n, latent});
  const double kl = gaussian_kl(mu_.data(), logvar_.data(), n * latent, dmu_.data(), dlogvar_.data());
  kl_per_dim_.assign(latent, 0.0f);
  gaussian_kl_per_dim(mu_.data(), logvar_.data(), int(n), int(latent), kl_per_dim_.data());

  if (with_gradients) {
    decoder_.backward(decoder_input_, logits_, dlogits_, ddecoder_input_);
    // dL/dμ = dL/dz + β/N·μ;  dL/dlog σ² = dL/dz·ε·0.5·σ + β/N·0.5(σ² − 1)
    const std::size_t decoder_width = latent + label_width();
    for (std::size_t row = 0; row < n; ++row)
      for (std::size_t j = 0; j < latent; ++j) {
        const std::size_t i = row * latent + j;
        const float dz = ddecoder_input_.data()[row * decoder_width + j];
        const float sigma = std::exp(0.5f * logvar_.data()[i]);
        dmu_.data()[i] = dz + beta * per_image * dmu_.data()[i];
        dlogvar_.data()[i] = dz * eps_.data()[i] * 0.5f * sigma + beta * per_image * dlogvar_.data()[i];
      }
    mu_head_.backward(h_, mu_, dmu_, dfeatures_);
    logvar_head_.backward(h_, logvar_, dlogvar_, dfeatures_logvar_);
    for (std::size_t i = 0; i < dfeatures_.size(); ++i) dfeatures_.data()[i] += dfeatures_logvar_.data()[i];
    trunk_.backward_parameters(encoder_input_, h_, dfeatures_);
  }

  LossBreakdown loss;
  loss.reconstruction = reconstruction / double(n);
  loss.kl = kl / double(n);
  loss.total = loss.reconstruction + beta * loss.kl;
  for (float v : kl_per_dim_) loss.kl_per_dim.push_back(v / double(n));
  return loss;
}

std::vector<float> Vae::anomaly_scores(const Tensor& images, const std::vector<int>& labels, Rng& rng) {
  check_batch(images, image_size(), labels, "images");
  const std::size_t n = images.shape()[0], latent = config_.latent;
  run_encoder(images, labels);
  ensure_shape(z_, {n, latent});
  for (std::size_t i = 0; i < n * latent; ++i)
    z_.data()[i] = mu_.data()[i] + std::exp(0.5f * logvar_.data()[i]) * rng.normal();
  run_decoder(z_, labels);
  std::vector<float> scores;
  reconstruction_loss(ReconstructionLoss::Bce, logits_, images, 1.0f, &scores, nullptr);
  for (std::size_t row = 0; row < n; ++row)
    scores[row] += gaussian_kl(mu_.data() + row * latent, logvar_.data() + row * latent, latent, nullptr, nullptr);
  return scores;
}

}  // namespace ll
