// The JavaScript boundary for models, trainers and data (src/wasm is the only
// code that includes Emscripten; boundary.hpp holds what every binding file shares).
//
// Long-lived objects cross it (Model, Trainer); bulk data crosses as typed
// arrays, copied once into the WASM heap and length-checked against the
// model's shapes; results come back as fresh Float32Arrays owned by JS. A
// C++ exception is recorded with its code (see last_error) and the client
// throws it as a LatentLabError carrying that code and the C++ message.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <algorithm>
#include <cmath>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/corruption.hpp"
#include "data/idx.hpp"
#include "data/preprocess.hpp"
#include "models/latent.hpp"
#include "models/limits.hpp"
#include "models/model_io.hpp"
#include "models/trainer.hpp"
#include "models/vae.hpp"
#include "nn/kernels/parallel.hpp"
#include "wasm/boundary.hpp"
#include "wasm/model_handle.hpp"

namespace {

using emscripten::val;
using namespace ll;
using namespace ll::wasm;

val loss_to_js(const LossBreakdown& loss) {
  val out = val::object();
  out.set("reconstruction", loss.reconstruction);
  out.set("kl", loss.kl);
  out.set("total", loss.total);
  out.set("elbo", loss.elbo());
  std::vector<float> per_dim(loss.kl_per_dim.begin(), loss.kl_per_dim.end());
  out.set("klPerDim", fresh_float32(per_dim.data(), per_dim.size()));
  return out;
}

// Which naming a loaded file used (models/checkpoint_names.hpp), for model.mappedFrom.
val mapping_to_js(const CheckpointMapping& mapping) {
  val out = val::object();
  out.set("layout", mapping.layout);
  out.set("prefix", mapping.prefix);
  val names = val::object();
  for (const auto& [file_name, model_name] : mapping.names) names.set(file_name, model_name);
  out.set("names", names);
  return out;
}

// The most rows one call may pass through a model: its activations (a forward
// and backward pass) must stay within limits::batch_values.max.
std::size_t max_rows(const Model& model) {
  return std::size_t(limits::batch_values.max / model_footprint(model.config()).activations_per_image);
}

void check_rows(std::size_t rows, const Model& model, const char* name) {
  if (rows > max_rows(model))
    throw Error(ErrorCode::too_large, std::string(name) + ": " + std::to_string(rows) + " rows; this model takes at most " +
                                          std::to_string(max_rows(model)) + " per call (limits.batchValues / " +
                                          std::to_string(model_footprint(model.config()).activations_per_image) +
                                          " values per image)");
}

// [N, width] rows for `model`, N checked before the copy.
Tensor batch_for(const Model& model, const val& array, std::size_t width, const char* name) {
  const std::size_t length = checked_length(array, name, limits::array_values.max);
  check_rows(length / width, model, name);
  return to_rows(array, width, name);
}

// Images for `model`: rows of pixel values in [0, 1].
Tensor images_for(const Model& model, const val& array, const char* name) {
  Tensor images = batch_for(model, array, std::size_t(model.image_size()), name);
  check_pixels(images.data(), images.size(), name);
  return images;
}

class WasmModel {
 public:
  explicit WasmModel(std::unique_ptr<Model> model, std::optional<CheckpointMapping> mapping = std::nullopt)
      : model_(std::move(model)), mapping_(std::move(mapping)) {}

  static WasmModel* create(const std::string& config_json, double seed) {
    return guarded("createModel", [&] {
      return new WasmModel(make_model(parse_model_config(config_json), seed_from(seed)));
    });
  }

  static WasmModel* load(const val& bytes, const std::string& config_json) {
    return guarded("loadModel", [&] {
      const auto data = to_bytes(bytes, "weights");
      std::optional<ModelConfig> config;
      if (!config_json.empty()) config = parse_model_config(config_json);
      CheckpointMapping mapping;
      auto model = load_model(data.data(), data.size(), config, &mapping);
      // A file with metadata brings its own config; one given too must agree.
      if (config && model_config_to_json(*config) != model_config_to_json(model->config()))
        throw Error(ErrorCode::weights_mismatch, "the weights file describes a different model: " +
                                    model_config_to_json(model->config()) + ", the config given is " +
                                    model_config_to_json(*config));
      return new WasmModel(std::move(model), std::move(mapping));
    });
  }

