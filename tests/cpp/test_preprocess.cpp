// mnistify: crop, scale to a 20-px box, centre the mass on pixel (14, 14).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <vector>

#include <catch2/catch.hpp>

#include "data/preprocess.hpp"

#ifdef LATENTLAB_HAVE_ZLIB
#include "data/idx.hpp"
#endif

using namespace ll;

namespace {

using Image28 = std::vector<float>;  // 28×28

struct Canvas {
  int H, W;
  std::vector<float> ink;  // H×W
  Canvas(int h, int w) : H(h), W(w), ink(std::size_t(h) * w, 0.0f) {}
  void fill(int top, int left, int height, int width, float value = 1.0f) {
    for (int r = top; r < top + height; ++r) std::fill_n(&ink[std::size_t(r) * W + left], width, value);
  }
  Image28 mnistified() const {
    Image28 out(28 * 28, -1.0f);
    mnistify(ink.data(), H, W, out.data());
    return out;
  }
};

struct InkBox {
  int top = 28, bottom = -1, left = 28, right = -1;
  int height() const { return bottom - top + 1; }
  int width() const { return right - left + 1; }
};

InkBox ink_box(const Image28& image, float threshold = 0.0f) {
  InkBox box;
  for (int r = 0; r < 28; ++r) {
    for (int c = 0; c < 28; ++c) {
      if (image[r * 28 + c] > threshold) {
        box.top = std::min(box.top, r), box.bottom = std::max(box.bottom, r);
        box.left = std::min(box.left, c), box.right = std::max(box.right, c);
      }
    }
  }
  return box;
}

// Centre of mass in pixel-index coordinates (pixel (r, c) at (r, c)).
std::pair<double, double> centre_of_mass(const Image28& image) {
  double mass = 0, rows = 0, cols = 0;
  for (int r = 0; r < 28; ++r) {
    for (int c = 0; c < 28; ++c) {
      mass += image[r * 28 + c], rows += image[r * 28 + c] * r, cols += image[r * 28 + c] * c;
    }
  }
  return {rows / mass, cols / mass};
}

void check_in_unit_range(const Image28& image) {
  for (float v : image) REQUIRE((v >= 0.0f && v <= 1.0f));
}

}  // namespace

TEST_CASE("a filled rectangle becomes a 20-px-long rectangle centred on (14, 14)", "[preprocess]") {
  Canvas canvas(280, 280);
  canvas.fill(30, 150, 100, 50);  // 100 tall, 50 wide: exactly 20×10 after scaling
  const Image28 out = canvas.mnistified();
  check_in_unit_range(out);
  const InkBox box = ink_box(out);
  CHECK(box.height() == 20);
  CHECK(box.width() == 10);
  CHECK(ink_box(out, 0.999f).height() == 20);  // area averaging of a solid block stays solid
  const auto [row, col] = centre_of_mass(out);
  std::cout << "rectangle centre of mass (" << row << ", " << col << ")\n";
  CHECK(std::abs(row - 14) <= 0.5);
  CHECK(std::abs(col - 14) <= 0.5);
}

TEST_CASE("a rectangle of awkward size keeps its aspect with an anti-aliased edge", "[preprocess]") {
  Canvas canvas(200, 300);
  canvas.fill(17, 41, 37, 90);  // 37 tall, 90 wide: 8.2 px tall after scaling
  const Image28 out = canvas.mnistified();
  check_in_unit_range(out);
  const InkBox box = ink_box(out);
  CHECK(box.width() == 20);
  CHECK(box.height() == 9);
  CHECK(ink_box(out, 0.999f).height() == 8);
  double total = 0;
  for (float v : out) total += v;
  INFO("total ink " << total);
  CHECK(total == Approx(20.0 * 37 * 20 / 90).epsilon(1e-4));  // area scales by (20/90)²
  const auto [row, col] = centre_of_mass(out);
  std::cout << "awkward rectangle centre of mass (" << row << ", " << col << ")\n";
  CHECK(std::abs(row - 14) <= 0.5 + 1e-6);  // a tie at .5 may round either way
  CHECK(std::abs(col - 14) <= 0.5 + 1e-6);
}

TEST_CASE("a tiny dot is scaled up to fill the 20-px box", "[preprocess]") {
  Canvas canvas(280, 280);
  canvas.fill(100, 200, 2, 2, 0.8f);
  const Image28 out = canvas.mnistified();
  const InkBox box = ink_box(out);
  CHECK(box.height() == 20);
  CHECK(box.width() == 20);
  CHECK(*std::max_element(out.begin(), out.end()) == Approx(0.8f));
  CHECK(ink_box(out, 0.79f).height() == 20);
}

