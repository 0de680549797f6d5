#pragma once
// What Conv2d and ConvTranspose2d share: splitting a batch over threads by
// images, and the per-channel bias of an (C, H*W) image.
//
// A batch is split into contiguous runs of images (parallel_ranges over N);
// each run works in its own ImageChunk. Per image the products are too small
// to split further. Parameter gradients sum over every image, so run 0
// accumulates straight into the layer's gradients and each other run into its
// own zeroed copy, added afterwards in run order: one thread gives exactly the
// single-threaded sums, and a given thread count always gives the same result.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "nn/kernels/parallel.hpp"

namespace ll {

struct ImageChunk {
  std::vector<float> cols;   // one image unfolded (layer-specific shape)
  std::vector<float> dcols;  // its gradient, when the layer needs one
  std::vector<float> dweight;
  std::vector<float> dbias;
};

// Calls body(chunk, begin, end) for runs of the `images` images, each with its
// own ImageChunk from `chunks` (grown, never shrunk: steady-state steps allocate nothing).
template <typename Body>
void for_each_image_chunk(std::vector<ImageChunk>& chunks, int images, Body&& body) {
  const std::size_t count = std::size_t(parallel_chunk_count(images, 1));
  if (chunks.size() < count) chunks.resize(count);
  parallel_ranges(images, 1, [&](int chunk, int begin, int end) { body(chunks[std::size_t(chunk)], begin, end); });
}

// The same for a backward pass: body(chunk, begin, end, dweight, dbias)
// accumulates its images' parameter gradients into the buffers it is given
// (`weights` and `biases` floats), which add up to the layer's own afterwards.
template <typename Body>
void for_each_image_chunk_accumulating(std::vector<ImageChunk>& chunks, int images, std::size_t weights,
                                       std::size_t biases, float* dweight, float* dbias, Body&& body) {
  const int count = parallel_chunk_count(images, 1);
  if (chunks.size() < std::size_t(count)) chunks.resize(std::size_t(count));
  parallel_ranges(images, 1, [&](int chunk, int begin, int end) {
    ImageChunk& scratch = chunks[std::size_t(chunk)];
    if (chunk == 0) {
      body(scratch, begin, end, dweight, dbias);
      return;
    }
    scratch.dweight.assign(weights, 0.0f);
    scratch.dbias.assign(biases, 0.0f);
    body(scratch, begin, end, scratch.dweight.data(), scratch.dbias.data());
  });
  for (int c = 1; c < count; ++c) {
    const ImageChunk& chunk = chunks[std::size_t(c)];
    for (std::size_t i = 0; i < weights; ++i) dweight[i] += chunk.dweight[i];
    for (std::size_t i = 0; i < biases; ++i) dbias[i] += chunk.dbias[i];
  }
}

// y[c, p] = bias[c] for an image y (channels, plane).
inline void fill_with_bias(float* y, int channels, int plane, const float* bias) {
  for (int c = 0; c < channels; ++c) std::fill(y + std::size_t(c) * plane, y + std::size_t(c + 1) * plane, bias[c]);
}

// dbias[c] += Σ_p dy[c, p] for an image gradient dy (channels, plane).
inline void add_bias_gradient(const float* dy, int channels, int plane, float* dbias) {
  for (int c = 0; c < channels; ++c) {
    float sum = 0.0f;
    for (int p = 0; p < plane; ++p) sum += dy[std::size_t(c) * plane + p];
    dbias[c] += sum;
  }
}

}  // namespace ll