  // null for a model that was created, not loaded.
  val mapped_from() const { return mapping_ ? mapping_to_js(*mapping_) : val::null(); }

  std::string config_json() const { return model_config_to_json(model_->config()); }
  int latent_size() const { return model_->latent_size(); }
  int image_size() const { return model_->image_size(); }
  double parameter_count() const { return double(model_->parameters().size()); }
  double max_batch_rows() const { return double(max_rows(*model_)); }

  val encode(const val& images, const val& labels) {
    return guarded("encode", [&] {
      model_->encode(images_for(*model_, images, "images"), to_labels(labels), out_);
      return fresh_float32(out_);
    });
  }

  val encode_distribution(const val& images, const val& labels) {
    return guarded("encodeDistribution", [&] {
      auto* vae = dynamic_cast<Vae*>(model_.get());
      if (!vae) throw Error(ErrorCode::unsupported, "only a VAE has a posterior distribution; use encode()");
      Tensor logvar;
      vae->encode_distribution(images_for(*model_, images, "images"), to_labels(labels), out_, logvar);
      val result = val::object();
      result.set("mu", fresh_float32(out_));
      result.set("logvar", fresh_float32(logvar));
      return result;
    });
  }

  val decode(const val& codes, const val& labels) {
    return guarded("decode", [&] {
      model_->decode(batch_for(*model_, codes, std::size_t(model_->latent_size()), "latent codes"), to_labels(labels), out_);
      return fresh_float32(out_);
    });
  }

  val reconstruct(const val& images, const val& labels) {
    return guarded("reconstruct", [&] {
      model_->reconstruct(images_for(*model_, images, "images"), to_labels(labels), out_);
      return fresh_float32(out_);
    });
  }

  val sample(double count, float temperature, double seed, const val& labels) {
    return guarded("sample", [&] {
      Rng rng(seed_from(seed));
      Tensor z;
      const int n = whole_number(count, "sample count", limits::sample_count);
      check_rows(std::size_t(n), *model_, "sample count");
      sample_prior(n, model_->latent_size(), temperature, rng, z);
      model_->decode(z, to_labels(labels), out_);
      return fresh_float32(out_);
    });
  }

  val anomaly_scores(const val& images, const val& labels, double seed) {
    return guarded("anomalyScores", [&] {
      Rng rng(seed_from(seed));
      const auto scores = model_->anomaly_scores(images_for(*model_, images, "images"), to_labels(labels), rng);
      return fresh_float32(scores.data(), scores.size());
    });
  }

  val evaluate(const val& images, const val& labels, double seed) {
    return guarded("evaluate", [&] {
      const int batch = int(std::min<std::size_t>(256, max_rows(*model_)));
      return loss_to_js(evaluate_model(*model_, images_for(*model_, images, "images"), to_labels(labels), batch,
                                       seed_from(seed)));
    });
  }

  val save(bool float16) {
    return guarded("save", [&] { return fresh_uint8(save_model(*model_, {}, float16)); });
  }

  val load_weights(const val& bytes) {
    return guarded("loadWeights", [&] {
      const auto data = to_bytes(bytes, "weights");
      CheckpointMapping mapping;
      load_weights_into(*model_, data.data(), data.size(), &mapping);
      mapping_ = std::move(mapping);
      return mapped_from();
    });
  }

  void set_beta(float beta) {
    guarded("setBeta", [&] { model_->set_beta(beta); });
  }

  Model& model() { return *model_; }

 private:
  std::unique_ptr<Model> model_;
  std::optional<CheckpointMapping> mapping_;
  Tensor out_;
};

class WasmTrainer {
 public:
  static WasmTrainer* create(WasmModel& model, const val& images, const val& labels, const std::string& config_json) {
    return guarded("createTrainer", [&] {
      const auto config = parse_train_config(config_json);
      check_rows(std::size_t(config.batch_size), model.model(), "train config: \"batchSize\"");
      Tensor data = to_rows(images, std::size_t(model.model().image_size()), "training images");
      check_pixels(data.data(), data.size(), "training images");
      return new WasmTrainer(model.model(), data, to_labels(labels), config);
    });
  }

