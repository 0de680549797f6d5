#include "models/networks.hpp"

#include "nn/errors.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/leaky_relu.hpp"
#include "nn/layers/relu.hpp"
#include "nn/layers/reshape.hpp"
#include "nn/layers/tanh.hpp"

namespace ll {
namespace {

std::string slot(const std::string& prefix, const Sequential& net) { return prefix + "." + std::to_string(net.size()); }

}  // namespace

LayerPtr make_activation(Activation activation) {
  switch (activation) {
    case Activation::Relu: return std::make_unique<ReLU>();
    case Activation::LeakyRelu: return std::make_unique<LeakyReLU>(0.2f);
    case Activation::Tanh: return std::make_unique<Tanh>();
  }
  throw Error(ErrorCode::internal, "unknown activation");
}

int build_encoder_trunk(const ModelConfig& config, int label_width, Parameters& params, Rng& rng, Sequential& net) {
  if (config.arch == Architecture::Dense) {
    int width = config.image_size() + label_width;
    for (int hidden : config.hidden) {
      net.add(std::make_unique<Dense>(params, slot("encoder", net), width, hidden, rng));
      net.add(make_activation(config.activation));
      width = hidden;
    }
    return width;
  }
  if (label_width != 0) throw Error(ErrorCode::config_invalid, "model config: a conditional model must use \"arch\": \"dense\"");
  net.add(std::make_unique<Reshape>(Shape{std::size_t(config.image_channels), std::size_t(config.image_height),
                                          std::size_t(config.image_width)}));
  int channels = config.image_channels, height = config.image_height, width = config.image_width;
  for (int out_channels : config.channels) {
    net.add(std::make_unique<Conv2d>(params, slot("encoder", net), channels, out_channels, 3, 2, 1, rng));
    net.add(make_activation(config.activation));
    channels = out_channels, height /= 2, width /= 2;
  }
  net.add(std::make_unique<Flatten>());
  return channels * height * width;
}

void build_decoder(const ModelConfig& config, int input_width, Parameters& params, Rng& rng, Sequential& net) {
  if (config.arch == Architecture::Dense) {
    int width = input_width;
    for (auto it = config.hidden.rbegin(); it != config.hidden.rend(); ++it) {
      net.add(std::make_unique<Dense>(params, slot("decoder", net), width, *it, rng));
      net.add(make_activation(config.activation));
      width = *it;
    }
    net.add(std::make_unique<Dense>(params, slot("decoder", net), width, config.image_size(), rng));
    return;
  }
  const int levels = int(config.channels.size());
  const int height = config.image_height >> levels, width = config.image_width >> levels;
  const int deepest = config.channels.back();
  net.add(std::make_unique<Dense>(params, slot("decoder", net), input_width, deepest * height * width, rng));
  net.add(make_activation(config.activation));
  net.add(std::make_unique<Reshape>(Shape{std::size_t(deepest), std::size_t(height), std::size_t(width)}));
  for (int level = levels - 1; level >= 0; --level) {
    const int in_channels = config.channels[level];
    const int out_channels = level > 0 ? config.channels[level - 1] : config.image_channels;
    net.add(std::make_unique<ConvTranspose2d>(params, slot("decoder", net), in_channels, out_channels, 3, 2, 1, 1, rng));
    if (level > 0) net.add(make_activation(config.activation));
  }
  net.add(std::make_unique<Flatten>());
}

}  // namespace ll
