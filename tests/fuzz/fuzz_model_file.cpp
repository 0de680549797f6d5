// safetensors bytes -> load_model (metadata config, tensors checked against
// it), then the loaded model must decode and survive a save/reload round trip.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_common.hpp"
#include "models/model_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ll::fuzz::expect_classified([&] {
    auto model = ll::load_model(data, size);
    ll::Tensor code = ll::Tensor::from_shape({1, std::size_t(model->latent_size())});
    code.fill(0.0f);
    const std::vector<int> labels = model->config().is_conditional() ? std::vector<int>{0} : std::vector<int>{};
    ll::Tensor images;
    model->decode(code, labels, images);
    for (float v : images)
      if (!(v >= 0.0f && v <= 1.0f)) ll::fuzz::contract_broken("a loaded model decoded a value outside [0, 1]");
    const auto saved = ll::save_model(*model);
    ll::load_weights_into(*model, saved.data(), saved.size());
  });
  return 0;
}
