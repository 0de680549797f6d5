#include "models/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "data/augment.hpp"
#include "data/corruption.hpp"
#include "models/limits.hpp"
#include "nn/errors.hpp"
#include "nn/optim/adam.hpp"
#include "nn/optim/sgd_momentum.hpp"

namespace ll {

namespace {

void add_scaled(LossBreakdown& sum, const LossBreakdown& x, double weight) {
  sum.reconstruction += weight * x.reconstruction;
  sum.kl += weight * x.kl;
  sum.total += weight * x.total;
  while (sum.kl_per_dim.size() < x.kl_per_dim.size()) sum.kl_per_dim.push_back(0.0);
  for (std::size_t i = 0; i < x.kl_per_dim.size(); ++i) sum.kl_per_dim[i] += weight * x.kl_per_dim[i];
}

LossBreakdown scaled(LossBreakdown x, double factor) {
  LossBreakdown out;
  add_scaled(out, x, factor);
  return out;
}

void check_dataset(const Model& model, const Tensor& images, const std::vector<int>& labels) {
  if (images.dimension() != 2 || images.shape()[1] != std::size_t(model.image_size()) || images.shape()[0] == 0)
    throw Error(ErrorCode::shape_mismatch, "training images: expected [N, " + std::to_string(model.image_size()) +
                                "] with N >= 1, got " + shape_to_string(shape_of(images)));
  if (model.config().is_conditional() && labels.size() != images.shape()[0])
    throw Error(ErrorCode::shape_mismatch, "a conditional model needs one label per training image");
  // Checked here, not at the first step that draws a bad one.
  for (std::size_t i = 0; i < labels.size() && model.config().is_conditional(); ++i)
    if (labels[i] < 0 || labels[i] >= model.config().classes)
      throw Error(ErrorCode::invalid_argument, "training label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
                                                   " is outside [0, " + std::to_string(model.config().classes) + ")");
  for (float v : images)
    if (!std::isfinite(v)) throw Error(ErrorCode::invalid_argument, "training images contain NaN or Inf");
}

}  // namespace

static void validate_learning_rate(float learning_rate) {
  if (!limits::learning_rate.contains(learning_rate))
    throw Error(ErrorCode::invalid_argument, "learning rate must be in " + limits::range_text(limits::learning_rate) +
                                                 ", got " + limits::number_text(learning_rate));
}

void validate_train_config(const TrainConfig& c) {
  if (!limits::epochs.contains(c.epochs))
    throw Error(ErrorCode::config_invalid, "epochs must be in " + limits::range_text(limits::epochs) + ", got " +
                                               std::to_string(c.epochs));
  if (!limits::batch_size.contains(c.batch_size))
    throw Error(ErrorCode::config_invalid, "batch size must be in " + limits::range_text(limits::batch_size) +
                                               ", got " + std::to_string(c.batch_size));
  if (!limits::learning_rate.contains(c.learning_rate))
    throw Error(ErrorCode::config_invalid, "learning rate must be in " + limits::range_text(limits::learning_rate) +
                                               ", got " + limits::number_text(c.learning_rate));
  if (!limits::kl_warmup_epochs.contains(c.kl_warmup_epochs))
    throw Error(ErrorCode::config_invalid, "KL warm-up must be in " + limits::range_text(limits::kl_warmup_epochs) +
                                               " epochs, got " + limits::number_text(c.kl_warmup_epochs));
  if (double(c.seed) > limits::seed.max)
    throw Error(ErrorCode::config_invalid, "seed must be an integer in " + limits::range_text(limits::seed));
  if (c.optimizer != "adam" && c.optimizer != "sgd")
    throw Error(ErrorCode::config_invalid, "optimizer must be \"adam\" or \"sgd\", got \"" + c.optimizer.substr(0, 40) + "\"");
  if (!limits::augment.contains(c.augment))
    throw Error(ErrorCode::config_invalid, "augment (the augmentation strength) must be in " + limits::range_text(limits::augment) +
                                               ", got " + limits::number_text(c.augment));
}

void gather_rows(const Tensor& source, const std::uint32_t* rows, std::size_t count, Tensor& out) {
  const std::size_t width = source.shape()[1];
  ensure_shape(out, {count, width});
  for (std::size_t i = 0; i < count; ++i)
    std::copy_n(source.data() + std::size_t(rows[i]) * width, width, out.data() + i * width);
}

Trainer::Trainer(Model& model, const Tensor& images, const std::vector<int>& labels, const TrainConfig& config)
    : model_(model), config_(config), images_(images), rng_(config.seed), target_beta_(model.config().beta) {
  validate_train_config(config_);
  check_dataset(model, images, labels);
  if (model.config().is_conditional()) labels_ = labels;
  const std::size_t n = images.shape()[0];
  batches_per_epoch_ = int((n + config_.batch_size - 1) / config_.batch_size);
  if (config_.optimizer == "adam") {
    AdamConfig adam;
    adam.learning_rate = config_.learning_rate;
    optimizer_ = std::make_unique<Adam>(model.parameters().size(), adam);
  } else {
    optimizer_ = std::make_unique<SgdMomentum>(model.parameters().size(), config_.learning_rate, 0.9f);
  }
  order_.resize(n);
  start_epoch();
}

Trainer::~Trainer() = default;

void Trainer::start_epoch() {
  std::iota(order_.begin(), order_.end(), 0u);
  for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng_.below(std::uint32_t(i))]);
  batch_ = 0;
  epoch_sum_ = LossBreakdown{};
  epoch_images_ = 0;
}

