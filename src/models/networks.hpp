#pragma once
// The encoder and decoder stacks shared by the AE and VAE families, named like
// a PyTorch nn.Sequential ("encoder.0.weight", ...) so weights map one to one
// to the PyTorch modules in bench/ and tests/fixtures/.
//
// dense:  encoder  [N, D+L] -> Dense, act, ... -> [N, F]   (F = last hidden width, or D+L without hidden)
//         decoder  [N, Z+L] -> Dense, act, ... -> Dense -> [N, D] logits
// conv:   encoder  [N, D] -> Reshape [C,H,W] -> (Conv 3×3 s2 p1, act)×k -> Flatten -> [N, F]
//         decoder  [N, Z] -> Dense -> act -> Reshape -> (ConvT 3×3 s2 p1 op1, act)×(k-1) -> ConvT -> Flatten -> [N, D] logits
// L is the one-hot label width of a conditional model (0 otherwise).
#include "models/config.hpp"
#include "nn/layers/sequential.hpp"
#include "nn/parameters.hpp"
#include "nn/rng.hpp"

namespace ll {

// Appends the encoder's feature trunk to `net`; returns its output width F.
int build_encoder_trunk(const ModelConfig& config, int label_width, Parameters& params, Rng& rng, Sequential& net);

// Appends the decoder (latent plus label inputs to image logits) to `net`.
void build_decoder(const ModelConfig& config, int input_width, Parameters& params, Rng& rng, Sequential& net);

LayerPtr make_activation(Activation activation);

}  // namespace ll
