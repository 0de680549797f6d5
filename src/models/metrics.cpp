#include "models/metrics.hpp"

#include <algorithm>
#include <stdexcept>
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

}  // namespace ll
