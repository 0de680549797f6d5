// IDX parsing (raw in every build, gzip natively) and the committed data sets.
#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "data/idx.hpp"

using namespace ll;

namespace {

std::vector<std::uint8_t> idx_bytes(std::uint8_t type, const std::vector<std::uint32_t>& dims,
                                    const std::vector<std::uint8_t>& values) {
  std::vector<std::uint8_t> bytes = {0, 0, type, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift : {24, 16, 8, 0}) bytes.push_back(static_cast<std::uint8_t>(d >> shift));
  }
  bytes.insert(bytes.end(), values.begin(), values.end());
  return bytes;
}

IdxArray parse(const std::vector<std::uint8_t>& bytes) { return parse_idx(bytes.data(), bytes.size()); }

std::string data_path(const std::string& name) { return std::string(LATENTLAB_SOURCE_DIR) + "/data/" + name; }

}  // namespace

TEST_CASE("parse_idx reads raw unsigned-byte IDX of rank 1 to 4", "[idx]") {
  const IdxArray images = parse(idx_bytes(0x08, {2, 3, 2}, {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}));
  CHECK(images.dims == std::vector<std::size_t>{2, 3, 2});
  CHECK(images.values == std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255});

  // A dimension above 255 checks the big-endian decoding.
  const IdxArray labels = parse(idx_bytes(0x08, {300}, std::vector<std::uint8_t>(300, 7)));
  CHECK(labels.dims == std::vector<std::size_t>{300});
  CHECK(labels.values.size() == 300);

  CHECK(parse(idx_bytes(0x08, {1, 1, 2, 2}, {1, 2, 3, 4})).dims.size() == 4);
  // An empty array is refused (tests/cpp/test_hostile.cpp): no data set has zero images.
  CHECK_THROWS_WITH(parse(idx_bytes(0x08, {0, 28, 28}, {})), Catch::Contains("is 0"));
}

TEST_CASE("parse_idx rejects malformed IDX with a message naming the problem", "[idx]") {
  std::vector<std::uint8_t> bad_magic = idx_bytes(0x08, {2}, {1, 2});
  bad_magic[1] = 0x42;
  CHECK_THROWS_WITH(parse(bad_magic), Catch::StartsWith("IDX: bad magic") && Catch::Contains("0x42"));

  CHECK_THROWS_WITH(parse(idx_bytes(0x0D, {1}, {0, 0, 0, 0})),
                    Catch::Contains("unsupported element type 0x0d (float32)") && Catch::Contains("0x08"));
  CHECK_THROWS_WITH(parse(idx_bytes(0x77, {1}, {0})), Catch::Contains("unsupported element type 0x77"));

  CHECK_THROWS_WITH(parse(idx_bytes(0x08, {}, {})), Catch::Contains("rank 0 is not supported"));
  CHECK_THROWS_WITH(parse(idx_bytes(0x08, {1, 1, 1, 1, 1}, {0})), Catch::Contains("rank 5 is not supported"));

  CHECK_THROWS_WITH(parse({0, 0}), Catch::Contains("truncated header"));
  std::vector<std::uint8_t> short_header = idx_bytes(0x08, {2, 28, 28}, {});
  short_header.resize(10);
  CHECK_THROWS_WITH(parse(short_header), Catch::Contains("truncated header: rank 3 needs 16 bytes, got 10"));

  CHECK_THROWS_WITH(parse(idx_bytes(0x08, {2, 2, 2}, {1, 2, 3, 4, 5, 6, 7})),
                    Catch::Contains("truncated data") && Catch::Contains("[2, 2, 2]") &&
                        Catch::Contains("need 8 bytes") && Catch::Contains("got 7"));
  CHECK_THROWS_WITH(parse(idx_bytes(0x08, {3}, {1, 2, 3, 4, 5})), Catch::Contains("2 trailing bytes"));

  const std::uint32_t big = 0xFFFFFFFFu;
  CHECK_THROWS_WITH(parse(idx_bytes(0x08, {big, big, big, big}, {})), Catch::Contains("more than the limit"));
}

TEST_CASE("make_dataset scales bytes to [0, 1] as [N, 1, H, W] and checks its inputs", "[idx]") {
  const IdxArray images = parse(idx_bytes(0x08, {2, 2, 3}, {0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 1}));
  const IdxArray labels = parse(idx_bytes(0x08, {2}, {3, 9}));
  const Dataset dataset = make_dataset(images, labels);
  CHECK(shape_of(dataset.images) == Shape{2, 1, 2, 3});
  CHECK(dataset.labels == std::vector<int>{3, 9});
  CHECK(dataset.images(0, 0, 0, 1) == 0.2f);
  CHECK(dataset.images(0, 0, 1, 2) == 1.0f);
  CHECK(dataset.images(1, 0, 1, 2) == 1.0f / 255.0f);

  CHECK_THROWS_WITH(make_dataset(images, parse(idx_bytes(0x08, {3}, {1, 2, 3}))),
                    Catch::Contains("2 images but 3 labels"));
  CHECK_THROWS_WITH(make_dataset(images, parse(idx_bytes(0x08, {2}, {1, 10}))),
                    Catch::Contains("label 10 at index 1 is outside 0..9"));
  CHECK_THROWS_WITH(make_dataset(labels, labels), Catch::Contains("rank 3"));
  CHECK_THROWS_WITH(make_dataset(images, images), Catch::Contains("rank 1"));
}

