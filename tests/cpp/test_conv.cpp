// Conv2d and ConvTranspose2d: forward against naive direct loops (PyTorch's
// definitions written out), gradients against finite differences at awkward
// sizes, shapes, parameter layout and initialisation bounds, argument checks.
#include <cmath>
#include <iostream>

#include "error_code.hpp"
#include "gradcheck.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"

using namespace ll;
using ll::test::check_layer_gradients;
using ll::test::random_tensor;

namespace {

struct ConvCase {
  int n, cin, cout, h, w, k, stride, pad;
};

struct ConvTCase {
  int n, cin, cout, h, w, k, stride, pad, output_padding;
};

// Batch 1 and 7, channels 1 and 3, odd and non-square spatial sizes, K 1 and 3,
// stride 1 and 2, padding 0 and 1 (output_padding 0 and 1 for the transpose).
const ConvCase kConvCases[] = {
    {1, 1, 1, 5, 5, 1, 1, 0}, {7, 1, 2, 5, 5, 3, 1, 1}, {2, 3, 2, 7, 7, 3, 2, 1},
    {1, 3, 4, 9, 9, 3, 2, 0}, {3, 2, 3, 9, 7, 3, 1, 0}, {1, 3, 2, 7, 5, 1, 2, 1},
};
const ConvTCase kConvTCases[] = {
    {1, 1, 1, 5, 5, 1, 1, 0, 0}, {7, 1, 2, 5, 5, 3, 2, 1, 1}, {2, 3, 2, 7, 5, 3, 2, 0, 0},
    {1, 3, 3, 9, 9, 3, 1, 1, 0}, {2, 2, 1, 5, 7, 3, 2, 1, 0}, {1, 2, 3, 3, 3, 1, 2, 0, 1},
};

Shape image_shape(int n, int c, int h, int w) { return {std::size_t(n), std::size_t(c), std::size_t(h), std::size_t(w)}; }

const float* values_of(const Parameters& params, const std::string& name) {
  const ParameterView* view = params.find(name);
  REQUIRE(view != nullptr);
  return params.values().data() + view->offset;
}

// y[n,o,oh,ow] = b[o] + Σ W[o,c,ki,kj] x[n, c, oh*s - p + ki, ow*s - p + kj]
Tensor naive_conv2d(const Tensor& x, const float* weight, const float* bias, int cout, int k, int s, int p) {
  const int n = int(x.shape()[0]), cin = int(x.shape()[1]), h = int(x.shape()[2]), w = int(x.shape()[3]);
  const int ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1;
  Tensor y = Tensor::from_shape(image_shape(n, cout, ho, wo));
  for (int b = 0; b < n; ++b)
    for (int o = 0; o < cout; ++o)
      for (int oh = 0; oh < ho; ++oh)
        for (int ow = 0; ow < wo; ++ow) {
          double sum = bias[o];
          for (int c = 0; c < cin; ++c)
            for (int ki = 0; ki < k; ++ki)
              for (int kj = 0; kj < k; ++kj) {
                const int ih = oh * s - p + ki, iw = ow * s - p + kj;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                sum += double(weight[((o * cin + c) * k + ki) * k + kj]) * x(b, c, ih, iw);
              }
          y(b, o, oh, ow) = float(sum);
        }
  return y;
}

// Every input pixel scatters W[c,o,:,:] · x[n,c,ih,iw] onto y at (ih*s - p + ki, iw*s - p + kj).
Tensor naive_conv_transpose2d(const Tensor& x, const float* weight, const float* bias, int cout, int k, int s, int p,
                              int op) {
  const int n = int(x.shape()[0]), cin = int(x.shape()[1]), h = int(x.shape()[2]), w = int(x.shape()[3]);
  const int ho = (h - 1) * s - 2 * p + k + op, wo = (w - 1) * s - 2 * p + k + op;
  xt::xarray<double> acc = xt::zeros<double>(image_shape(n, cout, ho, wo));
  for (int b = 0; b < n; ++b)
    for (int o = 0; o < cout; ++o)
      for (int oy = 0; oy < ho; ++oy)
        for (int ox = 0; ox < wo; ++ox) acc(b, o, oy, ox) = bias[o];
  for (int b = 0; b < n; ++b)
    for (int c = 0; c < cin; ++c)
      for (int ih = 0; ih < h; ++ih)
        for (int iw = 0; iw < w; ++iw)
          for (int o = 0; o < cout; ++o)
            for (int ki = 0; ki < k; ++ki)
              for (int kj = 0; kj < k; ++kj) {
                const int oy = ih * s - p + ki, ox = iw * s - p + kj;
                if (oy < 0 || oy >= ho || ox < 0 || ox >= wo) continue;
                acc(b, o, oy, ox) += double(weight[((c * cout + o) * k + ki) * k + kj]) * x(b, c, ih, iw);
              }
  Tensor y = xt::cast<float>(acc);
  return y;
}

double max_abs_difference(const Tensor& a, const Tensor& b) {
  REQUIRE(shape_of(a) == shape_of(b));
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(double(a.data()[i]) - b.data()[i]));
  return worst;
}

}  // namespace

