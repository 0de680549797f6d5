// The scores the anomaly and dimensionality-reduction views show: AUROC and the
// ROC curve (checked against each other and against hand-counted examples),
// k-nearest-neighbour accuracy (hand-made layouts, the tie rule, bad input).
#include <cmath>
#include <functional>
#include <vector>

#include <catch2/catch.hpp>

#include "models/metrics.hpp"
#include "nn/errors.hpp"
#include "nn/rng.hpp"

using namespace ll;

namespace {

double trapezoid_area(const RocCurve& roc) {
  double area = 0;
  for (std::size_t i = 1; i < roc.thresholds.size(); ++i)
    area += (roc.false_positive_rate[i] - roc.false_positive_rate[i - 1]) *
            (roc.true_positive_rate[i] + roc.true_positive_rate[i - 1]) / 2;
  return area;
}

ErrorCode code_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const std::exception& e) {
    return error_code_of(e);
  }
  FAIL("expected an exception");
  return ErrorCode::internal;
}

}  // namespace

TEST_CASE("roc_curve counts the images at or above each distinct threshold", "[metrics]") {
  // normal 1, 2, 3; anomalous 2, 4: thresholds 4, 3, 2, 1 below +inf.
  const RocCurve roc = roc_curve({1, 2, 3}, {2, 4});
  REQUIRE(roc.thresholds.size() == 5);
  CHECK(std::isinf(roc.thresholds[0]));
  CHECK(roc.thresholds[1] == 4);
  CHECK(roc.thresholds[3] == 2);
  const std::vector<double> fpr{0, 0, 1.0 / 3, 2.0 / 3, 1}, tpr{0, 0.5, 0.5, 1, 1};
  for (std::size_t i = 0; i < fpr.size(); ++i) {
    CHECK(roc.false_positive_rate[i] == Approx(fpr[i]));
    CHECK(roc.true_positive_rate[i] == Approx(tpr[i]));
  }
  // Pairs: (2 vs 1) win, (2 vs 2) half, (2 vs 3) loss, 4 beats all three: 4.5 / 6.
  CHECK(auroc({1, 2, 3}, {2, 4}) == Approx(0.75));
  CHECK(trapezoid_area(roc) == Approx(0.75));
}

TEST_CASE("the ROC curve's area is the AUROC, ties included", "[metrics]") {
  Rng rng(7);
  std::vector<float> normal, anomalous;
  // Scores rounded to tenths, so many tie across the two sets.
  for (int i = 0; i < 300; ++i) normal.push_back(std::round(10 * rng.normal()) / 10);
  for (int i = 0; i < 200; ++i) anomalous.push_back(std::round(10 * (rng.normal() + 1)) / 10);
  const RocCurve roc = roc_curve(normal, anomalous);
  CHECK(trapezoid_area(roc) == Approx(auroc(normal, anomalous)).epsilon(1e-12));
  CHECK(roc.false_positive_rate.back() == 1);
  CHECK(roc.true_positive_rate.back() == 1);
  for (std::size_t i = 1; i < roc.thresholds.size(); ++i) CHECK(roc.thresholds[i] < roc.thresholds[i - 1]);
}

TEST_CASE("roc_curve refuses empty sets and non-finite scores", "[metrics]") {
  CHECK(code_of([] { roc_curve({}, {1}); }) == ErrorCode::invalid_argument);
  CHECK(code_of([] { roc_curve({1, NAN}, {1}); }) == ErrorCode::invalid_argument);
}

TEST_CASE("knn_accuracy votes among the k nearest reference rows", "[metrics]") {
  // Class 0 around x = 0, class 1 around x = 10 (2-D rows).
  const std::vector<float> reference{0, 0, 1, 0, 0, 1, 10, 0, 11, 0, 10, 1};
  const std::vector<int> labels{0, 0, 0, 1, 1, 1};
  // Query 3 sits in class 1's cluster but is labelled 0: one wrong of four.
  const std::vector<float> query{0.5f, 0.5f, 10.5f, 0.5f, 9, 0, 9, 1};
  const std::vector<int> query_labels{0, 1, 1, 0};
  CHECK(knn_accuracy(reference, labels, query, query_labels, 2, 1) == Approx(0.75));
  CHECK(knn_accuracy(reference, labels, query, query_labels, 2, 3) == Approx(0.75));
  // k = 6 is every row: a 3-3 tie each time, won by the class of the nearest row.
  CHECK(knn_accuracy(reference, labels, query, query_labels, 2, 6) == Approx(0.75));
}

TEST_CASE("knn_accuracy breaks a tied vote by the nearest neighbour", "[metrics]") {
  // 1-D: neighbours of 0 at distances 1 (class 2), 2 (class 5): k = 2 ties, class 2 wins.
  const std::vector<float> reference{1, -2, 50};
  const std::vector<int> labels{2, 5, 5};
  CHECK(knn_accuracy(reference, labels, {0}, {2}, 1, 2) == 1);
  CHECK(knn_accuracy(reference, labels, {0}, {5}, 1, 2) == 0);
  // k = 3: class 5 has two votes.
  CHECK(knn_accuracy(reference, labels, {0}, {5}, 1, 3) == 1);
}

TEST_CASE("knn_accuracy names bad shapes and out-of-range k", "[metrics]") {
  const std::vector<float> reference{0, 0, 1, 1};
  CHECK(code_of([&] { knn_accuracy(reference, {0, 1}, {0, 0, 1}, {0, 1}, 2, 1); }) == ErrorCode::shape_mismatch);
  CHECK(code_of([&] { knn_accuracy(reference, {0}, {0, 0}, {0}, 2, 1); }) == ErrorCode::shape_mismatch);
  CHECK(code_of([&] { knn_accuracy(reference, {0, 1}, {0, 0}, {0}, 2, 3); }) == ErrorCode::invalid_argument);
  CHECK(code_of([&] { knn_accuracy(reference, {0, -1}, {0, 0}, {0}, 2, 1); }) == ErrorCode::invalid_argument);
  CHECK(code_of([&] { knn_accuracy(reference, {0, 1}, {0, 0}, {0}, 0, 1); }) == ErrorCode::invalid_argument);
}
