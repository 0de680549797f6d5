#include "models/inspection.hpp"

#include <algorithm>

#include "models/autoencoder.hpp"
#include "models/reconstruction_loss.hpp"
#include "models/vae.hpp"
#include "nn/errors.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"

namespace ll {
namespace {

enum class Action { Input, Concat, Layer, Sample, Sigmoid };

// One step of the walk: what it shows, how it computes, and whose output it reads.
struct Step {
  LayerDescription description;
  Action action = Action::Layer;
  Layer* layer = nullptr;  // Action::Layer only
  int from = -1;           // index of the step read; -1: the images as rows [N, D]
};

std::size_t parameter_count(const Parameters& params, const std::string& name, const Layer& layer) {
  if (!layer.has_parameters()) return 0;
  const ParameterView* weight = params.find(name + ".weight");
  const ParameterView* bias = params.find(name + ".bias");
  if (!weight || !bias)
    throw Error(ErrorCode::internal, "inspection: the " + layer.kind() + " layer " + name + " has no parameters named " +
                                         name + ".weight and " + name + ".bias");
  return weight->size + bias->size;
}

class Walk {
 public:
  explicit Walk(Model& model) : model_(model), config_(model.config()) {
    const int labels = config_.is_conditional() ? config_.classes : 0;
    add_step("input", "Input", "encoder", image_shape(), Action::Input, -1);
    int last = -1;  // the trunk reads the images as rows
    if (labels) last = add_step("encoder.concat", "Concat", "encoder", {std::size_t(config_.image_size() + labels)},
                                Action::Concat, -1);
    if (auto* ae = dynamic_cast<Autoencoder*>(&model)) {
      last = add_stack(ae->encoder(), "encoder", "encoder", last);
      steps_[last].description.code = true;
      add_stack(ae->decoder(), "decoder", "decoder", last);
    } else if (auto* vae = dynamic_cast<Vae*>(&model)) {
      const int features = add_stack(vae->trunk(), "encoder", "encoder", last);
      const int mu = add_layer(vae->mu_head(), "fc_mu", "heads", features);
      add_layer(vae->logvar_head(), "fc_logvar", "heads", features);
      last = add_step("z", "Sample", "heads", {std::size_t(config_.latent)}, Action::Sample, mu);
      steps_[last].description.code = true;
      if (labels) last = add_step("decoder.concat", "Concat", "decoder", {std::size_t(config_.latent + labels)},
                                  Action::Concat, last);
      add_stack(vae->decoder(), "decoder", "decoder", last);
    } else {
      throw Error(ErrorCode::unsupported, "inspection: a model of an unknown family cannot be inspected");
    }
    add_step("output", "Sigmoid", "decoder", image_shape(), Action::Sigmoid, int(steps_.size()) - 1);
  }

  const std::vector<Step>& steps() const { return steps_; }

 private:
  Shape image_shape() const {
    return {std::size_t(config_.image_channels), std::size_t(config_.image_height), std::size_t(config_.image_width)};
  }

  Shape input_shape(int from) const {
    Shape shape{1};
    if (from < 0) shape.push_back(std::size_t(config_.image_size()));
    else shape.insert(shape.end(), steps_[from].description.shape.begin(), steps_[from].description.shape.end());
    return shape;
  }

  int add_step(const std::string& name, const std::string& kind, const std::string& part, const Shape& shape,
               Action action, int from) {
    Step step;
    step.description.name = name;
    step.description.kind = kind;
    step.description.part = part;
    step.description.shape = shape;
    step.action = action;
    step.from = from;
    steps_.push_back(std::move(step));
    return int(steps_.size()) - 1;
  }

  int add_layer(Layer& layer, const std::string& name, const std::string& part, int from) {
    const Shape out = layer.output_shape(input_shape(from));
    const int index = add_step(name, layer.kind(), part, Shape(out.begin() + 1, out.end()), Action::Layer, from);
    Step& step = steps_[index];
    step.layer = &layer;
    step.description.parameters = parameter_count(model_.parameters(), name, layer);
    if (const auto* conv = dynamic_cast<const Conv2d*>(&layer)) {
      step.description.kernel = conv->kernel(), step.description.stride = conv->stride();
      step.description.padding = conv->padding();
    } else if (const auto* convt = dynamic_cast<const ConvTranspose2d*>(&layer)) {
      step.description.kernel = convt->kernel(), step.description.stride = convt->stride();
      step.description.padding = convt->padding();
    }
    return index;
  }

