#pragma once
// Inside a model: its layers as it built them, and what each computes for given
// images. Walked from the model's own layer stacks (networks.cpp), so a model
// with other widths describes itself differently and nothing is drawn by hand.
//
// The walk, in order (shapes per image, N left out):
//   Input     [C, H, W]                the images
//   Concat    [D + L]                  conditional models: x ⊕ one_hot(y)
//   encoder.i                          the encoder's layers ("encoder.<i>", PyTorch's names)
//   AE:       the last encoder layer is the code [Z]
//   VAE:      fc_mu [Z], fc_logvar [Z] (both read the trunk's output h),
//             then Sample z [Z] = μ + σ ⊙ ε (the code)
//   Concat    [Z + L]                  conditional models: z ⊕ one_hot(y)
//   decoder.i                          the decoder's layers; its last gives the logits [D]
//   Sigmoid   [C, H, W]                the reconstruction (pixel probabilities)
//
// layer_activations() runs that walk one layer after another and keeps every
// output. The VAE's z is μ there (ε = 0), as reconstruct() decodes, so the
// last activation equals reconstruct(images).
#include <string>
#include <vector>

#include "models/model.hpp"

namespace ll {

struct LayerDescription {
  std::string name;  // parameter prefix ("encoder.1", "fc_mu") or the step's name ("input", "z", "output", ...)
  std::string kind;  // the Layer's kind() (Dense, Conv2d, ConvTranspose2d, ReLU, Reshape, Flatten, ...),
                     // or Input, Concat, Sample, Sigmoid for the steps that are not layers of a stack
  std::string part;  // "encoder", "heads" (VAE: μ, log σ², the sampling) or "decoder"
  Shape shape;       // output shape per image
  int kernel = 0;    // conv layers (square kernels); 0 otherwise
  int stride = 0;
  int padding = 0;
  std::size_t parameters = 0;  // weights + biases of this layer
  bool code = false;           // the code: the AE's last encoder layer, the VAE's z
};

std::vector<LayerDescription> describe_layers(Model& model);

// One tensor per entry of describe_layers(model), each [N, shape...].
// images [N, D] and labels as Model::reconstruct takes them.
std::vector<Tensor> layer_activations(Model& model, const Tensor& images, const std::vector<int>& labels);

// The kernels that make output channel `channel` of the conv layer `name`:
// weights [Cin, K, K] (a Conv2d's weight[channel]; a ConvTranspose2d's
// weight[:, channel], its weight being [Cin, Cout, K, K]) and that channel's bias.
struct ConvFilters {
  Tensor weights;
  float bias = 0.0f;
};
ConvFilters conv_filters(Model& model, const std::string& name, int channel);

}  // namespace ll
