#include "models/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "nn/errors.hpp"

namespace ll {

double auroc(const std::vector<float>& normal_scores, const std::vector<float>& anomalous_scores) {
  if (normal_scores.empty() || anomalous_scores.empty())
    throw Error(ErrorCode::invalid_argument, "AUROC needs at least one normal and one anomalous score");
  // Mann-Whitney U from the ranks of the pooled scores (average rank for ties).
  std::vector<std::pair<float, bool>> pooled;
  for (float s : normal_scores) pooled.emplace_back(s, false);
  for (float s : anomalous_scores) pooled.emplace_back(s, true);
  std::sort(pooled.begin(), pooled.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double anomalous_rank_sum = 0;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    const double average_rank = (double(i + 1) + double(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k)
      if (pooled[k].second) anomalous_rank_sum += average_rank;
    i = j;
  }
  const double na = double(anomalous_scores.size()), nn = double(normal_scores.size());
  return (anomalous_rank_sum - na * (na + 1) / 2.0) / (na * nn);
}

RocCurve roc_curve(const std::vector<float>& normal_scores, const std::vector<float>& anomalous_scores) {
  if (normal_scores.empty() || anomalous_scores.empty())
    throw Error(ErrorCode::invalid_argument, "a ROC curve needs at least one normal and one anomalous score");
  std::vector<std::pair<float, bool>> pooled;
  for (float s : normal_scores) pooled.emplace_back(s, false);
  for (float s : anomalous_scores) pooled.emplace_back(s, true);
  for (const auto& [score, anomalous] : pooled)
    if (!std::isfinite(score))
      throw Error(ErrorCode::invalid_argument, std::string("a ROC curve needs finite scores; an ") +
                                                   (anomalous ? "anomalous" : "normal") + " score is not");
  std::sort(pooled.begin(), pooled.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const double nn = double(normal_scores.size()), na = double(anomalous_scores.size());
  RocCurve roc;
  roc.thresholds.push_back(INFINITY);
  roc.false_positive_rate.push_back(0.0);
  roc.true_positive_rate.push_back(0.0);
  std::size_t flagged_normal = 0, flagged_anomalous = 0;
  // Lowering the threshold past one distinct score flags every image with it at once.
  for (std::size_t i = 0; i < pooled.size();) {
    const float threshold = pooled[i].first;
    for (; i < pooled.size() && pooled[i].first == threshold; ++i) ++(pooled[i].second ? flagged_anomalous : flagged_normal);
    roc.thresholds.push_back(threshold);
    roc.false_positive_rate.push_back(double(flagged_normal) / nn);
    roc.true_positive_rate.push_back(double(flagged_anomalous) / na);
  }
  return roc;
}

double knn_accuracy(const std::vector<float>& reference, const std::vector<int>& reference_labels,
                    const std::vector<float>& query, const std::vector<int>& query_labels, int dims, int k) {
  if (dims < 1) throw Error(ErrorCode::invalid_argument, "k-NN: dims must be at least 1, got " + std::to_string(dims));
  const auto rows_of = [dims](const std::vector<float>& values, const std::vector<int>& labels, const char* what) {
    if (labels.empty() || values.size() % std::size_t(dims) != 0 || values.size() / std::size_t(dims) != labels.size())
      throw Error(ErrorCode::shape_mismatch, std::string("k-NN: the ") + what + " set has " +
                                                 std::to_string(values.size()) + " values and " +
                                                 std::to_string(labels.size()) + " labels; expected labels × " +
                                                 std::to_string(dims) + " values and at least one row");
    for (int label : labels)
      if (label < 0 || label > 1000000)
        throw Error(ErrorCode::invalid_argument, std::string("k-NN: a ") + what + " label is " + std::to_string(label) +
                                                     "; labels must be class ids in [0, 1000000]");
    return labels.size();
  };
  const std::size_t n_reference = rows_of(reference, reference_labels, "reference");
  const std::size_t n_query = rows_of(query, query_labels, "query");
  if (k < 1 || std::size_t(k) > n_reference)
    throw Error(ErrorCode::invalid_argument, "k-NN: k must be in [1, " + std::to_string(n_reference) + "] (the reference rows), got " +
                                                 std::to_string(k));
  const int classes = 1 + *std::max_element(reference_labels.begin(), reference_labels.end());
  std::vector<std::pair<double, std::size_t>> neighbours(n_reference);
  std::vector<int> votes(std::size_t(classes), 0);
  std::size_t correct = 0;
  for (std::size_t q = 0; q < n_query; ++q) {
    const float* x = query.data() + q * dims;
    for (std::size_t r = 0; r < n_reference; ++r) {
      const float* y = reference.data() + r * dims;
      double distance = 0;
      for (int d = 0; d < dims; ++d) distance += double(x[d] - y[d]) * double(x[d] - y[d]);
      neighbours[r] = {distance, r};
    }
    std::partial_sort(neighbours.begin(), neighbours.begin() + k, neighbours.end());
    std::fill(votes.begin(), votes.end(), 0);
    int most = 0;
    for (int i = 0; i < k; ++i) most = std::max(most, ++votes[std::size_t(reference_labels[neighbours[i].second])]);
    // The first (nearest) neighbour whose class has the most votes decides a tie.
    int predicted = -1;
    for (int i = 0; i < k && predicted < 0; ++i) {
      const int label = reference_labels[neighbours[i].second];
      if (votes[std::size_t(label)] == most) predicted = label;
    }
    if (predicted == query_labels[q]) ++correct;
  }
  return double(correct) / double(n_query);
}

}  // namespace ll
