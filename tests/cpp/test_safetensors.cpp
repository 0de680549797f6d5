// safetensors: round trips (F32, F16), the F16 conversion against every half
// value and against torch, PyTorch-written files, and every kind of corrupt
// file, each of which must fail with its own message and leave a Parameters
// store untouched.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "error_code.hpp"
#include "io/safetensors.hpp"
#include "models/limits.hpp"

using namespace ll;
using Catch::Contains;
using Catch::StartsWith;

namespace {

const std::string kFixtures = std::string(LATENTLAB_SOURCE_DIR) + "/tests/fixtures/";

std::uint32_t bits_of(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// Equal bit patterns, except that any two NaNs are equal.
bool same_float(float a, float b) { return (std::isnan(a) && std::isnan(b)) || bits_of(a) == bits_of(b); }

// The message of the std::runtime_error read_safetensors throws, "" when it
// accepts the file. Any other exception type escapes and fails the test.
std::string read_error(const std::vector<std::uint8_t>& bytes) {
  try {
    read_safetensors(bytes.data(), bytes.size());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

std::vector<std::uint8_t> with_header(const std::string& header, std::size_t data_bytes) {
  std::vector<std::uint8_t> bytes(8 + header.size() + data_bytes, 0);
  for (int i = 0; i < 8; ++i) bytes[std::size_t(i)] = std::uint8_t(std::uint64_t(header.size()) >> (8 * i));
  std::memcpy(bytes.data() + 8, header.data(), header.size());
  return bytes;
}

SafetensorsFile sample_file() {
  SafetensorsFile file;
  file.metadata = {{"format", "pt"}, {"note", "épsilon, ünïcode"}};
  file.tensors.push_back({"encoder.0.weight", {3, 4}, {}});
  for (int i = 0; i < 12; ++i) file.tensors.back().values.push_back(0.37f * float(i) - 2.0f);
  file.tensors.push_back({"scalar", {}, {3.25f}});
  file.tensors.push_back({"empty", {0, 5}, {}});
  file.tensors.push_back({"a.bias", {2, 1, 3}, {-0.0f, 1e-30f, 65504.0f, -1e-7f, 0.5f, 7.0f}});
  return file;
}

Parameters sample_store() {
  Parameters params;
  params.add("fc.weight", {3, 4});
  params.add("fc.bias", {3});
  params.add("conv.weight", {2, 1, 3, 3});
  for (std::size_t i = 0; i < params.size(); ++i) params.values()[i] = 0.5f * float(i) - 3.0f;
  return params;
}

// load_parameters must throw a message containing every fragment and must not
// change a single value of the store.
void require_failed_load_leaves_store(Parameters& params, const std::vector<std::uint8_t>& bytes,
                                      const std::vector<std::string>& fragments) {
  const std::vector<float> before = params.values();
  std::string message;
  try {
    load_parameters(params, bytes.data(), bytes.size());
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  INFO("message: " << message);
  REQUIRE_FALSE(message.empty());
  CHECK_THAT(message, StartsWith("safetensors: "));
  for (const auto& fragment : fragments) CHECK_THAT(message, Contains(fragment));
  REQUIRE(params.values() == before);
}

}  // namespace

TEST_CASE("safetensors F32 round trip keeps names, order, shapes, metadata and every bit", "[safetensors]") {
  SafetensorsFile file = sample_file();
  file.tensors.push_back({"specials", {4},
                          {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                           std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::denorm_min()}});
  const std::vector<std::uint8_t> bytes = write_safetensors(file);

  std::uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i) header_size = (header_size << 8) | bytes[std::size_t(i)];
  CHECK(header_size % 8 == 0);
  CHECK(bytes[8] == '{');
  CHECK(bytes.size() == 8 + header_size + 4 * (12 + 1 + 0 + 6 + 4));

  const SafetensorsFile back = read_safetensors(bytes.data(), bytes.size());
  CHECK(back.metadata == file.metadata);
  REQUIRE(back.tensors.size() == file.tensors.size());
  for (std::size_t t = 0; t < file.tensors.size(); ++t) {
    INFO("tensor " << file.tensors[t].name);
    CHECK(back.tensors[t].name == file.tensors[t].name);
    CHECK(back.tensors[t].shape == file.tensors[t].shape);
    REQUIRE(back.tensors[t].values.size() == file.tensors[t].values.size());
    for (std::size_t i = 0; i < file.tensors[t].values.size(); ++i)
      CHECK(same_float(back.tensors[t].values[i], file.tensors[t].values[i]));
  }
  REQUIRE(back.find("scalar") != nullptr);
  CHECK(back.find("scalar")->values == std::vector<float>{3.25f});
  CHECK(back.find("missing") == nullptr);
  // Writing what was read gives the same bytes: the writer is deterministic.
  CHECK(write_safetensors(back) == bytes);
}

TEST_CASE("safetensors F16 round trip is exact for halves and within half an F16 step otherwise", "[safetensors]") {
  SafetensorsFile file = sample_file();
  const std::vector<std::uint8_t> bytes = write_safetensors(file, StorageDtype::F16);
  CHECK(bytes.size() < write_safetensors(file).size());
  const SafetensorsFile back = read_safetensors(bytes.data(), bytes.size());
  REQUIRE(back.tensors.size() == file.tensors.size());
  double worst = 0.0;
  for (std::size_t t = 0; t < file.tensors.size(); ++t) {
    CHECK(back.tensors[t].shape == file.tensors[t].shape);
    for (std::size_t i = 0; i < file.tensors[t].values.size(); ++i) {
      const float original = file.tensors[t].values[i];
      const float stored = back.tensors[t].values[i];
      CHECK(same_float(stored, half_bits_to_float(float_to_half_bits(original))));
      // Relative error at most 2^-11 for normal halves; absolute 2^-25 below them.
      const double err = std::abs(double(stored) - original);
      CHECK(err <= std::max(std::abs(double(original)) * std::ldexp(1.0, -11), std::ldexp(1.0, -25)));
      if (std::abs(original) >= std::ldexp(1.0f, -14)) worst = std::max(worst, err / std::abs(double(original)));
    }
  }
  WARN("F16 round trip: largest relative error in the normal range " << worst);
  CHECK(back.find("a.bias")->values[2] == 65504.0f);   // the largest half is exact
  CHECK(std::signbit(back.find("a.bias")->values[0]));  // -0 keeps its sign

  SafetensorsFile too_big{{}, {{"w", {2}, {1.0f, 70000.0f}}}};
  REQUIRE_THROWS_WITH(write_safetensors(too_big, StorageDtype::F16), Contains("'w'") && Contains("F16 range"));
}

TEST_CASE("float_to_half_bits inverts half_bits_to_float and rounds every midpoint to even", "[safetensors][f16]") {
  // Plain checks in the loop (390k of them) with the first failure reported,
  // so the test stays fast under the sanitizers and in WASM.
  int checked = 0, failures = 0;
  std::string first_failure;
  auto expect = [&](bool ok, const std::string& what) {
    if (ok) return;
    if (failures++ == 0) first_failure = what;
  };
  for (std::uint32_t h = 0; h < 0x10000u; ++h) {
    const std::uint16_t bits = std::uint16_t(h);
    const float f = half_bits_to_float(bits);
    const std::string at = "half bits " + std::to_string(h);
    if ((bits & 0x7c00u) == 0x7c00u && (bits & 0x3ffu)) {  // NaN stays NaN
      expect(std::isnan(f) && std::isnan(half_bits_to_float(float_to_half_bits(f))), at + " NaN");
      continue;
    }
    expect(float_to_half_bits(f) == bits, at + " round trip");
    // Between this half and the next one up in magnitude (finite ones only).
    if ((bits & 0x7fffu) >= 0x7bffu) continue;
    const std::uint16_t next = std::uint16_t(bits + 1);
    const double a = half_bits_to_float(bits), b = half_bits_to_float(next);
    const float midpoint = float((a + b) / 2);  // 12 significant bits: exact in float
    expect(double(midpoint) == (a + b) / 2, at + " midpoint exact");
    const std::uint16_t even = (bits & 1u) ? next : bits;
    expect(float_to_half_bits(midpoint) == even, at + " midpoint to even");
    expect(float_to_half_bits(std::nextafter(midpoint, float(a))) == bits, at + " below midpoint");
    expect(float_to_half_bits(std::nextafter(midpoint, float(b))) == next, at + " above midpoint");
    ++checked;
  }
  INFO("first failure: " << first_failure);
  CHECK(failures == 0);
  CHECK(checked == 2 * 0x7bff);
  CHECK(float_to_half_bits(65519.99f) == 0x7bffu);
  CHECK(float_to_half_bits(65520.0f) == 0x7c00u);
  CHECK(float_to_half_bits(-1e30f) == 0xfc00u);
  CHECK(float_to_half_bits(1e-30f) == 0x0000u);
  CHECK(float_to_half_bits(-std::numeric_limits<float>::denorm_min()) == 0x8000u);
  CHECK(float_to_half_bits(std::ldexp(1.0f, -25)) == 0x0000u);                      // tie to even 0
  CHECK(float_to_half_bits(std::nextafter(std::ldexp(1.0f, -25), 1.0f)) == 0x0001u);  // just past the tie
  CHECK(float_to_half_bits(std::ldexp(3.0f, -25)) == 0x0002u);                      // tie between 1 and 2
}

TEST_CASE("F16 and BF16 written by torch read back as torch widens them, and our F16 rounding is torch's",
          "[safetensors][pytorch]") {
  const auto bytes = read_file_bytes(kFixtures + "pytorch_dtypes.safetensors");
  const SafetensorsFile file = read_safetensors(bytes.data(), bytes.size());
  const NamedTensor* values = file.find("values");
  REQUIRE(values != nullptr);
  for (const char* name : {"values_f16", "values_bf16", "f16_as_f32", "bf16_as_f32"}) {
    INFO(name);
    REQUIRE(file.find(name) != nullptr);
    REQUIRE(file.find(name)->values.size() == values->values.size());
  }
  const auto& f16 = file.find("values_f16")->values;
  const auto& bf16 = file.find("values_bf16")->values;
  const auto& f16_widened = file.find("f16_as_f32")->values;
  const auto& bf16_widened = file.find("bf16_as_f32")->values;
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < values->values.size(); ++i) {
    INFO("value " << values->values[i] << " at " << i);
    CHECK(same_float(f16[i], f16_widened[i]));
    CHECK(same_float(bf16[i], bf16_widened[i]));
    const bool ours_match = same_float(half_bits_to_float(float_to_half_bits(values->values[i])), f16[i]);
    CHECK(ours_match);
    mismatches += !ours_match;
  }
  WARN("F16 conversion vs torch .half(): " << mismatches << " of " << values->values.size() << " differ");
}

TEST_CASE("a PyTorch-written state_dict loads by name into a Parameters store", "[safetensors][pytorch]") {
  const auto bytes = read_file_bytes(kFixtures + "pytorch_written.safetensors");
  Parameters params;  // registered in another order than the file's, which must not matter
  params.add("fc.weight", {3, 4});
  params.add("fc.bias", {3});
  params.add("conv.weight", {2, 1, 3, 3});
  params.add("conv.bias", {2});
  const auto metadata = load_parameters(params, bytes.data(), bytes.size());
  CHECK(metadata.at("fixture_version") == "1");
  for (const auto& view : params.views()) {
    INFO(view.name);
    for (std::size_t i = 0; i < view.size; ++i)
      REQUIRE(params.values()[view.offset + i] == float(i) / 8.0f - 1.0f);  // the script's pattern
  }
  // Our writer reproduces the file byte for byte (same key order, padding, layout).
  CHECK(write_safetensors(read_safetensors(bytes.data(), bytes.size())) == bytes);
}

TEST_CASE("save_parameters then load_parameters restores values and metadata", "[safetensors]") {
  Parameters saved = sample_store();
  const auto bytes = save_parameters(saved, {{"model", "test"}, {"version", "1"}});
  Parameters loaded;
  loaded.add("fc.weight", {3, 4});
  loaded.add("fc.bias", {3});
  loaded.add("conv.weight", {2, 1, 3, 3});
  const auto metadata = load_parameters(loaded, bytes.data(), bytes.size());
  CHECK(metadata == std::map<std::string, std::string>{{"model", "test"}, {"version", "1"}});
  CHECK(loaded.values() == saved.values());

  const auto half_bytes = save_parameters(saved, {}, StorageDtype::F16);
  load_parameters(loaded, half_bytes.data(), half_bytes.size());
  CHECK(loaded.values() == saved.values());  // these values are all exact halves
}

TEST_CASE("load_parameters rejects missing, extra, misshapen and non-finite tensors without a partial load",
          "[safetensors]") {
  Parameters params = sample_store();
  SafetensorsFile good;
  good.tensors = {{"fc.weight", {3, 4}, std::vector<float>(12, 1.0f)},
                  {"fc.bias", {3}, std::vector<float>(3, 1.0f)},
                  {"conv.weight", {2, 1, 3, 3}, std::vector<float>(18, 1.0f)}};

  SECTION("a tensor the model needs is missing") {
    SafetensorsFile file = good;
    file.tensors.erase(file.tensors.begin() + 1);
    require_failed_load_leaves_store(params, write_safetensors(file), {"'fc.bias'", "needs"});
  }
  SECTION("an extra tensor") {
    SafetensorsFile file = good;
    file.tensors.push_back({"decoder.weight", {1}, {0.0f}});
    require_failed_load_leaves_store(params, write_safetensors(file), {"unexpected tensor 'decoder.weight'"});
  }
  SECTION("a shape mismatch names both shapes") {
    SafetensorsFile file = good;
    file.tensors[0].shape = {4, 3};
    require_failed_load_leaves_store(params, write_safetensors(file), {"'fc.weight'", "[4, 3]", "[3, 4]"});
  }
  SECTION("NaN or Inf in the last tensor") {
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
      SafetensorsFile file = good;
      file.tensors[2].values[17] = bad;
      require_failed_load_leaves_store(params, write_safetensors(file), {"'conv.weight'", "non-finite", "17"});
    }
  }
  SECTION("a corrupt file") {
    auto bytes = write_safetensors(good);
    bytes.pop_back();
    require_failed_load_leaves_store(params, bytes, {"data_offsets"});
  }
  SECTION("the good file does load") {
    const auto bytes = write_safetensors(good);
    load_parameters(params, bytes.data(), bytes.size());
    CHECK(params.values() == std::vector<float>(params.size(), 1.0f));
  }
}

TEST_CASE("read_safetensors names each kind of corruption", "[safetensors][validation]") {
  const std::string f32_2x3 = R"("t":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]})";
  struct Case {
    const char* what;
    std::vector<std::uint8_t> bytes;
    std::string expected;
  };
  std::vector<Case> cases = {
      {"empty file", {}, "shorter than the 8-byte header length"},
      {"7 bytes", std::vector<std::uint8_t>(7, 0), "file is 7 bytes"},
      {"header length past the end", with_header("{}", 0), ""},  // patched below
      {"absurd header length", std::vector<std::uint8_t>(16, 0xff), "absurd"},
      {"not JSON", with_header("{\"t\": [1, 2", 0), "not valid JSON"},
      {"invalid UTF-8", with_header("{\"\xff\":1}", 0), "not valid JSON"},
      {"not an object", with_header("[1, 2, 3]", 0), "not a JSON object"},
      {"entry not an object", with_header(R"({"t":[1]})", 0), "tensor 't': entry is not a JSON object"},
      {"no dtype", with_header(R"({"t":{"shape":[1],"data_offsets":[0,4]}})", 4), "tensor 't' has no \"dtype\""},
      {"no shape", with_header(R"({"t":{"dtype":"F32","data_offsets":[0,4]}})", 4), "tensor 't' has no \"shape\""},
      {"no data_offsets", with_header(R"({"t":{"dtype":"F32","shape":[1]}})", 4),
       "tensor 't' has no \"data_offsets\""},
      {"dtype not a string", with_header(R"({"t":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", 4),
       "\"dtype\" is not a string"},
      {"unsupported dtype", with_header(R"({"t":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", 8),
       "unsupported dtype 'I64'"},
      {"negative dimension", with_header(R"({"t":{"dtype":"F32","shape":[-2,3],"data_offsets":[0,24]}})", 24),
       "negative"},
      {"fractional dimension", with_header(R"({"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", 4),
       "not a non-negative integer"},
      {"shape not an array", with_header(R"({"t":{"dtype":"F32","shape":6,"data_offsets":[0,24]}})", 24),
       "\"shape\" is not an array"},
      {"overflowing shape",
       with_header(R"({"t":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}})", 4),
       "too large"},
      {"offsets not a pair", with_header(R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", 4),
       "\"data_offsets\" is not an array [begin, end]"},
      {"negative offset", with_header(R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", 4),
       "data_offsets begin is negative"},
      {"offsets reversed", with_header(R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", 4),
       "end before they begin"},
      {"offsets do not match the shape", with_header(R"({"t":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", 24),
       "span 20 bytes but shape [2, 3] of F32 needs 24"},
      {"F16 offsets sized for F32", with_header(R"({"t":{"dtype":"F16","shape":[2,3],"data_offsets":[0,24]}})", 24),
       "of F16 needs 12"},
      {"offsets out of range", with_header("{" + f32_2x3 + "}", 20), "out of range of the 20-byte data buffer"},
      {"overlap",
       with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                   12),
       "tensors 'a' and 'b' overlap"},
      {"same range twice",
       with_header(R"({"c":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"d":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                   8),
       "tensors 'c' and 'd' overlap"},
      {"gap", with_header(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8),
       "bytes [0, 4) of the data buffer belong to no tensor"},
      {"trailing bytes", with_header("{" + f32_2x3 + "}", 28), "the data buffer has 28 bytes but the tensors cover 24"},
      {"duplicate name", with_header("{" + f32_2x3 + "," + f32_2x3 + "}", 24), "'t' appears twice"},
      {"metadata not an object", with_header(R"({"__metadata__":[1]})", 0), "\"__metadata__\" is not a JSON object"},
      {"metadata value not a string", with_header(R"({"__metadata__":{"epochs":3}})", 0),
       "metadata value for 'epochs' is not a string"},
  };
  // A length prefix one byte longer than the file holds.
  cases[2].bytes[0] = 3;
  cases[2].expected = "header length 3 is larger than the 2 bytes after the length prefix";

  for (const auto& c : cases) {
    INFO(c.what);
    const std::string message = read_error(c.bytes);
    CHECK_THAT(message, StartsWith("safetensors: ") && Contains(c.expected));
  }
  // Each case fails for its own reason: no two messages are the same.
  std::set<std::string> messages;
  for (const auto& c : cases) messages.insert(read_error(c.bytes));
  CHECK(messages.size() == cases.size());

  // The boundary of "absurd": limits::weights_header_bytes exactly is only too long for this file.
  std::vector<std::uint8_t> limit(8, 0);
  const std::uint64_t limit_size = limits::weights_header_bytes.max;
  for (int i = 0; i < 8; ++i) limit[std::size_t(i)] = std::uint8_t(limit_size >> (8 * i));
  CHECK_THAT(read_error(limit), Contains("larger than"));
  limit[0] += 1;
  CHECK_THAT(read_error(limit), Contains("absurd"));

  // Valid oddities: an empty file, padding, zero-sized tensors, BF16.
  CHECK(read_error(with_header("{}", 0)).empty());
  CHECK(read_error(with_header("{}      ", 0)).empty());
  CHECK(read_error(with_header(R"({"z":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}})", 0)).empty());
  auto bf16 = with_header(R"({"h":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}})", 2);
  bf16[bf16.size() - 2] = 0xc0;  // 0x3fc0 is bf16 1.5
  bf16[bf16.size() - 1] = 0x3f;
  CHECK(read_safetensors(bf16.data(), bf16.size()).find("h")->values == std::vector<float>{1.5f});
}

TEST_CASE("every truncation or extension of a valid file is rejected", "[safetensors][validation]") {
  const std::vector<std::uint8_t> bytes = write_safetensors(sample_file());
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    INFO("truncated to " << size << " of " << bytes.size() << " bytes");
    REQUIRE_THAT(read_error(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + std::ptrdiff_t(size))),
                 StartsWith("safetensors: "));
  }
  for (std::size_t extra = 1; extra <= 9; ++extra) {
    std::vector<std::uint8_t> longer = bytes;
    longer.resize(bytes.size() + extra, 0);
    INFO(extra << " bytes appended");
    REQUIRE_THAT(read_error(longer), Contains("but the tensors cover"));
  }
}

TEST_CASE("flipped bytes in the length prefix and header fail cleanly or still describe a consistent file",
          "[safetensors][validation]") {
  const std::vector<std::uint8_t> bytes = write_safetensors(sample_file());
  std::uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i) header_size = (header_size << 8) | bytes[std::size_t(i)];
  int rejected = 0, accepted = 0;
  for (std::size_t pos = 0; pos < 8 + header_size; ++pos) {
    for (std::uint8_t mask : {0x01, 0x04, 0x20, 0x80, 0xff}) {
      std::vector<std::uint8_t> flipped = bytes;
      flipped[pos] ^= mask;
      INFO("byte " << pos << " xor " << int(mask));
      const std::string message = read_error(flipped);  // anything but runtime_error escapes and fails
      if (!message.empty()) {
        CHECK_THAT(message, StartsWith("safetensors: "));
        ++rejected;
        continue;
      }
      ++accepted;  // e.g. a changed letter in a name or metadata value
      const SafetensorsFile file = read_safetensors(flipped.data(), flipped.size());
      std::size_t total = 0;
      for (const auto& t : file.tensors) {
        REQUIRE(t.values.size() == shape_size(t.shape));
        total += t.values.size();
      }
      CHECK(total == 12 + 1 + 0 + 6);
    }
  }
  WARN("flipped header bytes: " << rejected << " rejected, " << accepted << " still valid");
  CHECK(rejected > accepted);
}

TEST_CASE("write_safetensors rejects inconsistent input", "[safetensors]") {
  SafetensorsFile file{{}, {{"a", {2, 2}, {1, 2, 3}}}};
  REQUIRE_THROWS_MATCHES(write_safetensors(file), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  REQUIRE_THROWS_WITH(write_safetensors(file), Contains("'a'") && Contains("3 values") && Contains("[2, 2]"));
  file.tensors = {{"a", {1}, {1}}, {"a", {1}, {2}}};
  REQUIRE_THROWS_WITH(write_safetensors(file), Contains("duplicate tensor name 'a'"));
  file.tensors = {{"__metadata__", {1}, {1}}};
  REQUIRE_THROWS_WITH(write_safetensors(file), Contains("__metadata__"));
  file.tensors = {{"bad\xff", {1}, {1}}};
  REQUIRE_THROWS_WITH(write_safetensors(file), Contains("UTF-8"));
}

TEST_CASE("file helpers round trip bytes and name the path on failure", "[safetensors][files]") {
  const std::string missing = kFixtures + "no_such_file.safetensors";
  REQUIRE_THROWS_WITH(read_file_bytes(missing), Contains(missing));
  REQUIRE_THROWS_WITH(write_file_bytes(kFixtures + "no_such_dir/x.bin", {1}), Contains("no_such_dir/x.bin"));

  const std::string path = "/tmp/latentlab_test_safetensors_" +
                           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".bin";
  const std::vector<std::uint8_t> bytes = write_safetensors(sample_file());
  write_file_bytes(path, bytes);
  CHECK(read_file_bytes(path) == bytes);
  std::remove(path.c_str());
}
