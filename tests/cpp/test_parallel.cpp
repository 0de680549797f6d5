// The thread pool (parallel_for, parallel_ranges) and what runs on it: GEMM
// split by rows of C, convolutions split by images, and whole training steps.
// Threaded results are checked against the single-threaded ones: bit for bit
// where the split cannot change any sum (the f32x4 GEMM), within float
// rounding where it changes the order of one (Eigen's blocking, the conv
// layers' per-chunk gradient sums).
//
// On a one-core machine max_thread_count() is 1 and the threaded halves
// cannot run; they say so instead of passing silently.
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "gradcheck.hpp"
#include "models/model.hpp"
#include "models/trainer.hpp"
#include "nn/kernels/gemm.hpp"
#include "nn/kernels/gemm_f32x4.hpp"
#include "nn/kernels/parallel.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/conv_transpose2d.hpp"

using namespace ll;

namespace {

// Sets the pool's size for one scope and puts the old one back.
class ThreadCountScope {
 public:
  explicit ThreadCountScope(int threads) : previous_(thread_count()) { set_thread_count(threads); }
  ~ThreadCountScope() { set_thread_count(previous_); }

 private:
  int previous_;
};

// Up to three threads, so an odd split is seen where the machine allows it.
int threads_to_test() { return std::min(3, max_thread_count()); }

bool can_test_threads() {
  if (max_thread_count() > 1) return true;
  WARN("max_thread_count() is 1 here: the threaded half of this test did not run");
  return false;
}

std::vector<float> random_values(std::size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

double largest_relative_difference(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, std::abs(double(a[i]) - b[i]) / std::max(1.0, std::abs(double(b[i]))));
  return worst;
}

}  // namespace

TEST_CASE("set_thread_count accepts 1..max_thread_count() and names the range otherwise", "[parallel]") {
  const int initial = thread_count();
  if (std::getenv("LATENTLAB_TEST_THREADS") == nullptr) CHECK(initial == 1);  // single-threaded unless asked
  CHECK(max_thread_count() >= 1);
  CHECK_THROWS_WITH(set_thread_count(0), Catch::Contains("between 1 and"));
  CHECK_THROWS_WITH(set_thread_count(max_thread_count() + 1), Catch::Contains("got " + std::to_string(max_thread_count() + 1)));
  CHECK(thread_count() == initial);
  {
    ThreadCountScope scope(max_thread_count());
    CHECK(thread_count() == max_thread_count());
  }
  CHECK(thread_count() == initial);
}

TEST_CASE("parallel_for runs every task exactly once, nested calls inline, errors rethrown", "[parallel]") {
  if (!can_test_threads()) return;
  ThreadCountScope scope(threads_to_test());
  for (int tasks : {1, 2, 3, 7, 64, 1000}) {
    std::vector<std::atomic<int>> runs(static_cast<std::size_t>(tasks));
    parallel_for(tasks, [&](int task) { runs[std::size_t(task)].fetch_add(1); });
    int wrong = 0;
    for (auto& r : runs) wrong += r.load() != 1;
    INFO(tasks << " tasks");
    CHECK(wrong == 0);
  }

  // A task that starts a job of its own gets it run inline, not queued behind itself.
  std::atomic<int> inner{0};
  parallel_for(4, [&](int) { parallel_for(5, [&](int) { inner.fetch_add(1); }); });
  CHECK(inner.load() == 20);

  // One failing task: the job still finishes every other task, then the error surfaces.
  std::atomic<int> finished{0};
  CHECK_THROWS_WITH(parallel_for(50,
                                 [&](int task) {
                                   if (task == 17) throw std::runtime_error("task 17 failed");
                                   finished.fetch_add(1);
                                 }),
                    "task 17 failed");
  CHECK(finished.load() == 49);
  // ...and the pool is still usable.
  std::atomic<int> after{0};
  parallel_for(10, [&](int) { after.fetch_add(1); });
  CHECK(after.load() == 10);
}

TEST_CASE("parallel_ranges deals contiguous ranges in whole grains, in order", "[parallel]") {
  if (!can_test_threads()) return;
  ThreadCountScope scope(threads_to_test());
  for (auto [count, grain] : {std::pair{1, 4}, {5, 4}, {13, 4}, {128, 4}, {127, 1}, {2, 1}, {400, 4}}) {
    const int chunks = parallel_chunk_count(count, grain);
    std::vector<std::pair<int, int>> ranges(static_cast<std::size_t>(chunks), {-1, -1});
    parallel_ranges(count, grain, [&](int chunk, int begin, int end) { ranges[std::size_t(chunk)] = {begin, end}; });
    INFO("count " << count << " grain " << grain << " chunks " << chunks);
    CHECK(chunks == std::min(thread_count(), (count + grain - 1) / grain));
    int expected_begin = 0;
    for (auto [begin, end] : ranges) {
      CHECK(begin == expected_begin);
      CHECK(end > begin);
      CHECK((end == count || end % grain == 0));
      expected_begin = end;
    }
    CHECK(expected_begin == count);
  }
}