float Trainer::warmed_up_beta() const {
  if (config_.kl_warmup_epochs <= 0.0f) return target_beta_;
  const double position = epoch_ + double(batch_) / batches_per_epoch_;
  return float(target_beta_ * std::min(1.0, position / config_.kl_warmup_epochs));
}

double Trainer::progress() const {
  return std::min(1.0, (epoch_ + double(batch_) / batches_per_epoch_) / config_.epochs);
}

void Trainer::set_learning_rate(float learning_rate) {
  validate_learning_rate(learning_rate);
  config_.learning_rate = learning_rate;
  optimizer_->set_learning_rate(learning_rate);
}

void Trainer::set_beta(float beta) {
  model_.set_beta(beta);  // validates
  target_beta_ = beta;
}

void Trainer::request_preview(int count) {
  if (count < 1 || count > kMaxPreviewImages)
    throw std::invalid_argument("preview images must be in [1, " + std::to_string(kMaxPreviewImages) + "], got " +
                                std::to_string(count));
  preview_requested_ = count;
}

void Trainer::keep_preview(const Tensor& input, std::size_t count) {
  const std::size_t k = std::min<std::size_t>(preview_requested_, count), width = input.shape()[1];
  ensure_shape(preview_.input, {k, width});
  ensure_shape(preview_.target, {k, width});
  std::copy_n(input.data(), k * width, preview_.input.data());
  std::copy_n(clean_batch_.data(), k * width, preview_.target.data());
  const std::vector<int> labels(batch_labels_.begin(), batch_labels_.begin() + std::min(k, batch_labels_.size()));
  model_.reconstruct(preview_.input, labels, preview_.output);
  preview_.step = steps_ + 1;
  preview_requested_ = 0;
}

