#pragma once
// Where a model's training codes are, and where they are not: the measured
// "holes" of a latent space. Dimension letters: N reference rows (training
// codes or training images), M queries, D the width of a row (Z for codes,
// 784 for images).
//
// Distances are Euclidean and the search is exhaustive: rows up to 32 wide
// (codes) directly in double; wider rows (images) as |q|² + |r|² − 2 q·r from
// one matrix product per block of queries (gemm_nt), so searching 1000 decoded
// digits among 8000 training digits takes a fraction of a second natively.
#include <cstdint>
#include <vector>

#include "nn/rng.hpp"

namespace ll {

struct Neighbours {
  std::vector<int> index;       // M: row of the nearest reference
  std::vector<float> distance;  // M: its distance
};

// reference [N, D], queries [M, D]. exclude_self: queries are the reference
// rows themselves (M = N) and row i may not be its own neighbour (N >= 2).
Neighbours nearest_neighbours(const float* reference, int N, const float* queries, int M, int D,
                              bool exclude_self = false);

// The distance beyond which a code counts as "far from every training code":
// the `quantile` (e.g. 0.95) of each training code's distance to its nearest
// other training code, so 95% of training codes have a neighbour closer than
// this. Linear interpolation between order statistics. codes [N, Z], N >= 2.
float coverage_threshold(const float* codes, int N, int Z, float quantile = 0.95f);

// The "holes" overlay of a 2-D map: out [rows, cols], row-major from the top
// (y = y_max) down, each cell the distance from its centre to the nearest
// training code. codes [N, 2].
struct MapExtent {
  float x_min, x_max, y_min, y_max;
};
std::vector<float> distance_grid(const float* codes, int N, const MapExtent& extent, int cols, int rows);

// Prior samples z ~ N(0, T² I) against the training codes.
struct PriorCoverage {
  float threshold = 0.0f;  // coverage_threshold(codes, 0.95)
  float far_share = 0.0f;  // share of samples whose nearest training code is farther than threshold
  std::vector<float> samples;    // [count, Z] the z drawn
  std::vector<float> distances;  // count: each sample's distance to its nearest training code
};
PriorCoverage prior_coverage(const float* codes, int N, int Z, int count, float temperature, Rng& rng,
                             float quantile = 0.95f);

// Which classes a model's samples show: each query (a decoded sample, [M, D])
// takes the label of its nearest reference image (pixel space; images [N, D]
// with labels N ids in [0, classes)). The caller decodes, so this needs no model.
struct NearestLabels {
  std::vector<int> histogram;  // classes: how many queries took each label
  std::vector<int> per_query;  // M
};
NearestLabels nearest_labels(const float* images, const int* labels, int N, const float* queries, int M, int D,
                             int classes);

}  // namespace ll
