// Latent coverage against brute force on small inputs: nearest neighbours (the
// direct path for codes, the matrix-product path for images), the threshold as
// a quantile of leave-one-out distances, the holes grid, prior coverage and
// the classes decoded samples fall in.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "models/latent_coverage.hpp"
#include "models/model_io.hpp"

using namespace ll;

namespace {

std::vector<float> random_rows(int n, int d, Rng& rng, float spread = 1.0f) {
  std::vector<float> x(std::size_t(n) * d);
  for (auto& v : x) v = spread * rng.normal();
  return x;
}

// The definition, nothing clever: every pair in double.
Neighbours brute_force(const std::vector<float>& ref, const std::vector<float>& q, int d, bool exclude_self) {
  const int n = int(ref.size() / d), m = int(q.size() / d);
  Neighbours out{std::vector<int>(m), std::vector<float>(m)};
  for (int i = 0; i < m; ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (int j = 0; j < n; ++j) {
      if (exclude_self && i == j) continue;
      double s = 0;
      for (int k = 0; k < d; ++k) s += std::pow(double(q[i * d + k]) - ref[j * d + k], 2);
      if (s < best) best = s, out.index[i] = j;
    }
    out.distance[i] = float(std::sqrt(best));
  }
  return out;
}

}  // namespace

TEST_CASE("nearest neighbours equal brute force for codes and for image-wide rows", "[coverage]") {
  Rng rng(7);
  for (int d : {1, 2, 16, 33, 784}) {
    INFO("row width " << d);
    const auto ref = random_rows(130, d, rng), q = random_rows(70, d, rng);  // 70 > one 64-query block
    const Neighbours fast = nearest_neighbours(ref.data(), 130, q.data(), 70, d);
    const Neighbours slow = brute_force(ref, q, d, false);
    CHECK(fast.index == slow.index);
    double worst = 0;
    for (int i = 0; i < 70; ++i) worst = std::max(worst, std::abs(double(fast.distance[i]) - slow.distance[i]) / slow.distance[i]);
    std::cout << "nearest neighbours, width " << d << ": largest relative distance error " << worst << "\n";
    CHECK(worst < (d > 32 ? 1e-3 : 1e-6));
    const Neighbours self = nearest_neighbours(ref.data(), 130, ref.data(), 130, d, true);
    CHECK(self.index == brute_force(ref, ref, d, true).index);
  }
}

TEST_CASE("the coverage threshold is the quantile of leave-one-out nearest distances", "[coverage]") {
  // Codes on a line at 0, 1, 3, 6, 10: neighbour distances 1, 1, 2, 3, 4.
  const std::vector<float> codes = {0, 0, 1, 0, 3, 0, 6, 0, 10, 0};
  CHECK(coverage_threshold(codes.data(), 5, 2, 0.0f) == Approx(1.0f));
  CHECK(coverage_threshold(codes.data(), 5, 2, 0.5f) == Approx(2.0f));
  CHECK(coverage_threshold(codes.data(), 5, 2, 1.0f) == Approx(4.0f));
  CHECK(coverage_threshold(codes.data(), 5, 2, 0.95f) == Approx(3.8f));  // between 3 and 4
  CHECK_THROWS_WITH(coverage_threshold(codes.data(), 1, 2, 0.95f), Catch::Contains("at least 2"));
  CHECK_THROWS_WITH(coverage_threshold(codes.data(), 5, 2, 1.5f), Catch::Contains("quantile"));
}

TEST_CASE("the holes grid gives each cell centre's distance to the nearest code, top row first", "[coverage]") {
  const std::vector<float> codes = {0.0f, 0.0f};
  // Extent [0, 4]×[0, 2] in 4×2 cells: centres x 0.5..3.5, y 1.5 (top row), 0.5.
  const auto grid = distance_grid(codes.data(), 1, {0, 4, 0, 2}, 4, 2);
  REQUIRE(grid.size() == 8);
  CHECK(grid[0] == Approx(std::hypot(0.5, 1.5)));
  CHECK(grid[3] == Approx(std::hypot(3.5, 1.5)));
  CHECK(grid[4] == Approx(std::hypot(0.5, 0.5)));
  CHECK(grid[7] == Approx(std::hypot(3.5, 0.5)));
  CHECK_THROWS_WITH(distance_grid(codes.data(), 1, {1, 0, 0, 2}, 4, 2), Catch::Contains("x_min < x_max"));
  CHECK_THROWS_WITH(distance_grid(codes.data(), 1, {0, 1, 0, 2}, 0, 2), Catch::Contains("cols and rows"));
}

TEST_CASE("prior coverage: the far share counts samples beyond the threshold, by brute force", "[coverage]") {
  Rng data(3);
  // Training codes only in the right half-plane: half of N(0, I) falls far from them.
  auto codes = random_rows(400, 2, data);
  for (std::size_t i = 0; i < codes.size(); i += 2) codes[i] = std::abs(codes[i]) + 0.5f;
  Rng rng(11);
  const PriorCoverage c = prior_coverage(codes.data(), 400, 2, 500, 1.0f, rng);
  const Neighbours slow = brute_force(codes, c.samples, 2, false);
  int far = 0;
  for (int i = 0; i < 500; ++i) {
    REQUIRE(c.distances[i] == Approx(slow.distance[i]));
    far += slow.distance[i] > c.threshold;
  }
  CHECK(c.far_share == Approx(far / 500.0));
  std::cout << "prior coverage of a half-plane: threshold " << c.threshold << ", far share " << c.far_share << "\n";
  CHECK(c.far_share > 0.3);
  CHECK(c.far_share < 0.7);
  // The same seed draws the same samples.
  Rng again(11);
  CHECK(prior_coverage(codes.data(), 400, 2, 500, 1.0f, again).samples == c.samples);
}

TEST_CASE("nearest labels give each query the label of its nearest image, and count them", "[coverage]") {
  // Samples decoded by a real (untrained) model, as the page measures them.
  auto model = make_model(parse_model_config(R"({"type":"ae","arch":"dense","image":[1,4,4],"hidden":[8],"latent":2})"), 5);
  Rng rng(2);
  const auto z = random_rows(20, 2, rng);
  const auto images = random_rows(30, 16, rng, 0.3f);
  std::vector<int> labels(30);
  for (int i = 0; i < 30; ++i) labels[i] = i % 3;
  Tensor codes = Tensor::from_shape({20, 2}), decoded;
  std::copy(z.begin(), z.end(), codes.begin());
  model->decode(codes, {}, decoded);
  const NearestLabels got = nearest_labels(images.data(), labels.data(), 30, decoded.data(), 20, 16, 3);
  const Neighbours slow = brute_force(images, std::vector<float>(decoded.begin(), decoded.end()), 16, false);
  std::vector<int> expected(3, 0);
  for (int i = 0; i < 20; ++i) {
    CHECK(got.per_query[i] == labels[slow.index[i]]);
    ++expected[labels[slow.index[i]]];
  }
  CHECK(got.histogram == expected);
  labels[4] = 3;
  CHECK_THROWS_WITH(nearest_labels(images.data(), labels.data(), 30, decoded.data(), 20, 16, 3),
                    Catch::Contains("label 3 of image 4"));
}