StepReport Trainer::step() {
  if (finished()) throw Error(ErrorCode::invalid_argument, "training has finished: all epochs are done");
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = order_.size();
  const std::size_t first = std::size_t(batch_) * config_.batch_size;
  const std::size_t count = std::min<std::size_t>(config_.batch_size, n - first);

  gather_rows(images_, order_.data() + first, count, clean_batch_);
  const auto& c = model_.config();
  if (config_.augment > 0.0f) {
    ensure_shape(augmented_batch_, shape_of(clean_batch_));
    // Channels are augmented as separate images: the bundled data sets have one.
    augment(clean_batch_.data(), augmented_batch_.data(), int(count) * c.image_channels, c.image_height, c.image_width,
            config_.augment, rng_);
    std::swap(clean_batch_, augmented_batch_);
  }
  batch_labels_.clear();
  for (std::size_t i = 0; i < labels_.size() && i < count; ++i) batch_labels_.push_back(labels_[order_[first + i]]);
  const Corruption& corruption = model_.config().denoise;
  const Tensor* input = &clean_batch_;
  if (corruption.kind != CorruptionKind::None) {
    ensure_shape(input_batch_, shape_of(clean_batch_));
    corrupt(clean_batch_.data(), input_batch_.data(), int(count) * c.image_channels, c.image_height, c.image_width,
            corruption, rng_);
    input = &input_batch_;
  }

  StepReport report;
  report.epoch = epoch_;
  report.batch = batch_;
  report.batches_per_epoch = batches_per_epoch_;
  report.beta = warmed_up_beta();

  Parameters& params = model_.parameters();
  params.zero_grad();
  model_.set_beta(report.beta);
  try {
    report.loss = model_.forward_backward(*input, clean_batch_, batch_labels_, rng_, true);
  } catch (...) {
    model_.set_beta(target_beta_);
    throw;
  }
  model_.set_beta(target_beta_);
  bool finite = std::isfinite(report.loss.total);
  for (float g : params.grads()) finite = finite && std::isfinite(g);
  if (!finite)
    throw Error(ErrorCode::diverged, "training diverged at epoch " + std::to_string(epoch_ + 1) + ", batch " +
                                         std::to_string(batch_ + 1) +
                                         ": the loss or its gradient is not finite (learning rate " +
                                         limits::number_text(config_.learning_rate) + ")");
  if (preview_requested_ > 0) keep_preview(*input, count);
  optimizer_->step(params);
  ++steps_;
  report.step = steps_;

  add_scaled(epoch_sum_, report.loss, double(count));
  epoch_images_ += int(count);
  if (++batch_ == batches_per_epoch_) {
    report.epoch_finished = true;
    report.epoch_loss = scaled(epoch_sum_, 1.0 / epoch_images_);
    ++epoch_;
    if (!finished()) start_epoch();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.examples_per_second = seconds > 0 ? count / seconds : 0.0;
  return report;
}

LossBreakdown evaluate_model(Model& model, const Tensor& images, const std::vector<int>& labels, int batch_size,
                             std::uint64_t seed) {
  check_dataset(model, images, labels);
  if (batch_size < 1) throw Error(ErrorCode::invalid_argument, "evaluation batch size must be >= 1");
  Rng rng(seed);
  const std::size_t n = images.shape()[0];
  std::vector<std::uint32_t> rows(n);
  std::iota(rows.begin(), rows.end(), 0u);
  Tensor clean, noisy;
  std::vector<int> batch_labels;
  LossBreakdown sum;
  const auto& c = model.config();
  for (std::size_t first = 0; first < n; first += batch_size) {
    const std::size_t count = std::min<std::size_t>(batch_size, n - first);
    gather_rows(images, rows.data() + first, count, clean);
    batch_labels.assign(c.is_conditional() ? labels.begin() + first : labels.end(),
                        c.is_conditional() ? labels.begin() + first + count : labels.end());
    const Tensor* input = &clean;
    if (c.denoise.kind != CorruptionKind::None) {
      ensure_shape(noisy, shape_of(clean));
      corrupt(clean.data(), noisy.data(), int(count) * c.image_channels, c.image_height, c.image_width, c.denoise, rng);
      input = &noisy;
    }
    add_scaled(sum, model.forward_backward(*input, clean, batch_labels, rng, false), double(count));
  }
  return scaled(sum, 1.0 / n);
}

}  // namespace ll
