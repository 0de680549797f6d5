#pragma once
// Scores the CLI, the bench and the page report about a trained model.
#include <vector>

namespace ll {

// Area under the ROC curve for "anomalous scores higher": the probability that
// a random anomalous score exceeds a random normal one (ties count one half).
double auroc(const std::vector<float>& normal_scores, const std::vector<float>& anomalous_scores);

}  // namespace ll