TEST_CASE("empty or zero-sized ink gives an all-zero digit", "[preprocess]") {
  CHECK(Canvas(280, 280).mnistified() == Image28(28 * 28, 0.0f));
  CHECK(Canvas(0, 0).mnistified() == Image28(28 * 28, 0.0f));
  Canvas negative(50, 50);
  negative.fill(10, 10, 20, 20, -0.5f);  // not ink: only values above 0 count
  CHECK(negative.mnistified() == Image28(28 * 28, 0.0f));
}

TEST_CASE("a lopsided shape is shifted only as far as keeps all ink inside the frame", "[preprocess]") {
  Canvas canvas(300, 300);
  canvas.fill(0, 0, 60, 60);    // heavy block at the left...
  canvas.fill(59, 60, 1, 140);  // ...with a thin tail to the right: box 20 wide, mass near its left edge
  const Image28 out = canvas.mnistified();
  const InkBox box = ink_box(out);
  // Centring the mass would need a shift of about 12; the shift stops at 8 so the tail ends at column 27.
  CHECK(box.width() == 20);
  CHECK(box.left == 8);
  CHECK(box.right == 27);
  const auto [row, col] = centre_of_mass(out);
  std::cout << "lopsided shape centre of mass (" << row << ", " << col << ")\n";
  CHECK(col < 12.0);
}

#ifdef LATENTLAB_HAVE_ZLIB
namespace {

double correlation(const float* a, const float* b, std::size_t count) {
  double mean_a = 0, mean_b = 0;
  for (std::size_t i = 0; i < count; ++i) mean_a += a[i], mean_b += b[i];
  mean_a /= double(count), mean_b /= double(count);
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < count; ++i) {
    ab += (a[i] - mean_a) * (b[i] - mean_b), aa += (a[i] - mean_a) * (a[i] - mean_a), bb += (b[i] - mean_b) * (b[i] - mean_b);
  }
  return ab / std::sqrt(aa * bb);
}

// The digit scaled up by `factor` onto a 300×320 canvas at (23, 51): nearest
// neighbour (blocks), or bilinear with zero outside the digit.
Canvas draw_large(const float* digit, double factor, bool bilinear) {
  Canvas canvas(300, 320);
  const int side = int(std::ceil(28 * factor));
  auto at = [&](int r, int c) { return r < 0 || c < 0 || r > 27 || c > 27 ? 0.0 : double(digit[r * 28 + c]); };
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      if (!bilinear) {
        canvas.ink[std::size_t(y + 23) * 320 + x + 51] = float(at(int(y / factor), int(x / factor)));
        continue;
      }
      const double sy = (y + 0.5) / factor - 0.5, sx = (x + 0.5) / factor - 0.5;
      const int r0 = int(std::floor(sy)), c0 = int(std::floor(sx));
      const double fy = sy - r0, fx = sx - c0;
      const double v = (1 - fy) * ((1 - fx) * at(r0, c0) + fx * at(r0, c0 + 1)) +
                       fy * ((1 - fx) * at(r0 + 1, c0) + fx * at(r0 + 1, c0 + 1));
      canvas.ink[std::size_t(y + 23) * 320 + x + 51] = float(v);
    }
  }
  return canvas;
}

}  // namespace

TEST_CASE("an MNIST digit drawn large on a canvas comes back as itself", "[preprocess][data]") {
  const std::string dir = std::string(LATENTLAB_SOURCE_DIR) + "/data/";
  const Dataset test = load_dataset(dir + "mnist-test-images-idx3-ubyte.gz", dir + "mnist-test-labels-idx1-ubyte.gz");
  // Blocks at an integer factor: every digit pixel maps onto a whole canvas block,
  // so crop, area averaging and centring must give the digit back almost exactly.
  // Bilinear at a non-integer factor adds a faint halo to the crop and shifts
  // by up to half a pixel, which costs thin strokes (a "1") a good part of their
  // overlap, so there the average is what is checked.
  double lowest_exact = 1.0, sum_smooth = 0.0, lowest_smooth = 1.0;
  int digits = 0;
  for (std::size_t n = 0; n < 2004; n += 20, ++digits) {
    const float* digit = test.images.data() + n * 28 * 28;
    lowest_exact = std::min(lowest_exact, correlation(digit, draw_large(digit, 9.0, false).mnistified().data(), 784));
    const double smooth = correlation(digit, draw_large(digit, 7.3, true).mnistified().data(), 784);
    sum_smooth += smooth;
    lowest_smooth = std::min(lowest_smooth, smooth);
  }
  std::cout << "mnistify(MNIST digit drawn large) vs digit over " << digits << " digits: x9 blocks lowest correlation "
            << lowest_exact << "; x7.3 bilinear mean " << sum_smooth / digits << ", lowest " << lowest_smooth << "\n";
  CHECK(lowest_exact > 0.99);
  CHECK(sum_smooth / digits > 0.9);
}
#endif
