#pragma once
// The one trainer, used by the CLI and, through the WASM bindings, by the page's
// Web Worker: shuffled mini-batches, epochs, seeded, stepped one batch at a
// time so the caller can pause, resume, change the learning rate or β, and
// report progress between batches.
//
// With config.augment > 0 each batch is first augmented (random affine and
// stroke width). A denoising model (config.denoise set) is trained on corrupted inputs against
// the clean (augmented) images. A non-finite loss or gradient stops the step before the
// optimizer touches the weights, and throws ll::Error with ErrorCode::diverged:
// the model keeps its last good weights. The message states what happened;
// what to do next is the caller's to say (the worker resumes from a
// checkpoint, the CLI saves the last finished epoch).
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "nn/errors.hpp"
#include "models/model.hpp"
#include "nn/optim/optimizer.hpp"

namespace ll {

struct TrainConfig {
  int epochs = 10;
  int batch_size = 128;
  float learning_rate = 1e-3f;
  std::uint64_t seed = 1;
  float kl_warmup_epochs = 0.0f;  // β ramps linearly from 0 to its target over this many epochs
  std::string optimizer = "adam";  // "adam" or "sgd" (momentum 0.9)
  // Strength in [0, 1] of the seeded data augmentation (src/data/augment.hpp)
  // applied to each batch before any denoising corruption; the model learns to
  // reconstruct the augmented digit. 0 (the default) leaves batches untouched
  // and the random stream exactly as without augmentation.
  float augment = 0.0f;
};

void validate_train_config(const TrainConfig& config);

struct StepReport {
  int epoch = 0;              // 0-based epoch of this batch
  int batch = 0;              // 0-based batch within the epoch
  int batches_per_epoch = 0;
  long long step = 0;         // 1-based count of steps taken
  float beta = 0.0f;          // β used for this batch (after warm-up)
  LossBreakdown loss;         // this batch, per image
  double examples_per_second = 0.0;  // this batch
  bool epoch_finished = false;
  LossBreakdown epoch_loss;   // mean over the epoch's batches, when epoch_finished
};

// A few images of the last batch as the loss saw them: the input the model was
// fed (the corrupted copy for a denoising model), the target it was compared
// with (the clean image: the "label" of self-supervised training is the data
// itself) and the model's output for that input, before the step's update (a
// VAE's decoding of μ; its loss used one sampled z).
struct BatchPreview {
  long long step = 0;            // the step it comes from (1-based); 0: none yet
  Tensor input, target, output;  // [k, D] each
};
constexpr int kMaxPreviewImages = 16;

class Trainer {
 public:
  // images [N, D] in [0, 1]; labels N ids (needed by conditional models, else may be empty). Copied.
  Trainer(Model& model, const Tensor& images, const std::vector<int>& labels, const TrainConfig& config);
  ~Trainer();

  StepReport step();
  bool finished() const { return epoch_ >= config_.epochs; }
  double progress() const;  // 0..1 over all epochs
  long long steps_taken() const { return steps_; }
  int batches_per_epoch() const { return batches_per_epoch_; }
  const TrainConfig& config() const { return config_; }

  void set_learning_rate(float learning_rate);
  void set_beta(float beta);  // the target β (after warm-up)

  // The next step keeps its first `count` images (1..kMaxPreviewImages; fewer
  // when the batch is smaller) in preview(). Only requested steps pay for it.
  void request_preview(int count);
  const BatchPreview& preview() const { return preview_; }

 private:
  void start_epoch();
  void keep_preview(const Tensor& input, std::size_t count);
  float warmed_up_beta() const;

  Model& model_;
  TrainConfig config_;
  Tensor images_;
  std::vector<int> labels_;
  std::unique_ptr<Optimizer> optimizer_;
  Rng rng_;
  float target_beta_;
  int batches_per_epoch_;
  int epoch_ = 0;
  int batch_ = 0;
  long long steps_ = 0;
  std::vector<std::uint32_t> order_;
  Tensor clean_batch_, input_batch_, augmented_batch_;
  std::vector<int> batch_labels_;
  LossBreakdown epoch_sum_;
  int epoch_images_ = 0;
  int preview_requested_ = 0;
  BatchPreview preview_;
};

// Mean per-image losses over a whole set, in fixed batches with a fixed seed
// for the VAE's posterior samples (so two evaluations agree). When the model
// denoises, inputs are corrupted with the same seed.
LossBreakdown evaluate_model(Model& model, const Tensor& images, const std::vector<int>& labels, int batch_size,
                             std::uint64_t seed);

// Copies rows `rows` of a [N, D] tensor into out [rows.size(), D].
void gather_rows(const Tensor& source, const std::uint32_t* rows, std::size_t count, Tensor& out);

}  // namespace ll
