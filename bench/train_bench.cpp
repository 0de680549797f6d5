// Training and inference speed of whole models, and where a training step's
// time goes. Driven by bench/speed.mjs, which passes one JSON argument so the
// models and the protocol have a single source (bench/speed/common.mjs):
//
//   train_bench train   '{"data":"<repo>/data","protocol":{...},"models":{"V1":{config},...}}'
//   train_bench profile '{"protocol":{...},"models":{...}}'
//
// train (native Latent Lab, the numbers beside the WASM and TF.js ones): per
// model, `runs` runs of a fresh model (seed 1) and ll::Trainer on the bundled
// MNIST train split, `warmup` untimed then `steps` timed steps; for V1 also
// batch-1 encode+decode latency and decoding the manifold grid in one batch.
// It also prints the first rows of the first epoch's order so speed.mjs can
// check that its JS mirror of the shuffle (used for TF.js and PyTorch) agrees.
//
// profile (built natively and in WASM; synthetic data): the same step taken
// apart, every layer's forward and backward timed on its own, plus the loss,
// the VAE's sampling, the batch gather and the optimizer; convolutions and
// Dense layers are further split by timing their im2col/col2im kernels and
// bias loops alone at the same shapes ("of which" rows).
// Progress on stderr; one line "RESULT <json>" on stdout.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/idx.hpp"
#include "models/networks.hpp"
#include "models/reconstruction_loss.hpp"
#include "models/trainer.hpp"
#include "nn/kernels/im2col.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/losses/gaussian_kl.hpp"
#include "nn/optim/adam.hpp"

namespace {

using namespace ll;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

struct Protocol {
  int batch_size, warmup, steps, runs, latency_calls, grid_side, grid_calls, seed;
  float learning_rate;
};

Protocol protocol_from(const json& p) {
  return {p.at("batchSize"), p.at("warmup"),   p.at("steps"), p.at("runs"), p.at("latencyCalls"),
          p.at("gridSide"),  p.at("gridCalls"), p.at("seed"),  p.at("learningRate")};
}

TrainConfig train_config(const Protocol& p) {
  TrainConfig tc;
  tc.epochs = 1;
  tc.batch_size = p.batch_size;
  tc.learning_rate = p.learning_rate;
  tc.seed = p.seed;
  return tc;
}

// ---- train ----------------------------------------------------------------

// The grid of speed/common.mjs gridCodes: first two coordinates over [-2, 2].
Tensor grid_codes(int latent, int side) {
  Tensor codes = xt::zeros<float>({std::size_t(side * side), std::size_t(latent)});
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      codes(r * side + c, 0) = -2.0f + 4.0f * c / (side - 1);
      if (latent > 1) codes(r * side + c, 1) = -2.0f + 4.0f * r / (side - 1);
    }
  return codes;
}

json inference_runs(const ModelConfig& config, const Tensor& images, const Protocol& p) {
  auto model = make_model(config, p.seed);
  Tensor image = Tensor::from_shape({1, images.shape()[1]});
  std::copy_n(images.data(), image.size(), image.data());
  const Tensor codes = grid_codes(config.latent, p.grid_side);
  Tensor code, decoded, grid;
  for (int i = 0; i < 20; ++i) {
    model->encode(image, {}, code);
    model->decode(code, {}, decoded);
  }
  model->decode(codes, {}, grid);
  std::vector<double> latency, grid_ms;
  for (int run = 0; run < p.runs; ++run) {
    auto start = Clock::now();
    for (int i = 0; i < p.latency_calls; ++i) {
      model->encode(image, {}, code);
      model->decode(code, {}, decoded);
    }
    latency.push_back(seconds_since(start) * 1e3 / p.latency_calls);
    start = Clock::now();
    for (int i = 0; i < p.grid_calls; ++i) model->decode(codes, {}, grid);
    grid_ms.push_back(seconds_since(start) * 1e3 / p.grid_calls);
  }
  return {{"latencyMs", median(latency)}, {"gridMs", median(grid_ms)}, {"latencyRuns", latency}, {"gridRuns", grid_ms}};
}

// The first rows of ll::Trainer's first epoch (Trainer::start_epoch, same Rng).
std::vector<std::uint32_t> first_epoch_order_head(std::size_t n, std::uint64_t seed, std::size_t head) {
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  Rng rng(seed);
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(std::uint32_t(i))]);
  order.resize(head);
  return order;
}