TEST_CASE("Conv2d forward matches a naive direct convolution", "[conv2d]") {
  Rng rng(21);
  double worst = 0.0;
  for (const ConvCase& c : kConvCases) {
    Parameters params;
    Conv2d conv(params, "conv", c.cin, c.cout, c.k, c.stride, c.pad, rng);
    const Tensor x = random_tensor(image_shape(c.n, c.cin, c.h, c.w), rng);
    Tensor y;
    conv.forward(x, y);
    const double diff = max_abs_difference(
        y, naive_conv2d(x, values_of(params, "conv.weight"), values_of(params, "conv.bias"), c.cout, c.k, c.stride, c.pad));
    INFO("input " << shape_to_string(shape_of(x)) << " K=" << c.k << " stride=" << c.stride << " pad=" << c.pad);
    CHECK(diff < 1e-5);
    worst = std::max(worst, diff);
  }
  std::cout << "Conv2d vs naive convolution: largest difference " << worst << "\n";
}

TEST_CASE("ConvTranspose2d forward matches a naive scatter of each input pixel", "[conv_transpose2d]") {
  Rng rng(22);
  double worst = 0.0;
  for (const ConvTCase& c : kConvTCases) {
    Parameters params;
    ConvTranspose2d deconv(params, "up", c.cin, c.cout, c.k, c.stride, c.pad, c.output_padding, rng);
    const Tensor x = random_tensor(image_shape(c.n, c.cin, c.h, c.w), rng);
    Tensor y;
    deconv.forward(x, y);
    const double diff = max_abs_difference(y, naive_conv_transpose2d(x, values_of(params, "up.weight"),
                                                                     values_of(params, "up.bias"), c.cout, c.k,
                                                                     c.stride, c.pad, c.output_padding));
    INFO("input " << shape_to_string(shape_of(x)) << " K=" << c.k << " stride=" << c.stride << " pad=" << c.pad
                  << " output_padding=" << c.output_padding);
    CHECK(diff < 1e-5);
    worst = std::max(worst, diff);
  }
  std::cout << "ConvTranspose2d vs naive scatter: largest difference " << worst << "\n";
}

TEST_CASE("Conv2d gradients match finite differences at awkward sizes", "[conv2d][gradcheck]") {
  Rng rng(23);
  for (const ConvCase& c : kConvCases) {
    Parameters params;
    Conv2d conv(params, "conv", c.cin, c.cout, c.k, c.stride, c.pad, rng);
    INFO("N=" << c.n << " Cin=" << c.cin << " Cout=" << c.cout << " " << c.h << "x" << c.w << " K=" << c.k
              << " stride=" << c.stride << " pad=" << c.pad);
    check_layer_gradients(conv, params, random_tensor(image_shape(c.n, c.cin, c.h, c.w), rng), rng);
  }
}

TEST_CASE("ConvTranspose2d gradients match finite differences at awkward sizes", "[conv_transpose2d][gradcheck]") {
  Rng rng(24);
  for (const ConvTCase& c : kConvTCases) {
    Parameters params;
    ConvTranspose2d deconv(params, "up", c.cin, c.cout, c.k, c.stride, c.pad, c.output_padding, rng);
    INFO("N=" << c.n << " Cin=" << c.cin << " Cout=" << c.cout << " " << c.h << "x" << c.w << " K=" << c.k
              << " stride=" << c.stride << " pad=" << c.pad << " output_padding=" << c.output_padding);
    check_layer_gradients(deconv, params, random_tensor(image_shape(c.n, c.cin, c.h, c.w), rng), rng);
  }
}

TEST_CASE("Conv2d backward accumulates parameter gradients and overwrites dx", "[conv2d]") {
  Rng rng(25);
  Parameters params;
  Conv2d conv(params, "conv", 2, 3, 3, 1, 1, rng);
  const Tensor x = random_tensor({2, 2, 5, 5}, rng);
  Tensor y, dx = random_tensor({2, 2, 5, 5}, rng), dx_again;
  conv.forward(x, y);
  const Tensor dy = random_tensor(shape_of(y), rng);
  params.zero_grad();
  conv.backward(x, y, dy, dx);
  const std::vector<float> once = params.grads();
  conv.backward(x, y, dy, dx_again);
  for (std::size_t i = 0; i < once.size(); ++i) REQUIRE(params.grads()[i] == Approx(2.0f * once[i]).margin(1e-6));
  CHECK(max_abs_difference(dx, dx_again) == 0.0);
}

