// The bindings of the applications views (anomaly detection, dimensionality
// reduction): PCA fitted in C++ (the same ll::Pca `latentlab eval --pca`
// uses), the ROC curve and AUROC of src/models/metrics (the same code as
// `latentlab eval`'s anomaly_auroc), k-nearest-neighbour accuracy, and an
// anomaly scorer whose random stream continues across calls, so scoring a set
// in slices gives the scores of one call over the whole set.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "models/metrics.hpp"
#include "models/model.hpp"
#include "models/pca.hpp"
#include "nn/rng.hpp"
#include "wasm/boundary.hpp"
#include "wasm/model_handle.hpp"

namespace {

using emscripten::val;
using namespace ll;
using namespace ll::wasm;


void require_finite(const Tensor& rows, const char* name) {
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!std::isfinite(rows.data()[i]))
      throw Error(ErrorCode::invalid_argument, std::string(name) + " has a non-finite value at index " + std::to_string(i));
}

val doubles_to_js(const std::vector<double>& values) {
  return val(emscripten::typed_memory_view(values.size(), values.data())).call<val>("slice");
}

class WasmPca {
 public:
  static WasmPca* fit(const val& images, double image_size, double components) {
    return guarded("fitPca", [&] {
      const int width = whole_number(image_size, "PCA image size", limits::pca_width);
      const val length = images["length"];
      if (length.isNumber() && length.as<double>() > double(limits::pca_values.max))
        throw Error(ErrorCode::too_large, "PCA: " + number_text(length.as<double>()) + " values are more than the " +
                                              number_text(double(limits::pca_values.max)) + " a fit may take here");
      const Tensor rows = to_rows(images, std::size_t(width), "PCA images");
      require_finite(rows, "PCA images");
      const int k = whole_number(components, "PCA components", {1, width});
      return new WasmPca(Pca::fit(rows, k));
    });
  }

  static WasmPca* from_parts(const val& mean, const val& basis, const val& variance) {
    return guarded("pcaFromParts", [&] {
      return new WasmPca(Pca::from_parts(to_floats(mean, "PCA mean"), to_floats(basis, "PCA components"),
                                         to_floats(variance, "PCA explained variance")));
    });
  }

  int components() const { return pca_.components(); }
  int image_size() const { return int(pca_.mean().size()); }

  val project(const val& images) {
    return guarded("project", [&] {
      Tensor codes;
      pca_.encode(rows_of(images), codes);
      return fresh_float32(codes);
    });
  }

  // Rows rebuilt from the first `components` principal components (a PCA
  // with that many components: the basis of a fit is nested).
  val reconstruct(const val& images, double components) {
    return guarded("reconstruct", [&] {
      const int keep = whole_number(components, "components", {1, pca_.components()});
      Tensor codes, rows;
      pca_.encode(rows_of(images), codes);
      const std::size_t k = std::size_t(pca_.components());
      for (std::size_t i = 0; i < codes.shape()[0]; ++i)
        for (std::size_t c = std::size_t(keep); c < k; ++c) codes.data()[i * k + c] = 0.0f;
      pca_.decode(codes, rows);
      return fresh_float32(rows);
    });
  }

  // Mean over the rows of Σ (x̂ − x)² with j = 1 … k components. The basis is
  // orthonormal, so ‖x − x̂_j‖² = ‖x − μ‖² − Σ_{c<j} code_c²: one projection
  // gives the whole curve.
  val squared_error_curve(const val& images) {
    return guarded("squaredErrorCurve", [&] {
      const Tensor rows = rows_of(images);
      Tensor codes;
      pca_.encode(rows, codes);
      const std::size_t n = rows.shape()[0], d = rows.shape()[1], k = std::size_t(pca_.components());
      std::vector<double> curve(k, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        double residual = 0;
        for (std::size_t j = 0; j < d; ++j) {
          const double centred = double(rows.data()[i * d + j]) - pca_.mean()[j];
          residual += centred * centred;
        }
        for (std::size_t c = 0; c < k; ++c) {
          const double code = codes.data()[i * k + c];
          residual -= code * code;
          curve[c] += residual;
        }
      }
      for (double& value : curve) value /= double(n);
      return doubles_to_js(curve);
    });
  }

  val basis() const { return fresh_float32(pca_.basis().data(), pca_.basis().size()); }
  val mean() const { return fresh_float32(pca_.mean().data(), pca_.mean().size()); }
  val explained_variance() const {
    return fresh_float32(pca_.explained_variance().data(), pca_.explained_variance().size());
  }

 private:
  explicit WasmPca(Pca pca) : pca_(std::move(pca)) {}