TEST_CASE("Threaded GEMMs: f32x4 bit for bit as one thread, Eigen within rounding", "[parallel][gemm]") {
  if (!can_test_threads()) return;
  using Gemm = void (*)(int, int, int, const float*, const float*, float*, bool);
  const std::pair<const char*, Gemm> gemms[] = {
      {"gemm_nn_f32x4", gemm_nn_f32x4}, {"gemm_tn_f32x4", gemm_tn_f32x4}, {"gemm_nt_f32x4", gemm_nt_f32x4},
      {"gemm_nn_eigen", gemm_nn_eigen}, {"gemm_tn_eigen", gemm_tn_eigen}, {"gemm_nt_eigen", gemm_nt_eigen},
  };
  Rng rng(21);
  // Big enough to cross kParallelFlops; M odd, below, at and above a 128-row block.
  for (auto [M, N, K] : {std::tuple{128, 400, 784}, {400, 784, 128}, {13, 300, 400}, {129, 65, 257}, {5, 784, 400}}) {
    const auto A = random_values(std::size_t(M) * K, rng);
    const auto B = random_values(std::size_t(K) * N, rng);
    const auto C_before = random_values(std::size_t(M) * N, rng);
    for (auto [name, gemm] : gemms)
      for (bool accumulate : {false, true}) {
        std::vector<float> alone = C_before, shared = C_before;
        {
          ThreadCountScope scope(1);
          gemm(M, N, K, A.data(), B.data(), alone.data(), accumulate);
        }
        {
          ThreadCountScope scope(threads_to_test());
          gemm(M, N, K, A.data(), B.data(), shared.data(), accumulate);
        }
        INFO(name << " M=" << M << " N=" << N << " K=" << K << " accumulate=" << accumulate);
        if (std::string(name).find("f32x4") != std::string::npos)
          CHECK(shared == alone);
        else
          CHECK(largest_relative_difference(shared, alone) < 1e-5);
      }
  }
}

TEST_CASE("Conv layers split by images give the single-threaded outputs and gradients", "[parallel][conv]") {
  if (!can_test_threads()) return;
  Rng rng(8);
  Parameters params;
  Conv2d conv(params, "conv", 3, 5, 3, 2, 1, rng);
  ConvTranspose2d deconv(params, "deconv", 5, 3, 3, 2, 1, 1, rng);
  const Tensor x = test::random_tensor({7, 3, 9, 9}, rng, -1.0f, 1.0f);
  // y, dx, then all parameter gradients, for one forward and backward of both layers.
  auto run = [&]() {
    Tensor h, y, dh, dx;
    conv.forward(x, h);
    deconv.forward(h, y);
    const Tensor dy = y;  // the gradient of ½‖y‖²
    params.zero_grad();
    deconv.backward(h, y, dy, dh);
    conv.backward(x, h, dh, dx);
    std::vector<float> all(y.begin(), y.end());
    all.insert(all.end(), dx.begin(), dx.end());
    all.insert(all.end(), params.grads().begin(), params.grads().end());
    return all;
  };
  std::vector<float> alone;
  {
    ThreadCountScope scope(1);
    alone = run();
  }
  ThreadCountScope scope(threads_to_test());
  const std::vector<float> shared = run();
  CHECK(largest_relative_difference(shared, alone) < 1e-5);
  CHECK(run() == shared);  // a given thread count always sums in the same order
}

TEST_CASE("Training steps on threads follow the single-threaded run", "[parallel][models]") {
  if (!can_test_threads()) return;
  for (const char* json : {R"({"type":"vae","arch":"dense","image":[1,28,28],"hidden":[400],"latent":20})",
                           R"({"type":"ae","arch":"conv","image":[1,28,28],"channels":[16,32],"latent":16})"}) {
    INFO("config " << json);
    auto train = [&]() {
      auto model = make_model(parse_model_config(json), 3);
      Rng rng(4);
      const Tensor images = test::random_tensor({256, 784}, rng, 0.0f, 1.0f);
      TrainConfig tc;
      tc.epochs = 1;
      tc.batch_size = 64;
      tc.learning_rate = 1e-3f;
      Trainer trainer(*model, images, {}, tc);
      for (int s = 0; s < 4; ++s) trainer.step();
      return model->parameters().values();
    };
    std::vector<float> alone;
    {
      ThreadCountScope scope(1);
      alone = train();
    }
    ThreadCountScope scope(threads_to_test());
    const std::vector<float> shared = train();
    const double difference = largest_relative_difference(shared, alone);
    INFO("largest relative parameter difference after 4 Adam steps: " << difference);
    CHECK(difference < 1e-4);
  }
}
