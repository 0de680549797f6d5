#include "cli/evaluation.hpp"

#include <algorithm>
#include <cmath>

#include "data/corruption.hpp"
#include "models/metrics.hpp"
#include "models/pca.hpp"
#include "models/trainer.hpp"

namespace ll::cli {
namespace {

Dataset load_flat(const std::string& images, const std::string& labels) {
  Dataset d = load_dataset(images, labels);
  const std::size_t n = d.images.shape()[0];
  const std::size_t width = d.images.size() / n;
  d.images.reshape({n, width});
  return d;
}

std::vector<int> labels_for(const Model& model, const Dataset& d) {
  return model.config().is_conditional() ? d.labels : std::vector<int>{};
}

double mean_squared_error_per_image(const Tensor& a, const Tensor& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += double(a.data()[i] - b.data()[i]) * (a.data()[i] - b.data()[i]);
  return sum / a.shape()[0];
}

double mean_psnr(const Tensor& a, const Tensor& b) {
  const std::size_t n = a.shape()[0], d = a.shape()[1];
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += psnr(a.data() + i * d, b.data() + i * d, d);
  return sum / n;
}

}  // namespace

DataSplits load_splits(const std::string& dir) {
  return {load_flat(dir + "/mnist-train-images-idx3-ubyte.gz", dir + "/mnist-train-labels-idx1-ubyte.gz"),
          load_flat(dir + "/mnist-test-images-idx3-ubyte.gz", dir + "/mnist-test-labels-idx1-ubyte.gz"),
          load_flat(dir + "/fashion-test2k-images-idx3-ubyte.gz", dir + "/fashion-test2k-labels-idx1-ubyte.gz")};
}

std::map<std::string, double> evaluate_on_test(Model& model, const DataSplits& data, bool with_pca,
                                               const Corruption& noise) {
  std::map<std::string, double> m;
  const auto& config = model.config();
  const std::vector<int> test_labels = labels_for(model, data.test);

  const LossBreakdown loss = evaluate_model(model, data.test.images, test_labels, 256, 12345);
  m["reconstruction"] = loss.reconstruction;
  m["total"] = loss.total;
  if (config.is_variational()) {
    m["kl"] = loss.kl;
    m["elbo"] = loss.elbo();
  }

  Tensor reconstruction;
  model.reconstruct(data.test.images, test_labels, reconstruction);
  m["squared_error"] = mean_squared_error_per_image(reconstruction, data.test.images);
  if (with_pca) {
    const Pca pca = Pca::fit(data.train.images, config.latent);
    Tensor codes, pca_reconstruction;
    pca.encode(data.test.images, codes);
    pca.decode(codes, pca_reconstruction);
    m["pca_squared_error"] = mean_squared_error_per_image(pca_reconstruction, data.test.images);
  }

  const Corruption& psnr_noise = noise.kind != CorruptionKind::None ? noise : config.denoise;
  if (psnr_noise.kind != CorruptionKind::None) {
    Rng rng(777);
    Tensor noisy(data.test.images.shape()), denoised;
    corrupt(data.test.images.data(), noisy.data(), int(noisy.shape()[0]) * config.image_channels, config.image_height,
            config.image_width, psnr_noise, rng);
    model.reconstruct(noisy, test_labels, denoised);
    m["psnr_noisy"] = mean_psnr(noisy, data.test.images);
    m["psnr_denoised"] = mean_psnr(denoised, data.test.images);
    m["psnr_gain"] = m["psnr_denoised"] - m["psnr_noisy"];
  }

  if (!config.is_conditional()) {
    Rng rng(4242);
    const std::vector<float> normal = model.anomaly_scores(data.test.images, {}, rng);
    const std::vector<float> anomalous = model.anomaly_scores(data.fashion.images, {}, rng);
    m["anomaly_auroc"] = auroc(normal, anomalous);
  }
  return m;
}

}  // namespace ll::cli
