#pragma once
// Scores the CLI, the bench and the page report about a trained model.
#include <vector>

namespace ll {

// Area under the ROC curve for "anomalous scores higher": the probability that
// a random anomalous score exceeds a random normal one (ties count one half).
double auroc(const std::vector<float>& normal_scores, const std::vector<float>& anomalous_scores);

// The ROC curve of "flag as anomalous when score >= threshold", one point per
// distinct score from the highest threshold down: false_positive_rate[i] and
// true_positive_rate[i] are the fractions of normal and of anomalous scores at
// or above thresholds[i]. It starts at (0, 0) (threshold +inf) and ends at
// (1, 1); its trapezoidal area is auroc() of the same scores.
struct RocCurve {
  std::vector<double> thresholds;
  std::vector<double> false_positive_rate;
  std::vector<double> true_positive_rate;
};
RocCurve roc_curve(const std::vector<float>& normal_scores, const std::vector<float>& anomalous_scores);

// The fraction of query rows whose class is the majority class among their k
// nearest reference rows (Euclidean distance over `dims` values per row; a
// tied vote goes to the tied class with the nearest member; equal distances
// rank by reference order). Rows are row-major, one label per row.
double knn_accuracy(const std::vector<float>& reference, const std::vector<int>& reference_labels,
                    const std::vector<float>& query, const std::vector<int>& query_labels, int dims, int k);

}  // namespace ll