TEST_CASE("read_idx_file names the path it could not open", "[idx]") {
  CHECK_THROWS_WITH(read_idx_file(data_path("no-such-file")), Catch::Contains("cannot open") && Catch::Contains("no-such-file"));
}

#ifdef LATENTLAB_HAVE_ZLIB

namespace {

void check_mnist_split(const std::string& split, const std::array<int, 10>& expected_per_class) {
  const Dataset d = load_dataset(data_path("mnist-" + split + "-images-idx3-ubyte.gz"),
                                 data_path("mnist-" + split + "-labels-idx1-ubyte.gz"));
  int expected_total = 0;
  for (int n : expected_per_class) expected_total += n;
  REQUIRE(shape_of(d.images) == Shape{std::size_t(expected_total), 1, 28, 28});
  std::array<int, 10> per_class{};
  for (std::size_t i = 0; i < d.labels.size(); ++i) {
    REQUIRE(d.labels[i] >= 0);
    REQUIRE(d.labels[i] <= 9);
    if (i > 0) REQUIRE(d.labels[i - 1] <= d.labels[i]);  // the split keeps class order
    ++per_class[d.labels[i]];
  }
  CHECK(per_class == expected_per_class);
  // MNIST's mean intensity is about 0.13; a wrong byte order or scaling would miss it widely.
  const float mean = xt::mean(d.images)();
  INFO(split << " mean intensity " << mean);
  CHECK(mean > 0.11f);
  CHECK(mean < 0.15f);
  CHECK(xt::amax(d.images)() == 1.0f);
  CHECK(xt::amin(d.images)() == 0.0f);
}

std::vector<std::uint8_t> file_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the committed MNIST split has the documented counts per class", "[idx][data]") {
  check_mnist_split("train", {800, 901, 792, 825, 784, 690, 811, 856, 755, 782});
  check_mnist_split("test", {201, 226, 199, 207, 196, 173, 203, 214, 189, 196});
}

TEST_CASE("the committed Fashion-MNIST 2k test set has every class", "[idx][data]") {
  const Dataset d = load_dataset(data_path("fashion-test2k-images-idx3-ubyte.gz"),
                                 data_path("fashion-test2k-labels-idx1-ubyte.gz"));
  REQUIRE(shape_of(d.images) == Shape{2000, 1, 28, 28});
  std::array<int, 10> per_class{};
  for (int label : d.labels) ++per_class[label];
  CHECK(per_class == std::array<int, 10>{200, 203, 214, 190, 219, 195, 197, 200, 194, 188});
  // Fashion-MNIST's first test item is an ankle boot (label 9).
  CHECK(d.labels[0] == 9);
}

TEST_CASE("parse_idx rejects a damaged gzip stream", "[idx][data]") {
  std::vector<std::uint8_t> gz = file_bytes(data_path("mnist-test-labels-idx1-ubyte.gz"));
  REQUIRE(gz.size() > 20);
  CHECK(parse(gz).dims == std::vector<std::size_t>{2004});

  std::vector<std::uint8_t> truncated(gz.begin(), gz.begin() + gz.size() / 2);
  CHECK_THROWS_WITH(parse(truncated), Catch::Contains("truncated gzip"));

  std::vector<std::uint8_t> trailing = gz;
  trailing.push_back(0);
  CHECK_THROWS_WITH(parse(trailing), Catch::Contains("1 trailing bytes after the gzip stream"));

  std::vector<std::uint8_t> damaged = gz;
  for (std::size_t i = 12; i < 20; ++i) damaged[i] ^= 0xA5;
  CHECK_THROWS_WITH(parse(damaged), Catch::StartsWith("IDX: "));

  CHECK_THROWS_WITH(read_idx_file(data_path("README.md")),
                    Catch::Contains("IDX: bad magic") && Catch::Contains("README.md"));
}

#else

TEST_CASE("without zlib, gzip input is refused with a pointer to the JS-side decompression", "[idx]") {
  const std::vector<std::uint8_t> gz = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff};
  CHECK_THROWS_WITH(parse(gz), Catch::Contains("gzip") && Catch::Contains("DecompressionStream"));
}

#endif