TEST_CASE("Conv2d shapes, parameter layout, initialisation and argument checks", "[conv2d]") {
  Rng rng(26);
  Parameters params;
  Conv2d conv(params, "enc.conv1", 3, 8, 3, 2, 1, rng);
  CHECK(params.find("enc.conv1.weight")->shape == Shape{8, 3, 3, 3});
  CHECK(params.find("enc.conv1.bias")->shape == Shape{8});
  CHECK(conv.output_shape({5, 3, 28, 28}) == Shape{5, 8, 14, 14});
  CHECK(conv.output_shape({1, 3, 7, 9}) == Shape{1, 8, 4, 5});

  const float bound = 1.0f / std::sqrt(27.0f);
  float largest = 0.0f;
  for (float v : params.values()) largest = std::max(largest, std::abs(v));
  CHECK(largest <= bound);
  CHECK(largest > 0.9f * bound);

  Tensor y;
  CHECK_THROWS_WITH(conv.forward(Tensor::from_shape({2, 4, 8, 8}), y),
                    Catch::Contains("enc.conv1") && Catch::Contains("[N, 3, H, W]") && Catch::Contains("[2, 4, 8, 8]"));
  CHECK_THROWS_WITH(conv.forward(Tensor::from_shape({2, 3, 8}), y), Catch::Contains("[2, 3, 8]"));
  Conv2d big(params, "big", 1, 1, 5, 1, 0, rng);
  CHECK_THROWS_WITH(big.output_shape({1, 1, 4, 9}), Catch::Contains("smaller than the kernel"));

  CHECK_THROWS_MATCHES(Conv2d(params, "a", 0, 1, 3, 1, 0, rng), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(Conv2d(params, "b", 1, 0, 3, 1, 0, rng), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(Conv2d(params, "c", 1, 1, 0, 1, 0, rng), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_WITH(Conv2d(params, "d", 1, 1, 3, 0, 0, rng), Catch::Contains("stride=0"));
  CHECK_THROWS_WITH(Conv2d(params, "e", 1, 1, 3, 1, -1, rng), Catch::Contains("padding=-1"));
}

TEST_CASE("ConvTranspose2d shapes, parameter layout, initialisation and argument checks", "[conv_transpose2d]") {
  Rng rng(27);
  Parameters params;
  ConvTranspose2d up(params, "dec.up1", 4, 2, 3, 2, 1, 1, rng);
  CHECK(params.find("dec.up1.weight")->shape == Shape{4, 2, 3, 3});
  CHECK(params.find("dec.up1.bias")->shape == Shape{2});
  CHECK(up.output_shape({5, 4, 7, 7}) == Shape{5, 2, 14, 14});
  CHECK(up.output_shape({1, 4, 14, 3}) == Shape{1, 2, 28, 6});

  // PyTorch's fan_in here is Cout*K*K = 18, not Cin*K*K = 36.
  const float bound = 1.0f / std::sqrt(18.0f);
  float largest = 0.0f;
  for (float v : params.values()) largest = std::max(largest, std::abs(v));
  CHECK(largest <= bound);
  CHECK(largest > 1.0f / std::sqrt(36.0f) * 1.05f);

  Tensor y;
  CHECK_THROWS_WITH(up.forward(Tensor::from_shape({2, 3, 7, 7}), y),
                    Catch::Contains("dec.up1") && Catch::Contains("[N, 4, H, W]") && Catch::Contains("[2, 3, 7, 7]"));
  ConvTranspose2d shrinking(params, "shrink", 1, 1, 1, 1, 1, 0, rng);
  CHECK_THROWS_WITH(shrinking.output_shape({1, 1, 2, 2}), Catch::Contains("empty output"));

  CHECK_THROWS_WITH(ConvTranspose2d(params, "a", 1, 1, 3, 2, 1, 2, rng),
                    Catch::Contains("output_padding (2) must be smaller than stride (2)"));
  CHECK_THROWS_MATCHES(ConvTranspose2d(params, "b", 1, 1, 3, 1, 0, 1, rng), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(ConvTranspose2d(params, "c", 1, 1, 3, 0, 0, 0, rng), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(ConvTranspose2d(params, "d", 0, 1, 3, 1, 0, 0, rng), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
  CHECK_THROWS_MATCHES(ConvTranspose2d(params, "e", 1, 1, 3, 1, 0, -1, rng), ll::Error, HasCode(ll::ErrorCode::invalid_argument));
}