json train_command(const json& args) {
  const Protocol p = protocol_from(args.at("protocol"));
  const std::string data = args.at("data");
  Dataset d = load_dataset(data + "/mnist-train-images-idx3-ubyte.gz", data + "/mnist-train-labels-idx1-ubyte.gz");
  const std::size_t n = d.images.shape()[0];
  d.images.reshape({n, d.images.size() / n});
  json result = {{"engine", "latentlab-native"}, {"orderHead", first_epoch_order_head(n, p.seed, 8)}};
  for (const auto& [name, config_json] : args.at("models").items()) {
    const ModelConfig config = parse_model_config(config_json.dump());
    std::vector<double> runs;
    for (int run = 0; run < p.runs; ++run) {
      auto model = make_model(config, p.seed);
      Trainer trainer(*model, d.images, {}, train_config(p));
      for (int s = 0; s < p.warmup; ++s) trainer.step();
      const auto start = Clock::now();
      double loss = 0;
      for (int s = 0; s < p.steps; ++s) loss = trainer.step().loss.total;
      runs.push_back(double(p.steps) * p.batch_size / seconds_since(start));
      std::fprintf(stderr, "latentlab native %s run %d: %.0f examples/s (loss %.2f)\n", name.c_str(), run + 1,
                   runs.back(), loss);
    }
    json entry = {{"trainRuns", runs}, {"trainExamplesPerSecond", median(runs)}};
    if (name == "V1") entry.update(inference_runs(config, d.images, p));
    result["models"][name] = entry;
  }
  return result;
}

// ---- profile --------------------------------------------------------------

// Seconds per category, forward and backward, summed over the timed steps.
struct Breakdown {
  std::map<std::string, std::pair<double, double>> seconds;
  void add(const std::string& category, bool backward, double s) {
    auto& slot = seconds[category];
    (backward ? slot.second : slot.first) += s;
  }
};

std::string category_of(const Layer& layer) {
  const std::string kind = layer.kind();
  if (kind == "Dense") return "Dense (GEMM + bias)";
  if (kind == "Conv2d") return "Conv2d (im2col + GEMM + col2im)";
  if (kind == "ConvTranspose2d") return "ConvTranspose2d (GEMM + col2im + im2col)";
  if (kind == "Reshape" || kind == "Flatten") return "reshape copies";
  return "activations (elementwise)";
}

// A network run layer by layer, keeping every activation and gradient, so
// each layer's forward and backward can be timed alone.
struct TimedStack {
  Sequential net;
  std::vector<Tensor> outputs, grads;

  const Tensor& forward(const Tensor& x, Breakdown& b) {
    outputs.resize(net.size());
    grads.resize(net.size());
    const Tensor* in = &x;
    for (std::size_t i = 0; i < net.size(); ++i) {
      const auto start = Clock::now();
      net[i].forward(*in, outputs[i]);
      b.add(category_of(net[i]), false, seconds_since(start));
      in = &outputs[i];
    }
    return *in;
  }
  // dy: gradient of the last output; dx (the gradient of x) when given,
  // otherwise parameter gradients only, as Sequential::backward_parameters.
  void backward(const Tensor& x, const Tensor& dy, Tensor* dx, Breakdown& b) {
    std::size_t first = 0;
    if (!dx)
      while (first < net.size() && !net[first].has_parameters()) ++first;
    for (std::size_t i = net.size(); i-- > first;) {
      const Tensor& in = i == 0 ? x : outputs[i - 1];
      const Tensor& out_grad = i + 1 == net.size() ? dy : grads[i];
      const auto start = Clock::now();
      if (i == first && !dx)
        net[i].backward_parameters(in, outputs[i], out_grad);
      else
        net[i].backward(in, outputs[i], out_grad, i == 0 ? *dx : grads[i - 1]);
      b.add(category_of(net[i]), true, seconds_since(start));
    }
  }
};

// The im2col / col2im share of each conv layer, timed alone at its shapes over
// a batch: forward im2col (Conv2d) or col2im (ConvTranspose2d), backward the other
// one (plus im2col again for Conv2d's weight gradient).
void time_unfolding(const TimedStack& stack, const Tensor& x, int batch, int steps, Breakdown& b) {
  std::vector<float> image, cols;
  for (std::size_t i = 0; i < stack.net.size(); ++i) {
    const Shape in = i == 0 ? shape_of(x) : shape_of(stack.outputs[i - 1]);
    const Shape out = shape_of(stack.outputs[i]);
    const auto* conv = dynamic_cast<const Conv2d*>(&stack.net[i]);
    const auto* convt = dynamic_cast<const ConvTranspose2d*>(&stack.net[i]);
    if (!conv && !convt) continue;
    // Conv2d unfolds its input; ConvTranspose2d folds onto (and unfolds) its output.
    const Shape& image_shape = conv ? in : out;
    const Shape& grid_shape = conv ? out : in;
    const int c = int(image_shape[1]), h = int(image_shape[2]), w = int(image_shape[3]);
    const int k = conv ? conv->kernel() : convt->kernel(), s = conv ? conv->stride() : convt->stride();
    const int pad = conv ? conv->padding() : convt->padding();
    const int ho = int(grid_shape[2]), wo = int(grid_shape[3]);
    image.assign(std::size_t(c) * h * w, 0.5f);
    cols.assign(std::size_t(c) * k * k * ho * wo, 0.5f);
    auto start = Clock::now();
    for (int n = 0; n < batch; ++n) im2col(image.data(), c, h, w, k, s, pad, ho, wo, cols.data());
    const double unfold = seconds_since(start) * steps;
    start = Clock::now();
    for (int n = 0; n < batch; ++n) col2im(cols.data(), c, h, w, k, s, pad, ho, wo, image.data());
    const double fold = seconds_since(start) * steps;
    const std::string label = "  of which im2col/col2im in " + stack.net[i].kind();
    if (conv) {
      b.add(label, false, unfold);
      b.add(label, true, unfold + fold);
    } else {
      b.add(label, false, fold);
      b.add(label, true, unfold);
    }
  }
}

