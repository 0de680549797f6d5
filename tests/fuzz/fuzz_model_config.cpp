// JSON text -> parse_model_config -> make_model. model_footprint must predict
// the parameter count exactly (the loader refuses files by it), and a built
// model must encode and decode. Models above 200,000 parameters are parsed
// and sized but not built, to keep each run fast.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "models/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ll::fuzz::expect_classified([&] {
    const ll::ModelConfig config = ll::parse_model_config(text);
    // What the config says about itself must read back as the same config.
    if (ll::model_config_to_json(ll::parse_model_config(ll::model_config_to_json(config))) !=
        ll::model_config_to_json(config))
      ll::fuzz::contract_broken("a config does not survive its own JSON");
    const ll::ModelFootprint footprint = ll::model_footprint(config);
    if (footprint.parameters > 200'000) return;
    auto model = ll::make_model(config, 1);
    if (model->parameters().size() != footprint.parameters)
      ll::fuzz::contract_broken("model_footprint's parameter count differs from the built model's");
    ll::Tensor images = ll::Tensor::from_shape({2, std::size_t(model->image_size())});
    images.fill(0.5f);
    const std::vector<int> labels = config.is_conditional() ? std::vector<int>{0, 1} : std::vector<int>{};
    ll::Tensor codes, decoded;
    model->encode(images, labels, codes);
    model->decode(codes, labels, decoded);
  });
  return 0;
}
