#pragma once
// The test-split report of a trained model, printed by `latentlab eval` and
// written into model cards by `latentlab train`:
//   reconstruction, kl, elbo, total   per image, nats (Bernoulli) as trained
//   squared_error                     per image, Σ (x̂ − x)² of the deterministic reconstruction
//   pca_squared_error                 the same for PCA with as many components as the code
//   psnr_noisy, psnr_denoised, psnr_gain   on corrupted test digits (fixed seed): a denoising model's own
//                                     corruption, or `noise` when given (so a plain AE can be compared)
//   anomaly_auroc                     MNIST test (normal) vs the Fashion-MNIST subset (anomalous),
//                                     scored by negative ELBO (VAE) or reconstruction error (AE)
#include <map>
#include <string>

#include "data/corruption.hpp"
#include "data/idx.hpp"
#include "models/model.hpp"

namespace ll::cli {

struct DataSplits {
  Dataset train, test, fashion;  // images flattened to [N, D]
};

DataSplits load_splits(const std::string& data_dir);

std::map<std::string, double> evaluate_on_test(Model& model, const DataSplits& data, bool with_pca,
                                               const Corruption& noise = {});

}  // namespace ll::cli
