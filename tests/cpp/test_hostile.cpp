// Hostile input (issue 11), natively and in the WASM C++ suite: nesting that
// would exhaust the stack, files that describe far more than they hold, sizes
// that wrap in 32 bits, and messages that must stay short whatever they quote.
// Every case must fail with its own error code before anything large is
// allocated. The fuzz targets (tests/fuzz) replay the same files.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#ifdef LATENTLAB_HAVE_ZLIB
#include <zlib.h>
#endif

#include "data/idx.hpp"
#include "io/json_guard.hpp"
#include "io/safetensors.hpp"
#include "models/limits.hpp"
#include "models/model_io.hpp"
#include "models/trainer.hpp"
#include "nn/checked_size.hpp"

using namespace ll;
using Catch::Contains;

namespace {

const std::string kRegressions = std::string(LATENTLAB_SOURCE_DIR) + "/tests/fuzz/regressions/";

std::vector<std::uint8_t> regression(const std::string& name) { return read_file_bytes(kRegressions + name); }
std::string regression_text(const std::string& name) {
  const auto bytes = regression(name);
  return std::string(bytes.begin(), bytes.end());
}

// The code and message of what body throws; fails the test if it throws nothing.
struct Thrown {
  ErrorCode code = ErrorCode::internal;
  std::string message;
};
template <typename Body>
Thrown thrown_by(Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    return {error_code_of(e), e.what()};
  }
  FAIL("expected an error");
  return {};
}

std::string nested(int depth) { return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']'); }

}  // namespace

TEST_CASE("model_footprint predicts the parameter count of every model kind") {
  const char* configs[] = {
      R"({"type":"ae","hidden":[512,128],"latent":2})",
      R"({"type":"vae","hidden":[400],"latent":20})",
      R"({"type":"cvae","hidden":[64,32],"latent":3,"classes":7})",
      R"({"type":"ae","arch":"conv","channels":[16,32],"latent":32})",
      R"({"type":"vae","arch":"conv","image":[3,16,8],"channels":[4,8,2],"latent":5})",
      R"({"type":"ae","hidden":[],"latent":1,"image":[2,3,5]})",
  };
  for (const char* text : configs) {
    const ModelConfig config = parse_model_config(text);
    INFO(text);
    CHECK(make_model(config, 1)->parameters().size() == model_footprint(config).parameters);
    CHECK(model_footprint(config).activations_per_image >= std::uint64_t(config.image_size()));
  }
}

TEST_CASE("a config for a model beyond the parameter limit is too_large, before anything is built") {
  const Thrown t = thrown_by([] { parse_model_config(regression_text("model_config/huge.json")); });
  CHECK(t.code == ErrorCode::too_large);
  CHECK_THAT(t.message, Contains("parameters, more than the limit of"));
}

TEST_CASE("JSON nested deeper than the limit is refused before parsing, with a short message") {
  for (const std::string& text : {regression_text("model_config/nested.json"), "{\"hidden\":" + nested(33) + "}"}) {
    const Thrown t = thrown_by([&] { parse_model_config(text); });
    CHECK(t.code == ErrorCode::config_invalid);
    CHECK_THAT(t.message, Contains("nests deeper than 32 levels"));
  }
  CHECK_NOTHROW(check_json_depth(nested(32), "x", ErrorCode::invalid_argument));
  // Brackets inside strings are text, not nesting.
  CHECK_NOTHROW(check_json_depth("{\"a\": \"" + std::string(100, '[') + "\\\"[\"}", "x", ErrorCode::invalid_argument));
  const Thrown train = thrown_by([] { parse_train_config(regression_text("train_config/nested.json")); });
  CHECK_THAT(train.message, Contains("train config nests deeper"));
}

TEST_CASE("safetensors headers nested 10,000 deep fail as bad files (the CLI once crashed printing them)") {
  for (const char* name : {"model_file/nested-shape.safetensors", "model_file/nested-config.safetensors"}) {
    INFO(name);
    const auto bytes = regression(name);
    const Thrown t = thrown_by([&] { load_model(bytes.data(), bytes.size()); });
    CHECK(t.message.size() < 300);
    CHECK_THAT(t.message, Contains("nests deeper than 32"));
  }
  const auto shape = regression("model_file/nested-shape.safetensors");
  CHECK(thrown_by([&] { read_safetensors(shape.data(), shape.size()); }).code == ErrorCode::bad_weights_file);
}

TEST_CASE("a tiny file describing a large model is refused before the model is built") {
  const auto within = regression("model_file/amplification-within-cap.safetensors");
  const Thrown t = thrown_by([&] { load_model(within.data(), within.size()); });
  CHECK(t.code == ErrorCode::weights_mismatch);
  CHECK_THAT(t.message, Contains("weights file holds 1 values but the model it describes has 13"));
  const auto beyond = regression("model_file/amplification.safetensors");
  CHECK(thrown_by([&] { load_model(beyond.data(), beyond.size()); }).code == ErrorCode::too_large);
}

TEST_CASE("config type errors name their key and quote bounded excerpts") {
  const Thrown kind = thrown_by([] { parse_model_config(regression_text("model_config/denoise-kind-number.json")); });
  CHECK(kind.code == ErrorCode::config_invalid);
  CHECK_THAT(kind.message, Contains("\"denoise.kind\" must be a string") && Contains("got 3"));
  CHECK_THAT(thrown_by([] { parse_model_config(R"({"denoise":{"kind":"gaussian","level":"high"}})"); }).message,
             Contains("\"denoise.level\" must be a number"));
  CHECK_THAT(thrown_by([] { parse_model_config(R"({"latent":[1,2,3]})"); }).message,
             Contains("\"latent\" must be an integer, got an array of 3 values"));
  const std::string long_value = "{\"activation\":\"" + std::string(100000, 'x') + "\"}";
  CHECK(thrown_by([&] { parse_model_config(long_value); }).message.size() < 300);
  const std::string long_key = "{\"" + std::string(100000, 'k') + "\":1}";
  CHECK(thrown_by([&] { parse_model_config(long_key); }).message.size() < 300);
  CHECK(thrown_by([&] { parse_corruption_kind(std::string(100000, 'z')); }).message.size() < 300);
}

