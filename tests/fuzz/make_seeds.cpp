// Writes the seed corpora of the fuzz targets from the shipped files:
//   model_file    every models/*.safetensors cut to its header (the real
//                 headers, kept small so runs stay fast), and small models
//                 saved the way the page and the CLI save them (F32 and F16)
//   idx           the first 8 images and labels of each data/*.gz, raw and gzipped
//   model_config  the "config" of every models/*.json card, and small variants
//   train_config  the settings the page and the CLI use
//   mnistify      MNIST digits and a few shapes as drawings
// Usage: make_seeds <repository root> <output folder>; one sub-folder per target.
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/idx.hpp"
#include "io/safetensors.hpp"
#include "models/model_io.hpp"

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

void write(const fs::path& path, const Bytes& bytes) {
  fs::create_directories(path.parent_path());
  ll::write_file_bytes(path.string(), bytes);
}
void write(const fs::path& path, const std::string& text) { write(path, Bytes(text.begin(), text.end())); }

Bytes gzip(const Bytes& raw) {
  z_stream stream{};
  if (deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  Bytes out(deflateBound(&stream, raw.size()) + 32);
  stream.next_in = const_cast<Bytef*>(raw.data());
  stream.avail_in = uInt(raw.size());
  stream.next_out = out.data();
  stream.avail_out = uInt(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// An IDX array of the first `count` entries along the first dimension.
Bytes idx_prefix(const ll::IdxArray& array, std::size_t count) {
  Bytes out{0, 0, 0x08, std::uint8_t(array.dims.size())};
  std::size_t per_entry = 1;
  for (std::size_t i = 0; i < array.dims.size(); ++i) {
    const std::uint32_t d = i == 0 ? std::uint32_t(count) : std::uint32_t(array.dims[i]);
    if (i > 0) per_entry *= array.dims[i];
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(std::uint8_t(d >> shift));
  }
  out.insert(out.end(), array.values.begin(), array.values.begin() + std::ptrdiff_t(count * per_entry));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_seeds <repository root> <output folder>\n";
    return 2;
  }
  const fs::path root = argv[1], out = argv[2];
  const char* small_configs[] = {
      R"({"type":"ae","arch":"dense","image":[1,4,4],"hidden":[3],"latent":2})",
      R"({"type":"vae","arch":"dense","image":[1,4,4],"hidden":[3],"latent":2,"beta":0.5})",
      R"({"type":"cvae","arch":"dense","image":[1,4,4],"hidden":[],"latent":1,"classes":2})",
      R"({"type":"ae","arch":"conv","image":[1,4,4],"channels":[2],"latent":2,"activation":"tanh"})",
      R"({"type":"vae","arch":"conv","image":[2,4,8],"channels":[1,2],"latent":3})",
      R"({"type":"ae","arch":"dense","image":[1,2,2],"hidden":[2],"latent":1,"reconstruction":"mse","denoise":{"kind":"gaussian","level":0.4}})",
  };
  int written = 0;
  for (const auto& entry : fs::directory_iterator(root / "models")) {
    const fs::path path = entry.path();
    const std::string stem = path.stem().string();
    if (path.extension() == ".safetensors") {
      const Bytes bytes = ll::read_file_bytes(path.string());
      std::uint64_t header = 0;
      for (int i = 7; i >= 0; --i) header = (header << 8) | bytes[std::size_t(i)];
      write(out / "model_file" / (stem + "-header"), Bytes(bytes.begin(), bytes.begin() + std::ptrdiff_t(8 + header)));
      ++written;
    } else if (path.extension() == ".json") {
      const auto card = nlohmann::json::parse(std::ifstream(path));
      write(out / "model_config" / stem, card.at("config").dump());
      ++written;
    }
  }
  for (std::size_t i = 0; i < std::size(small_configs); ++i) {
    const std::string name = "small" + std::to_string(i);
    write(out / "model_config" / name, std::string(small_configs[i]));
    auto model = ll::make_model(ll::parse_model_config(small_configs[i]), i + 1);
    write(out / "model_file" / name, ll::save_model(*model, {{"seed", std::to_string(i + 1)}}));
    write(out / "model_file" / (name + "-f16"), ll::save_model(*model, {}, true));
    written += 3;
  }
  for (const auto& entry : fs::directory_iterator(root / "data")) {
    const fs::path path = entry.path();
    if (path.extension() != ".gz") continue;
    const std::string stem = path.stem().string();
    const Bytes raw = idx_prefix(ll::read_idx_file(path.string()), 8);
    write(out / "idx" / stem, raw);
    write(out / "idx" / (stem + ".gz"), gzip(raw));
    written += 2;
  }
  const char* train_configs[] = {
      "{}",
      R"({"epochs":10,"batchSize":128,"learningRate":0.001,"seed":1})",
      R"({"epochs":3,"batchSize":2,"learningRate":0.05,"seed":7,"optimizer":"sgd","klWarmupEpochs":2})",
      R"({"epochs":1,"batchSize":65536,"learningRate":10,"seed":9007199254740991})",
  };
  for (std::size_t i = 0; i < std::size(train_configs); ++i)
    write(out / "train_config" / ("page" + std::to_string(i)), std::string(train_configs[i])), ++written;
  // Drawings: two size bytes (side - 1), then float32 ink.
  const ll::IdxArray digits = ll::read_idx_file((root / "data" / "mnist-test-images-idx3-ubyte.gz").string());
  for (std::size_t n = 0; n < 4; ++n) {
    Bytes drawing{27, 27};
    for (std::size_t i = 0; i < 784; ++i) {
      const float v = digits.values[n * 784 * 500 + i] / 255.0f;  // four different digits
      const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
      drawing.insert(drawing.end(), p, p + 4);
    }
    write(out / "mnistify" / ("digit" + std::to_string(n)), drawing), ++written;
  }
  Bytes line{0, 39};  // a 1×40 stroke
  for (int i = 0; i < 40; ++i) {
    const float v = 1.0f;
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    line.insert(line.end(), p, p + 4);
  }
  write(out / "mnistify" / "line", line), ++written;
  std::cout << "make_seeds: " << written << " seeds in " << out.string() << "\n";
  return 0;
}