  val step() {
    return guarded("step", [&] {
      const StepReport r = trainer_.step();
      val out = val::object();
      out.set("epoch", r.epoch);
      out.set("batch", r.batch);
      out.set("batchesPerEpoch", r.batches_per_epoch);
      out.set("step", double(r.step));
      out.set("beta", r.beta);
      out.set("loss", loss_to_js(r.loss));
      out.set("examplesPerSecond", r.examples_per_second);
      out.set("epochFinished", r.epoch_finished);
      if (r.epoch_finished) out.set("epochLoss", loss_to_js(r.epoch_loss));
      out.set("progress", trainer_.progress());
      out.set("finished", trainer_.finished());
      return out;
    });
  }

  bool finished() const { return trainer_.finished(); }
  double progress() const { return trainer_.progress(); }
  int batches_per_epoch() const { return trainer_.batches_per_epoch(); }
  int epochs() const { return trainer_.config().epochs; }
  float learning_rate() const { return trainer_.config().learning_rate; }
  void set_learning_rate(float lr) {
    guarded("setLearningRate", [&] { trainer_.set_learning_rate(lr); });
  }
  void set_beta(float beta) {
    guarded("setBeta", [&] { trainer_.set_beta(beta); });
  }
  void request_preview(double count) {
    guarded("requestPreview", [&] {
      trainer_.request_preview(whole_number(count, "preview images", {1, kMaxPreviewImages}));
    });
  }
  // The last requested preview as { step, count, input, target, output } (k×D each), or null before one.
  val preview() const {
    return guarded("preview", [&] {
      const BatchPreview& p = trainer_.preview();
      if (p.step == 0) return val::null();
      val out = val::object();
      out.set("step", double(p.step));
      out.set("count", double(p.input.shape()[0]));
      out.set("input", fresh_float32(p.input));
      out.set("target", fresh_float32(p.target));
      out.set("output", fresh_float32(p.output));
      return out;
    });
  }

 private:
  WasmTrainer(Model& model, const Tensor& images, const std::vector<int>& labels, const TrainConfig& config)
      : trainer_(model, images, labels, config) {}

  Trainer trainer_;
};

val mnistify_ink(const val& ink, double ink_height, double ink_width) {
  return guarded("mnistify", [&] {
    const int height = whole_number(ink_height, "ink height", limits::bitmap_side);
    const int width = whole_number(ink_width, "ink width", limits::bitmap_side);
    const auto values = to_floats(ink, "ink");
    if (values.size() != std::size_t(height) * width)
      throw Error(ErrorCode::shape_mismatch, "ink has " + std::to_string(values.size()) + " values, expected " +
                                  std::to_string(height) + "×" + std::to_string(width));
    // Finite ink outside [0, 1] is clamped (preprocess.hpp); NaN or Inf is a caller's bug.
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!std::isfinite(values[i]))
        throw std::invalid_argument("ink contains NaN or Inf (" + number_text(values[i]) + " at index " +
                                    std::to_string(i) + ")");
    std::vector<float> out(28 * 28);
    mnistify(values.data(), height, width, out.data());
    return fresh_float32(out.data(), out.size());
  });
}

val corrupt_images(const val& images, double image_height, double image_width, const std::string& kind, float level,
                   double seed) {
  return guarded("corrupt", [&] {
    const int height = whole_number(image_height, "image height", limits::bitmap_side);
    const int width = whole_number(image_width, "image width", limits::bitmap_side);
    const Tensor clean = to_rows(images, std::size_t(height) * width, "images");
    check_pixels(clean.data(), clean.size(), "images");
    Tensor noisy(clean.shape());
    Rng rng(seed_from(seed));
    corrupt(clean.data(), noisy.data(), int(clean.shape()[0]), height, width, Corruption{parse_corruption_kind(kind), level},
            rng);
    return fresh_float32(noisy);
  });
}

double psnr_of(const val& a, const val& b) {
  return guarded("psnr", [&] {
    const auto x = to_floats(a, "a"), y = to_floats(b, "b");
    if (x.size() != y.size() || x.empty())
      throw Error(ErrorCode::shape_mismatch, "psnr needs two non-empty arrays of equal length, got " +
                                                 std::to_string(x.size()) + " and " + std::to_string(y.size()));
    check_pixels(x.data(), x.size(), "a");
    check_pixels(y.data(), y.size(), "b");
    return double(psnr(x.data(), y.data(), x.size()));
  });
}

