#pragma once
// The convolution layers split a batch over threads by images: chunk c of
// parallel_ranges(N, 1, ...) takes a contiguous run of images and works in
// its own ImageChunk. Per image the products are too small to split further.
//
// Parameter gradients sum over every image, so chunk 0 accumulates straight
// into the layer's gradients and each other chunk into its own zeroed copy,
// added afterwards in chunk order: one thread gives exactly the
// single-threaded sums, and a given thread count always gives the same result.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace ll {

struct ImageChunk {
  std::vector<float> cols;   // one image unfolded (layer-specific shape)
  std::vector<float> dcols;  // its gradient, when the layer needs one
  std::vector<float> dweight;
  std::vector<float> dbias;
};

// Grows (never shrinks) to `chunks` entries, so steady-state steps allocate nothing.
inline void reserve_chunks(std::vector<ImageChunk>& chunks, int count) {
  if (chunks.size() < std::size_t(count)) chunks.resize(std::size_t(count));
}

// The gradient buffers chunk `index` accumulates into: the layer's own for
// chunk 0, the chunk's zeroed copies otherwise.
inline void chunk_gradients(ImageChunk& chunk, int index, std::size_t weights, std::size_t biases, float* dweight,
                            float* dbias, float*& chunk_dweight, float*& chunk_dbias) {
  if (index == 0) {
    chunk_dweight = dweight;
    chunk_dbias = dbias;
    return;
  }
  chunk.dweight.assign(weights, 0.0f);
  chunk.dbias.assign(biases, 0.0f);
  chunk_dweight = chunk.dweight.data();
  chunk_dbias = chunk.dbias.data();
}

// Adds chunks 1..count-1's gradients onto the layer's, in chunk order.
inline void sum_chunk_gradients(const std::vector<ImageChunk>& chunks, int count, float* dweight, float* dbias) {
  for (int c = 1; c < count; ++c) {
    const ImageChunk& chunk = chunks[std::size_t(c)];
    for (std::size_t i = 0; i < chunk.dweight.size(); ++i) dweight[i] += chunk.dweight[i];
    for (std::size_t i = 0; i < chunk.dbias.size(); ++i) dbias[i] += chunk.dbias[i];
  }
}

}  // namespace ll
