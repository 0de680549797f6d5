// A steady-state training step touches the heap zero times (issue 6): every
// activation, gradient, workspace and report buffer was sized by the first
// steps and is reused. This file replaces the global operator new and delete
// (every form, for the whole test binary) with versions that count while
// `counting` is set, and otherwise just call malloc/free. Under ASan this
// costs only its new/delete mismatch check; malloc-level checks stay on.
//
// It also checks the other half of a lean step: backward_parameters (no dx
// for the layer that reads the data) accumulates exactly what backward does.
//
// Counted: C++ allocations (containers, xtensor, strings, exceptions' messages).
// Not seen: plain malloc inside a library (natively, Eigen's product may
// malloc packing blocks above its stack limit; the WASM build uses the f32x4
// kernel, whose packing buffers are C++ vectors and so are counted).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "allocation_counter.hpp"

#include "models/trainer.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/relu.hpp"
#include "nn/layers/reshape.hpp"
#include "nn/layers/sequential.hpp"

namespace {

bool counting = false;
long allocations = 0;
long deallocations = 0;

void* allocate(std::size_t size) {
  if (counting) ++allocations;
  return std::malloc(size ? size : 1);
}

void* allocate_aligned(std::size_t size, std::align_val_t alignment) {
  if (counting) ++allocations;
  const std::size_t a = std::max(std::size_t(alignment), sizeof(void*));
  return std::aligned_alloc(a, (std::max<std::size_t>(size, 1) + a - 1) / a * a);
}

void release(void* p) {
  if (!p) return;
  if (counting) ++deallocations;
  std::free(p);
}

void* or_throw(void* p) {
  if (!p) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(std::size_t size) { return or_throw(allocate(size)); }
void* operator new[](std::size_t size) { return or_throw(allocate(size)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return or_throw(allocate_aligned(size, a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return or_throw(allocate_aligned(size, a)); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, a);
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, a);
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }

using namespace ll;

namespace {

struct HeapTraffic {
  long allocations;
  long deallocations;
};

template <typename Body>
HeapTraffic count_heap_traffic(Body&& body) {
  allocations = deallocations = 0;
  counting = true;
  try {
    body();
  } catch (...) {
    counting = false;
    throw;
  }
  counting = false;
  return {allocations, deallocations};
}

// 100 images with 32 per batch: batches of 32, 32, 32 and a ragged 4, so the
// counted steps cross epoch boundaries and change batch size back and forth.
constexpr int kImages = 100;
constexpr int kBatch = 32;

HeapTraffic steady_state_traffic(const std::string& json, const TrainConfig& base) {
  auto model = make_model(parse_model_config(json), 7);
  Rng rng(3);
  const int width = model->image_size();
  Tensor images = Tensor::from_shape({std::size_t(kImages), std::size_t(width)});
  for (auto& v : images) v = rng.uniform() < 0.2f ? rng.uniform() : 0.0f;
  std::vector<int> labels;
  if (model->config().is_conditional())
    for (int i = 0; i < kImages; ++i) labels.push_back(i % model->config().classes);
  TrainConfig tc = base;
  tc.epochs = 5;
  tc.batch_size = kBatch;
  Trainer trainer(*model, images, labels, tc);
  const int per_epoch = trainer.batches_per_epoch();
  for (int s = 0; s < per_epoch + 1; ++s) trainer.step();  // warm-up: every batch size once, then one more
  return count_heap_traffic([&] {
    for (int s = 0; s < 2 * per_epoch; ++s) {
      const StepReport report = trainer.step();
      if (!(report.loss.total > 0.0)) throw std::runtime_error("a step reported a non-positive loss");
    }
  });
}

}  // namespace

TEST_CASE("The allocation counter sees C++ allocations", "[allocations]") {
  const HeapTraffic traffic = count_heap_traffic([] {
    std::vector<float> v(1000);
    v[999] = 1.0f;
    std::string s(100, 'x');
  });
  std::cout << "allocation counter self-check: " << traffic.allocations << " allocations, " << traffic.deallocations
            << " deallocations\n";
  CHECK(traffic.allocations == 2);
  CHECK(traffic.deallocations == 2);
}

TEST_CASE("A steady-state training step allocates nothing, across epochs and a ragged last batch",
          "[allocations][training]") {
  TrainConfig adam;
  TrainConfig sgd_with_warmup;
  sgd_with_warmup.optimizer = "sgd";
  sgd_with_warmup.kl_warmup_epochs = 3.0f;
  const std::pair<const char*, TrainConfig> cases[] = {
      // V1: pytorch/examples VAE 784-400-(20,20)-400-784
      {R"({"type":"vae","arch":"dense","hidden":[400],"latent":20})", adam},
      // A1: 784-512-128-32-128-512-784 with MSE, at a quarter of the widths
      {R"({"type":"ae","arch":"dense","hidden":[128,32],"latent":32,"reconstruction":"mse"})", adam},
      // C1: Conv(1,16)-Conv(16,32)-Dense(1568,16) and the mirror with ConvTranspose2d
      {R"({"type":"ae","arch":"conv","channels":[16,32],"latent":16})", adam},
      {R"({"type":"ae","arch":"conv","channels":[4,8],"latent":8,"denoise":{"kind":"gaussian","level":0.5}})", adam},
      {R"({"type":"ae","arch":"dense","hidden":[64],"latent":8,"denoise":{"kind":"salt_and_pepper","level":0.2}})",
       adam},
      {R"({"type":"cvae","arch":"dense","hidden":[64],"latent":2})", sgd_with_warmup},
      {R"({"type":"vae","arch":"conv","channels":[4,8],"latent":4})", adam},
  };
  for (const auto& [json, train_config] : cases) {
    INFO("config " << json);
    const HeapTraffic traffic = steady_state_traffic(json, train_config);
    std::cout << "steady-state training steps of " << json << ": " << traffic.allocations << " allocations, "
              << traffic.deallocations << " deallocations\n";
    CHECK(traffic.allocations == 0);
    CHECK(traffic.deallocations == 0);
  }
}

namespace {

// Parameter gradients of backward and of backward_parameters for the same
// x and dy; they must be bit-identical (same products, same order).
void check_backward_parameters(Layer& layer, Parameters& params, const Tensor& x, Rng& rng) {
  Tensor y, dx;
  layer.forward(x, y);
  Tensor dy = Tensor::from_shape(y.shape());
  for (auto& v : dy) v = rng.uniform(-1.0f, 1.0f);
  params.zero_grad();
  layer.backward(x, y, dy, dx);
  const std::vector<float> with_dx = params.grads();
  params.zero_grad();
  layer.backward_parameters(x, y, dy);
  float largest = 0.0f, largest_difference = 0.0f;
  for (std::size_t i = 0; i < with_dx.size(); ++i) {
    largest = std::max(largest, std::abs(with_dx[i]));
    largest_difference = std::max(largest_difference, std::abs(with_dx[i] - params.grads()[i]));
  }
  std::cout << "backward_parameters of " << layer.kind() << ": largest gradient " << largest
            << ", largest difference from backward " << largest_difference << "\n";
  CHECK(largest > 0.0f);
  CHECK(largest_difference == 0.0f);
}

}  // namespace

TEST_CASE("backward_parameters accumulates exactly the parameter gradients backward does", "[allocations][layers]") {
  Rng rng(5);
  auto random = [&](Shape shape) {
    Tensor t = Tensor::from_shape(shape);
    for (auto& v : t) v = rng.uniform(-1.0f, 1.0f);
    return t;
  };
  {
    Parameters params;
    Dense dense(params, "fc", 7, 5, rng);
    check_backward_parameters(dense, params, random({3, 7}), rng);
  }
  {
    Parameters params;
    Conv2d conv(params, "conv", 2, 3, 3, 2, 1, rng);
    check_backward_parameters(conv, params, random({2, 2, 7, 6}), rng);
  }
  {
    Parameters params;
    ConvTranspose2d convt(params, "up", 3, 2, 3, 2, 1, 1, rng);
    check_backward_parameters(convt, params, random({2, 3, 4, 5}), rng);
  }
  {
    // Reshape first: skipped, and the Conv2d after it computes no dx.
    Parameters params;
    Sequential net;
    net.add(std::make_unique<Reshape>(Shape{1, 6, 6}));
    net.add(std::make_unique<Conv2d>(params, "conv", 1, 2, 3, 2, 1, rng));
    net.add(std::make_unique<ReLU>());
    net.add(std::make_unique<Flatten>());
    net.add(std::make_unique<Dense>(params, "fc", 18, 4, rng));
    check_backward_parameters(net, params, random({3, 36}), rng);
    Sequential parameter_free;
    parameter_free.add(std::make_unique<ReLU>());
    CHECK_FALSE(parameter_free.has_parameters());
    CHECK(net.has_parameters());
  }
}

// Shared with other test files through allocation_counter.hpp.
ll::test::HeapCounts ll::test::count_heap_traffic_of(const std::function<void()>& body) {
  const HeapTraffic traffic = count_heap_traffic(body);
  return {traffic.allocations, traffic.deallocations};
}
