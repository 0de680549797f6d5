// The JavaScript boundary for latent coverage (src/models/latent_coverage.hpp):
// how far codes are from a model's training codes, the holes grid of a 2-D
// map, the prior's far share and the labels of decoded samples. Codes and
// images cross as flat Float32Arrays, copied once and length-checked.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "models/latent_coverage.hpp"
#include "wasm/boundary.hpp"

namespace {

using emscripten::val;
using namespace ll;
using namespace ll::wasm;

// Rows of a flat array, as many as the width divides it into (at least min_rows).
Tensor rows_of(const val& array, double width, const char* name, int min_rows = 1) {
  const int w = whole_number(width, std::string(name) + " width", limits::row_width);
  Tensor rows = to_rows(array, std::size_t(w), name);
  if (rows.shape()[0] < std::size_t(min_rows) || rows.shape()[0] > limits::distance_rows.max)
    throw Error(rows.shape()[0] < std::size_t(min_rows) ? ErrorCode::invalid_argument : ErrorCode::too_large,
                std::string(name) + ": need between " + std::to_string(min_rows) + " and " +
                    limits::number_text(double(limits::distance_rows.max)) + " rows, got " + std::to_string(rows.shape()[0]));
  return rows;
}

int count_of(const Tensor& rows) { return int(rows.shape()[0]); }

val int_array(const std::vector<int>& values) {
  return val(emscripten::typed_memory_view(values.size(), values.data())).call<val>("slice");
}

val nearest_distances(const val& codes, const val& queries, double latent) {
  return guarded("nearestDistances", [&] {
    const Tensor reference = rows_of(codes, latent, "codes"), q = rows_of(queries, latent, "queries");
    const auto z = int(reference.shape()[1]);
    const Neighbours n = nearest_neighbours(reference.data(), count_of(reference), q.data(), count_of(q), z);
    return fresh_float32(n.distance.data(), n.distance.size());
  });
}

double threshold_of(const val& codes, double latent, double quantile) {
  return guarded("coverageThreshold", [&] {
    const Tensor reference = rows_of(codes, latent, "codes", 2);
    return double(coverage_threshold(reference.data(), count_of(reference), int(reference.shape()[1]), float(quantile)));
  });
}

val grid_of(const val& codes, const val& extent, double cols, double rows) {
  return guarded("distanceGrid", [&] {
    const Tensor reference = rows_of(codes, 2, "2-D codes");
    auto bound = [&](const char* key) {
      const val v = extent[key];
      if (v.typeOf().as<std::string>() != "number") throw std::invalid_argument(std::string("extent.") + key + " must be a number");
      return float(v.as<double>());
    };
    const MapExtent e{bound("xMin"), bound("xMax"), bound("yMin"), bound("yMax")};
    const auto grid = distance_grid(reference.data(), count_of(reference), e, whole_number(cols, "grid columns", limits::distance_grid_side),
                                    whole_number(rows, "grid rows", limits::distance_grid_side));
    return fresh_float32(grid.data(), grid.size());
  });
}

val prior_coverage_of(const val& codes, double latent, double count, float temperature, double seed, double quantile) {
  return guarded("priorCoverage", [&] {
    const Tensor reference = rows_of(codes, latent, "codes", 2);
    Rng rng(seed_from(seed));
    const PriorCoverage c = prior_coverage(reference.data(), count_of(reference), int(reference.shape()[1]),
                                           whole_number(count, "sample count", limits::sample_count), temperature, rng, float(quantile));
    val out = val::object();
    out.set("threshold", c.threshold);
    out.set("farShare", c.far_share);
    out.set("samples", fresh_float32(c.samples.data(), c.samples.size()));
    out.set("distances", fresh_float32(c.distances.data(), c.distances.size()));
    return out;
  });
}

val nearest_labels_of(const val& images, const val& labels, const val& queries, double width, double classes) {
  return guarded("nearestLabels", [&] {
    const Tensor reference = rows_of(images, width, "images"), q = rows_of(queries, width, "queries");
    const std::vector<int> ids = to_labels(labels);
    if (ids.size() != reference.shape()[0])
      throw Error(ErrorCode::shape_mismatch, "nearestLabels: " + std::to_string(ids.size()) + " labels for " +
                                  std::to_string(reference.shape()[0]) + " images");
    const NearestLabels n = nearest_labels(reference.data(), ids.data(), count_of(reference), q.data(), count_of(q),
                                           int(reference.shape()[1]), whole_number(classes, "class count", limits::reference_classes));
    val out = val::object();
    out.set("histogram", int_array(n.histogram));
    out.set("perQuery", int_array(n.per_query));
    return out;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(coverage) {
  using namespace emscripten;
  function("nearestDistances", &nearest_distances);
  function("coverageThreshold", &threshold_of);
  function("distanceGrid", &grid_of);
  function("priorCoverage", &prior_coverage_of);
  function("nearestLabels", &nearest_labels_of);
}