val interpolate_codes(const val& a, const val& b, double steps, bool spherical) {
  return guarded("interpolate", [&] {
    const auto x = to_floats(a, "from"), y = to_floats(b, "to");
    if (x.size() != y.size() || x.empty())
      throw Error(ErrorCode::shape_mismatch, "endpoints must be non-empty and of equal length, got " +
                                                 std::to_string(x.size()) + " and " + std::to_string(y.size()));
    const int count = whole_number(steps, "interpolation steps", limits::interpolation_steps);
    Tensor out;
    interpolate(x.data(), y.data(), int(x.size()), count, spherical, out);
    return fresh_float32(out);
  });
}

val parse_idx_bytes(const val& bytes) {
  return guarded("parseIdx", [&] {
    const auto data = to_bytes(bytes, "IDX bytes");
    const IdxArray idx = parse_idx(data.data(), data.size());
    val dims = val::array();
    for (std::size_t d : idx.dims) dims.call<void>("push", double(d));
    val out = val::object();
    out.set("dims", dims);
    out.set("values", fresh_uint8(idx.values));
    return out;
  });
}

// Bytes currently allocated by malloc in the WASM heap: what a leak would grow.
double heap_bytes_in_use() { return double(mallinfo().uordblks); }

// Called once by the client as it loads the threads module, with the size of
// the Worker pool it asked Emscripten for plus one: a thread beyond the pool
// would only start once JS yields to the event loop.
void set_threads(double threads) {
  guarded("setThreadCount", [&] { set_thread_count(whole_number(threads, "thread count", {1, max_thread_count()})); });
}

int threads_in_use() { return thread_count(); }

// limits::kTable as { key: { min, max, integer } }; the client freezes it as lab.limits.
val limits_table() {
  val table = val::object();
  for (const limits::Entry& entry : limits::kTable) {
    val range = val::object();
    range.set("min", entry.min);
    range.set("max", entry.max);
    range.set("integer", entry.integer);
    table.set(entry.key, range);
  }
  return table;
}

}  // namespace

ll::Model& ll::wasm::model_of(const val& model_handle) {
  return model_handle.as<WasmModel*>(emscripten::allow_raw_pointers())->model();
}

EMSCRIPTEN_BINDINGS(latentlab) {
  using namespace emscripten;
  class_<WasmModel>("Model")
      .class_function("create", &WasmModel::create, allow_raw_pointers())
      .class_function("load", &WasmModel::load, allow_raw_pointers())
      .function("configJson", &WasmModel::config_json)
      .function("latentSize", &WasmModel::latent_size)
      .function("imageSize", &WasmModel::image_size)
      .function("parameterCount", &WasmModel::parameter_count)
      .function("maxBatchRows", &WasmModel::max_batch_rows)
      .function("encode", &WasmModel::encode)
      .function("encodeDistribution", &WasmModel::encode_distribution)
      .function("decode", &WasmModel::decode)
      .function("reconstruct", &WasmModel::reconstruct)
      .function("sample", &WasmModel::sample)
      .function("anomalyScores", &WasmModel::anomaly_scores)
      .function("evaluate", &WasmModel::evaluate)
      .function("save", &WasmModel::save)
      .function("loadWeights", &WasmModel::load_weights)
      .function("mappedFrom", &WasmModel::mapped_from)
      .function("setBeta", &WasmModel::set_beta);
  class_<WasmTrainer>("Trainer")
      .class_function("create", &WasmTrainer::create, allow_raw_pointers())
      .function("step", &WasmTrainer::step)
      .function("finished", &WasmTrainer::finished)
      .function("progress", &WasmTrainer::progress)
      .function("batchesPerEpoch", &WasmTrainer::batches_per_epoch)
      .function("epochs", &WasmTrainer::epochs)
      .function("learningRate", &WasmTrainer::learning_rate)
      .function("setLearningRate", &WasmTrainer::set_learning_rate)
      .function("setBeta", &WasmTrainer::set_beta)
      .function("requestPreview", &WasmTrainer::request_preview)
      .function("preview", &WasmTrainer::preview);
  function("mnistify", &mnistify_ink);
  function("corrupt", &corrupt_images);
  function("psnr", &psnr_of);
  function("interpolate", &interpolate_codes);
  function("parseIdx", &parse_idx_bytes);
  function("heapBytesInUse", &heap_bytes_in_use);
  function("setThreadCount", &set_threads);
  function("threadCount", &threads_in_use);
  function("maxThreadCount", &max_thread_count);
  function("limits", &limits_table);
  function("takeError", &take_error);
  function("takeErrorCode", &take_error_code);
}