// The bias share of the Dense layers, timed alone at their shapes with the same
// loops as Dense: forward fills y with the bias, backward sums dy into db.
// A bias+activation epilogue fused into the GEMM would save about this much.
void time_bias(const std::vector<const Layer*>& layers, const std::vector<Shape>& outputs, int steps, Breakdown& b) {
  std::vector<float> y, bias;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (layers[l]->kind() != "Dense") continue;
    const std::size_t n = outputs[l][0], out = outputs[l][1];
    y.assign(n * out, 0.5f);
    bias.assign(out, 0.25f);
    auto start = Clock::now();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t o = 0; o < out; ++o) y[i * out + o] = bias[o];
    b.add("  of which bias in Dense", false, seconds_since(start) * steps);
    start = Clock::now();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t o = 0; o < out; ++o) bias[o] += y[i * out + o];
    b.add("  of which bias in Dense", true, seconds_since(start) * steps);
  }
}

json profile_model(const std::string& name, const ModelConfig& config, const Protocol& p) {
  Rng rng(p.seed);
  Parameters params;
  TimedStack encoder, decoder;
  const int features = build_encoder_trunk(config, 0, params, rng, encoder.net);
  const bool vae = config.is_variational();
  std::unique_ptr<Dense> mu_head, logvar_head;
  if (vae) {
    mu_head = std::make_unique<Dense>(params, "fc_mu", features, config.latent, rng);
    logvar_head = std::make_unique<Dense>(params, "fc_logvar", features, config.latent, rng);
  } else {
    encoder.net.add(std::make_unique<Dense>(params, "code", features, config.latent, rng));
  }
  build_decoder(config, config.latent, params, rng, decoder.net);
  Adam adam(params.size(), AdamConfig{p.learning_rate});

  const std::size_t n = p.batch_size, d = config.image_size(), z_size = config.latent;
  Tensor dataset = Tensor::from_shape({std::size_t(4 * n), d});
  for (auto& v : dataset) v = rng.uniform() < 0.2f ? rng.uniform() : 0.0f;
  std::vector<std::uint32_t> rows(n);
  Tensor x, mu, logvar, eps, z, dlogits, dmu, dlogvar, dh, dh2, dcode;
  Breakdown b;
  double step_seconds = 0;
  for (int step = 0; step < p.warmup + p.steps; ++step) {
    if (step == p.warmup) b = Breakdown{}, step_seconds = 0;
    const auto step_start = Clock::now();
    auto start = Clock::now();
    for (std::size_t i = 0; i < n; ++i) rows[i] = std::uint32_t((step * n + i) % (4 * n));
    gather_rows(dataset, rows.data(), n, x);
    params.zero_grad();
    b.add("batch gather, zero grads", false, seconds_since(start));

    const Tensor& h = encoder.forward(x, b);
    const Tensor* code = &h;
    if (vae) {
      start = Clock::now();
      mu_head->forward(h, mu);
      logvar_head->forward(h, logvar);
      b.add("Dense (GEMM + bias)", false, seconds_since(start));
      start = Clock::now();
      ensure_shape(eps, {n, z_size});
      ensure_shape(z, {n, z_size});
      for (std::size_t i = 0; i < n * z_size; ++i) {
        eps.data()[i] = rng.normal();
        z.data()[i] = mu.data()[i] + std::exp(0.5f * logvar.data()[i]) * eps.data()[i];
      }
      b.add("VAE sampling + KL", false, seconds_since(start));
      code = &z;
    }
    const Tensor& logits = decoder.forward(*code, b);
    start = Clock::now();
    reconstruction_loss(config.reconstruction, logits, x, 1.0f / n, nullptr, &dlogits);
    b.add("reconstruction loss", false, seconds_since(start));
    if (vae) {
      start = Clock::now();
      ensure_shape(dmu, {n, z_size});
      ensure_shape(dlogvar, {n, z_size});
      gaussian_kl(mu.data(), logvar.data(), n * z_size, dmu.data(), dlogvar.data());
      b.add("VAE sampling + KL", false, seconds_since(start));
    }
    decoder.backward(*code, dlogits, &dcode, b);
    if (vae) {
      start = Clock::now();
      for (std::size_t i = 0; i < n * z_size; ++i) {
        const float sigma = std::exp(0.5f * logvar.data()[i]);
        dmu.data()[i] = dcode.data()[i] + dmu.data()[i] / n;
        dlogvar.data()[i] = dcode.data()[i] * eps.data()[i] * 0.5f * sigma + dlogvar.data()[i] / n;
      }
      b.add("VAE sampling + KL", true, seconds_since(start));
      start = Clock::now();
      mu_head->backward(h, mu, dmu, dh);
      logvar_head->backward(h, logvar, dlogvar, dh2);
      for (std::size_t i = 0; i < dh.size(); ++i) dh.data()[i] += dh2.data()[i];
      b.add("Dense (GEMM + bias)", true, seconds_since(start));
      encoder.backward(x, dh, nullptr, b);
    } else {
      encoder.backward(x, dcode, nullptr, b);
    }
    start = Clock::now();
    adam.step(params);
    b.add("Adam", true, seconds_since(start));
    step_seconds += seconds_since(step_start);
  }
  time_unfolding(encoder, x, int(n), p.steps, b);
  time_unfolding(decoder, *(vae ? &z : &encoder.outputs.back()), int(n), p.steps, b);
  std::vector<const Layer*> layers;
  std::vector<Shape> outputs;
  for (const TimedStack* stack : {&encoder, &decoder})
    for (std::size_t i = 0; i < stack->net.size(); ++i) {
      layers.push_back(&stack->net[i]);
      outputs.push_back(shape_of(stack->outputs[i]));
    }
  if (vae) {
    layers.insert(layers.end(), {mu_head.get(), logvar_head.get()});
    outputs.insert(outputs.end(), {shape_of(mu), shape_of(logvar)});
  }
  time_bias(layers, outputs, p.steps, b);

  // The real step for comparison: the same model through ll::Trainer.
  auto model = make_model(config, p.seed);
  TrainConfig tc = train_config(p);
  tc.epochs = 1000;  // the synthetic set is 4 batches long
  Trainer trainer(*model, dataset, {}, tc);
  for (int s = 0; s < p.warmup; ++s) trainer.step();
  const auto start = Clock::now();
  for (int s = 0; s < p.steps; ++s) trainer.step();
  const double trainer_ms = seconds_since(start) * 1e3 / p.steps;

  const double step_ms = step_seconds * 1e3 / p.steps;
  std::fprintf(stderr, "\n%s: %s, batch %d\n  taken-apart step %.2f ms (%.0f examples/s); ll::Trainer step %.2f ms\n",
               name.c_str(), model_config_to_json(config).c_str(), p.batch_size, step_ms, n / step_ms * 1e3, trainer_ms);
  std::fprintf(stderr, "  %-48s %9s %9s %7s\n", "category", "fwd ms", "bwd ms", "share");
  json categories = json::array();
  for (const auto& [category, s] : b.seconds) {
    const double fwd = s.first * 1e3 / p.steps, bwd = s.second * 1e3 / p.steps;
    std::fprintf(stderr, "  %-48s %9.3f %9.3f %6.1f%%\n", category.c_str(), fwd, bwd, 100 * (fwd + bwd) / step_ms);
    categories.push_back({{"category", category}, {"forwardMs", fwd}, {"backwardMs", bwd}});
  }
  return {{"stepMs", step_ms}, {"trainerStepMs", trainer_ms}, {"categories", categories}};
}

json profile_command(const json& args) {
  const Protocol p = protocol_from(args.at("protocol"));
#ifdef __wasm_simd128__
  json result = {{"engine", "latentlab-wasm-profile"}};
#else
  json result = {{"engine", "latentlab-native-profile"}};
#endif
  for (const auto& [name, config_json] : args.at("models").items())
    result["models"][name] = profile_model(name, parse_model_config(config_json.dump()), p);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "train" && std::string(argv[1]) != "profile")) {
    std::fprintf(stderr, "usage: train_bench train|profile '<json: data, protocol, models>' (see bench/speed.mjs)\n");
    return 2;
  }
  try {
    const json args = json::parse(argv[2]);
    const json result = std::string(argv[1]) == "train" ? train_command(args) : profile_command(args);
    std::printf("RESULT %s\n", result.dump().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
