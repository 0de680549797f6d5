#pragma once
// Dimension letters used across src/nn: N batch, D features, C channels,
// H height, W width, Z latent size, K reduction length of a product.
//
// Activations are xtensor containers, batch-first and row-major (NCHW for
// images, N×D for features), exactly PyTorch's memory layout so weights and
// fixtures map one to one. Kernels see them as raw pointers with explicit sizes.
//
// Both types keep a training step off the heap: a Shape of up to four
// dimensions lives inline (no allocation to build, copy or compare one), and a
// Tensor's values live in a std::vector, which keeps its capacity when a batch
// shrinks (an epoch's ragged last batch) and refills it when the batch grows
// back. xt::xarray<float>'s own storage reallocates on every size change.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

namespace ll {

using Shape = xt::svector<std::size_t, 4>;
using Tensor = xt::xarray_container<std::vector<float>, xt::layout_type::row_major, Shape>;

inline std::size_t shape_size(const Shape& shape) {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

inline Shape shape_of(const Tensor& t) { return Shape(t.shape().begin(), t.shape().end()); }

// Resizes only when the shape differs, so a steady-state training step reuses
// the buffers of the previous one instead of reallocating them.
inline void ensure_shape(Tensor& t, const Shape& shape) {
  if (t.dimension() != shape.size() || !std::equal(shape.begin(), shape.end(), t.shape().begin())) {
    t.resize(shape);
  }
}

std::string shape_to_string(const Shape& shape);

}  // namespace ll