  Tensor rows_of(const val& images) const {
    Tensor rows = to_rows(images, pca_.mean().size(), "images");
    require_finite(rows, "images");
    return rows;
  }

  Pca pca_;
};

// Holds only the random stream: the model is passed to each call, so a
// disposed model can never be reached through a scorer.
class WasmAnomalyScorer {
 public:
  static WasmAnomalyScorer* create(double seed) {
    return guarded("createAnomalyScorer", [&] { return new WasmAnomalyScorer(seed_from(seed)); });
  }

  val score(const val& model_handle, const val& images, const val& labels) {
    return guarded("score", [&] {
      Model& model = model_of(model_handle);
      const auto scores = model.anomaly_scores(to_rows(images, model.image_size(), "images"), to_labels(labels), rng_);
      return fresh_float32(scores.data(), scores.size());
    });
  }

 private:
  explicit WasmAnomalyScorer(std::uint64_t seed) : rng_(seed) {}
  Rng rng_;
};

// Scores as floats, refusing NaN and infinities (they have no rank).
std::vector<float> finite_scores(const val& scores, const char* name) {
  std::vector<float> values = to_floats(scores, name);
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      throw Error(ErrorCode::invalid_argument, std::string(name) + " has a non-finite value at index " + std::to_string(i));
  return values;
}

val roc_of(const val& normal, const val& anomalous) {
  return guarded("roc", [&] {
    const auto normal_scores = finite_scores(normal, "normal scores");
    const auto anomalous_scores = finite_scores(anomalous, "anomalous scores");
    const RocCurve roc = roc_curve(normal_scores, anomalous_scores);
    val out = val::object();
    out.set("thresholds", doubles_to_js(roc.thresholds));
    out.set("falsePositiveRate", doubles_to_js(roc.false_positive_rate));
    out.set("truePositiveRate", doubles_to_js(roc.true_positive_rate));
    out.set("auroc", auroc(normal_scores, anomalous_scores));
    return out;
  });
}

double auroc_of(const val& normal, const val& anomalous) {
  return guarded("auroc", [&] {
    return auroc(finite_scores(normal, "normal scores"), finite_scores(anomalous, "anomalous scores"));
  });
}

double knn_accuracy_of(const val& reference_codes, const val& reference_labels, const val& query_codes,
                       const val& query_labels, double k) {
  return guarded("knnAccuracy", [&] {
    const auto reference = to_floats(reference_codes, "reference codes");
    const auto query = to_floats(query_codes, "query codes");
    const auto labels = to_labels(reference_labels), wanted = to_labels(query_labels);
    if (labels.empty() || wanted.empty()) throw Error(ErrorCode::invalid_argument, "k-NN needs labels for both sets");
    if (double(labels.size()) * double(wanted.size()) > double(limits::knn_pairs.max))
      throw Error(ErrorCode::too_large, "k-NN: " + std::to_string(wanted.size()) + " queries × " +
                                            std::to_string(labels.size()) + " references are more than the " +
                                            number_text(double(limits::knn_pairs.max)) + " comparisons allowed");
    if (reference.size() % labels.size() != 0)
      throw Error(ErrorCode::shape_mismatch, "k-NN: " + std::to_string(reference.size()) +
                                                 " reference values are not a whole number of rows for " +
                                                 std::to_string(labels.size()) + " labels");
    const int dims = int(reference.size() / labels.size());
    return knn_accuracy(reference, labels, query, wanted, dims,
                        whole_number(k, "k", {1, int(std::min<std::size_t>(labels.size(), limits::knn_neighbours.max))}));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(apps) {
  using namespace emscripten;
  class_<WasmPca>("Pca")
      .class_function("fit", &WasmPca::fit, allow_raw_pointers())
      .class_function("fromParts", &WasmPca::from_parts, allow_raw_pointers())
      .function("components", &WasmPca::components)
      .function("imageSize", &WasmPca::image_size)
      .function("project", &WasmPca::project)
      .function("reconstruct", &WasmPca::reconstruct)
      .function("squaredErrorCurve", &WasmPca::squared_error_curve)
      .function("basis", &WasmPca::basis)
      .function("mean", &WasmPca::mean)
      .function("explainedVariance", &WasmPca::explained_variance);
  class_<WasmAnomalyScorer>("AnomalyScorer")
      .class_function("create", &WasmAnomalyScorer::create, allow_raw_pointers())
      .function("score", &WasmAnomalyScorer::score);
  function("roc", &roc_of);
  function("auroc", &auroc_of);
  function("knnAccuracy", &knn_accuracy_of);
}