  // The stack's layers one after another, named "<prefix>.<i>" as networks.cpp names them; returns the last step.
  int add_stack(Sequential& stack, const std::string& prefix, const std::string& part, int from) {
    for (std::size_t i = 0; i < stack.size(); ++i)
      from = add_layer(stack[i], prefix + "." + std::to_string(i), part, from);
    return from;
  }

  Model& model_;
  const ModelConfig& config_;
  std::vector<Step> steps_;
};

// dst [N, width + L] = src rows ⊕ one_hot(labels).
void concat_labels(const Tensor& src, const std::vector<int>& labels, int classes, Tensor& dst) {
  const std::size_t n = src.shape()[0], width = src.size() / n;
  ensure_shape(dst, {n, width + std::size_t(classes)});
  for (std::size_t row = 0; row < n; ++row) {
    float* out = dst.data() + row * (width + classes);
    std::copy_n(src.data() + row * width, width, out);
    std::fill_n(out + width, classes, 0.0f);
    out[width + labels[row]] = 1.0f;
  }
}

void copy_as(const Tensor& src, const Shape& per_image, Tensor& dst) {
  Shape shape{src.shape()[0]};
  shape.insert(shape.end(), per_image.begin(), per_image.end());
  ensure_shape(dst, shape);
  std::copy(src.data(), src.data() + src.size(), dst.data());
}

}  // namespace

std::vector<LayerDescription> describe_layers(Model& model) {
  const Walk walk(model);
  std::vector<LayerDescription> out;
  for (const Step& step : walk.steps()) out.push_back(step.description);
  return out;
}

std::vector<Tensor> layer_activations(Model& model, const Tensor& images, const std::vector<int>& labels) {
  model.check_batch(images, model.image_size(), labels, "images");
  const Walk walk(model);
  const auto& steps = walk.steps();
  std::vector<Tensor> out(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const Tensor& in = step.from < 0 ? images : out[step.from];
    switch (step.action) {
      case Action::Input:
      case Action::Sample:  // z = μ: ε = 0, as reconstruct() decodes
        copy_as(in, step.description.shape, out[i]);
        break;
      case Action::Concat:
        concat_labels(in, labels, model.config().classes, out[i]);
        break;
      case Action::Layer:
        step.layer->forward(in, out[i]);
        break;
      case Action::Sigmoid:
        copy_as(in, step.description.shape, out[i]);
        sigmoid_in_place(out[i]);
        break;
    }
  }
  return out;
}

ConvFilters conv_filters(Model& model, const std::string& name, int channel) {
  const Walk walk(model);
  for (const Step& step : walk.steps()) {
    if (step.description.name != name) continue;
    const auto* conv = dynamic_cast<const Conv2d*>(step.layer);
    const auto* convt = dynamic_cast<const ConvTranspose2d*>(step.layer);
    if (!conv && !convt) throw Error(ErrorCode::invalid_argument, "layer " + name + " is a " + step.description.kind +
                                                                      ", not a convolution: it has no filters");
    const int in = conv ? conv->in_channels() : convt->in_channels();
    const int out = conv ? conv->out_channels() : convt->out_channels();
    const int k = step.description.kernel;
    if (channel < 0 || channel >= out)
      throw Error(ErrorCode::invalid_argument, "layer " + name + " has " + std::to_string(out) +
                                                   " output channels; channel " + std::to_string(channel) +
                                                   " does not exist");
    const Parameters& params = model.parameters();
    const float* weight = params.values().data() + params.find(name + ".weight")->offset;
    const float* bias = params.values().data() + params.find(name + ".bias")->offset;
    ConvFilters filters;
    filters.weights = Tensor::from_shape({std::size_t(in), std::size_t(k), std::size_t(k)});
    const std::size_t kk = std::size_t(k) * k;
    for (int c = 0; c < in; ++c) {
      // Conv2d weight [Cout, Cin, K, K]; ConvTranspose2d weight [Cin, Cout, K, K].
      const float* kernel = conv ? weight + (std::size_t(channel) * in + c) * kk : weight + (std::size_t(c) * out + channel) * kk;
      std::copy_n(kernel, kk, filters.weights.data() + std::size_t(c) * kk);
    }
    filters.bias = bias[channel];
    return filters;
  }
  throw Error(ErrorCode::invalid_argument, "the model has no layer named \"" + name + "\"");
}

}  // namespace ll