TEST_CASE("a number too large for a double is invalid JSON, not a library exception (found by fuzz_train_config)") {
  for (const std::string& text : {regression_text("model_config/number-overflow.json")}) {
    const Thrown t = thrown_by([&] { parse_model_config(text); });
    CHECK(t.code == ErrorCode::config_invalid);
    CHECK_THAT(t.message, Contains("model config is not valid JSON"));
  }
  const Thrown t = thrown_by([] { parse_train_config(regression_text("train_config/number-overflow")); });
  CHECK(t.code == ErrorCode::config_invalid);
  CHECK(t.message.size() < 300);
}

TEST_CASE("train configs are parsed in C++ with the key named") {
  CHECK(parse_train_config("{}").epochs == TrainConfig{}.epochs);
  const TrainConfig c = parse_train_config(R"({"epochs":3,"batchSize":2.0,"learningRate":0.01,"seed":9007199254740991,"optimizer":"sgd"})");
  CHECK((c.epochs == 3 && c.batch_size == 2 && c.seed == 9007199254740991ULL && c.optimizer == "sgd"));
  CHECK_THAT(thrown_by([] { parse_train_config("null"); }).message, Contains("must be a JSON object, got null"));
  CHECK_THAT(thrown_by([] { parse_train_config(R"({"epochs":2.5})"); }).message,
             Contains("\"epochs\" must be an integer in [1, 1000], got 2.5"));
  CHECK_THAT(thrown_by([] { parse_train_config(R"({"optimizer":3})"); }).message, Contains("\"optimizer\" must be a string"));
  CHECK_THAT(thrown_by([] { parse_train_config(R"({"seed":-1})"); }).message, Contains("\"seed\""));
  CHECK(thrown_by([] { parse_train_config(R"({"epochs":1}garbage)"); }).code == ErrorCode::config_invalid);
}

TEST_CASE("a conditional trainer refuses an out-of-range label when it is created") {
  auto model = make_model(parse_model_config(R"({"type":"cvae","hidden":[8],"latent":2,"image":[1,2,2]})"), 1);
  Tensor images = Tensor::from_shape({2, 4});
  images.fill(0.5f);
  const Thrown t = thrown_by([&] { Trainer(*model, images, {3, 11}, TrainConfig{}); });
  CHECK_THAT(t.message, Contains("training label 11 at index 1 is outside [0, 10)"));
}

TEST_CASE("IDX files with a zero dimension are refused") {
  const auto bytes = regression("idx/zero-images");
  const Thrown t = thrown_by([&] { parse_idx(bytes.data(), bytes.size()); });
  CHECK(t.code == ErrorCode::invalid_argument);
  CHECK_THAT(t.message, Contains("dimension 0 of [0, 28, 28] is 0"));
}

TEST_CASE("IDX dimensions past the file-size limit are too_large") {
  std::vector<std::uint8_t> bytes{0, 0, 8, 2, 0, 1, 0, 0, 0, 0, 8, 1};  // 65,536 × 2,049 bytes > 128 MiB
  const Thrown t = thrown_by([&] { parse_idx(bytes.data(), bytes.size()); });
  CHECK(t.code == ErrorCode::too_large);
}

#ifdef LATENTLAB_HAVE_ZLIB
TEST_CASE("gzip streams: a missing trailer is corrupt, a bomb stops at the file-size limit") {
  const auto cut = regression("idx/no-trailer.gz");
  CHECK_THAT(thrown_by([&] { parse_idx(cut.data(), cut.size()); }).message, Contains("truncated gzip stream"));
  // 129 MiB of zeros deflate to ~130 KB.
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  const std::vector<std::uint8_t> zeros(limits::file_bytes.max + (1 << 20), 0);
  std::vector<std::uint8_t> bomb(deflateBound(&stream, zeros.size()));
  stream.next_in = const_cast<Bytef*>(zeros.data());
  stream.avail_in = uInt(zeros.size());
  stream.next_out = bomb.data();
  stream.avail_out = uInt(bomb.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  bomb.resize(stream.total_out);
  deflateEnd(&stream);
  const Thrown t = thrown_by([&] { parse_idx(bomb.data(), bomb.size()); });
  CHECK(t.code == ErrorCode::too_large);
  CHECK_THAT(t.message, Contains("inflates past the limit"));
}
#endif

TEST_CASE("checked_product refuses what would wrap in 32 bits") {
  // Natively the product fits a size_t; in WASM (32-bit size_t) it is refused whatever the limit asked.
  if (sizeof(std::size_t) == 8)
    CHECK(checked_product({10000, 429497}, ~0ULL, "x") == 4294970000ULL);
  else
    CHECK(thrown_by([] { checked_product({10000, 429497}, ~0ULL, "x"); }).code == ErrorCode::too_large);
  CHECK(checked_product({3, 0, 1ULL << 40}, 100, "x") == 0);
  const Thrown t = thrown_by([] { checked_product({10000, 429497}, limits::output_values.max, "interpolation"); });
  CHECK(t.code == ErrorCode::too_large);
  CHECK_THAT(t.message, Contains("interpolation would need 10000 × 429497 values"));
}
