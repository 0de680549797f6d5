#include "models/latent_coverage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/latent.hpp"
#include "nn/kernels/gemm.hpp"

namespace ll {

namespace {

// Queries per matrix product: 64 × N floats of scratch (2 MB for N = 8000).
constexpr int kQueryBlock = 64;
// Codes (Z <= 32) are compared directly in double: the expanded form's
// cancellation in float would blur the small neighbour distances the
// threshold is made of. Images (D = 784) go through the matrix product.
constexpr int kDirectWidth = 32;

void check_rows(const float* rows, long long count, long long width, const char* name) {
  for (long long i = 0; i < count * width; ++i)
    if (!std::isfinite(rows[i])) throw std::invalid_argument(std::string(name) + " contain NaN or Inf");
}

std::vector<float> squared_norms(const float* rows, int count, int D) {
  std::vector<float> norms(count);
  for (int i = 0; i < count; ++i) {
    double sum = 0.0;
    for (int d = 0; d < D; ++d) sum += double(rows[std::size_t(i) * D + d]) * rows[std::size_t(i) * D + d];
    norms[i] = float(sum);
  }
  return norms;
}

}  // namespace

Neighbours nearest_neighbours(const float* reference, int N, const float* queries, int M, int D, bool exclude_self) {
  if (N < (exclude_self ? 2 : 1) || M < 0 || D < 1)
    throw std::invalid_argument("nearest neighbours: need at least " + std::string(exclude_self ? "2 reference rows" : "1 reference row") +
                                " and a row width >= 1, got N=" + std::to_string(N) + ", D=" + std::to_string(D));
  if (exclude_self && M != N) throw std::invalid_argument("nearest neighbours: excluding self needs the queries to be the reference");
  check_rows(reference, N, D, "reference rows");
  check_rows(queries, M, D, "queries");
  Neighbours out;
  out.index.assign(M, -1);
  out.distance.assign(M, 0.0f);
  if (D <= kDirectWidth) {
    for (int q = 0; q < M; ++q) {
      const float* x = queries + std::size_t(q) * D;
      double best = std::numeric_limits<double>::infinity();
      for (int r = 0; r < N; ++r) {
        if (exclude_self && r == q) continue;
        const float* y = reference + std::size_t(r) * D;
        double squared = 0.0;
        for (int d = 0; d < D; ++d) squared += (double(x[d]) - y[d]) * (double(x[d]) - y[d]);
        if (squared < best) best = squared, out.index[q] = r;
      }
      out.distance[q] = float(std::sqrt(best));
    }
    return out;
  }
  const std::vector<float> reference_norms = squared_norms(reference, N, D);
  const std::vector<float> query_norms = squared_norms(queries, M, D);
  std::vector<float> dots(std::size_t(kQueryBlock) * N);  // [block, N]
  for (int first = 0; first < M; first += kQueryBlock) {
    const int count = std::min(kQueryBlock, M - first);
    gemm_nt(count, N, D, queries + std::size_t(first) * D, reference, dots.data(), false);
    for (int q = 0; q < count; ++q) {
      const float* row = dots.data() + std::size_t(q) * N;
      float best = std::numeric_limits<float>::infinity();
      int best_index = -1;
      for (int r = 0; r < N; ++r) {
        if (exclude_self && r == first + q) continue;
        const float squared = query_norms[first + q] + reference_norms[r] - 2.0f * row[r];
        if (squared < best) best = squared, best_index = r;
      }
      out.index[first + q] = best_index;
      // The expanded form can round below zero for (near-)coincident rows.
      out.distance[first + q] = std::sqrt(std::max(0.0f, best));
    }
  }
  return out;
}

float coverage_threshold(const float* codes, int N, int Z, float quantile) {
  if (!(quantile >= 0.0f && quantile <= 1.0f))
    throw std::invalid_argument("coverage threshold: quantile must be in [0, 1], got " + std::to_string(quantile));
  std::vector<float> d = nearest_neighbours(codes, N, codes, N, Z, true).distance;
  std::sort(d.begin(), d.end());
  const double position = quantile * double(N - 1);
  const std::size_t below = std::size_t(std::floor(position));
  const std::size_t above = std::min<std::size_t>(below + 1, d.size() - 1);
  return float(d[below] + (position - below) * (d[above] - d[below]));
}

std::vector<float> distance_grid(const float* codes, int N, const MapExtent& e, int cols, int rows) {
  if (cols < 1 || rows < 1 || cols > 1024 || rows > 1024)
    throw std::invalid_argument("distance grid: cols and rows must be in [1, 1024], got " + std::to_string(cols) + "×" +
                                std::to_string(rows));
  if (!(e.x_max > e.x_min) || !(e.y_max > e.y_min) || !std::isfinite(e.x_max - e.x_min) || !std::isfinite(e.y_max - e.y_min))
    throw std::invalid_argument("distance grid: the extent must have x_min < x_max and y_min < y_max, finite");
  std::vector<float> centres(std::size_t(rows) * cols * 2);  // [rows·cols, 2]
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      float* p = centres.data() + (std::size_t(r) * cols + c) * 2;
      p[0] = e.x_min + (c + 0.5f) * (e.x_max - e.x_min) / cols;
      p[1] = e.y_max - (r + 0.5f) * (e.y_max - e.y_min) / rows;
    }
  return nearest_neighbours(codes, N, centres.data(), rows * cols, 2).distance;
}

PriorCoverage prior_coverage(const float* codes, int N, int Z, int count, float temperature, Rng& rng, float quantile) {
  PriorCoverage out;
  out.threshold = coverage_threshold(codes, N, Z, quantile);
  Tensor z;
  sample_prior(count, Z, temperature, rng, z);  // validates count and temperature
  out.samples.assign(z.begin(), z.end());
  out.distances = nearest_neighbours(codes, N, out.samples.data(), count, Z).distance;
  const auto far = std::count_if(out.distances.begin(), out.distances.end(), [&](float d) { return d > out.threshold; });
  out.far_share = float(double(far) / count);
  return out;
}

NearestLabels nearest_labels(const float* images, const int* labels, int N, const float* queries, int M, int D,
                             int classes) {
  if (M < 1 || classes < 1) throw std::invalid_argument("nearest labels: need at least one query and one class");
  for (int i = 0; i < N; ++i)
    if (labels[i] < 0 || labels[i] >= classes)
      throw std::invalid_argument("nearest labels: label " + std::to_string(labels[i]) + " of image " + std::to_string(i) +
                                  " is outside [0, " + std::to_string(classes) + ")");
  const Neighbours nearest = nearest_neighbours(images, N, queries, M, D);
  NearestLabels out{std::vector<int>(classes, 0), std::vector<int>(M)};
  for (int i = 0; i < M; ++i) {
    out.per_query[i] = labels[nearest.index[i]];
    ++out.histogram[out.per_query[i]];
  }
  return out;
}

}  // namespace ll
