// JSON text -> parse_train_config -> a Trainer over a tiny model and four
// images, stepped once: every accepted config must train without a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"
#include "models/trainer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static const ll::ModelConfig tiny = ll::parse_model_config(
      R"({"type":"vae","arch":"dense","image":[1,4,4],"hidden":[3],"latent":2})");
  ll::fuzz::expect_classified([&] {
    const ll::TrainConfig config = ll::parse_train_config(text);
    auto model = ll::make_model(tiny, 1);
    ll::Tensor images = ll::Tensor::from_shape({4, 16});
    for (std::size_t i = 0; i < images.size(); ++i) images.data()[i] = float(i % 5) / 4.0f;
    ll::Trainer trainer(*model, images, {}, config);
    trainer.step();
  });
  return 0;
}
