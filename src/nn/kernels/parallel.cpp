#include "nn/kernels/parallel.hpp"

#include <stdexcept>
#include <string>

#include "nn/errors.hpp"

// Threads exist natively and in Emscripten's -pthread builds; the plain WASM
// module has no shared memory, so there the pool is absent and every job runs inline.
#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#define LATENTLAB_HAVE_THREADS 1
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace ll {

#ifdef LATENTLAB_HAVE_THREADS

namespace {

// One job at a time. The submitting thread publishes a Job under the mutex and
// bumps the generation; each worker that wakes takes tasks from the job's atomic
// counter until none are left. The job lives on the submitter's stack, so the
// submitter unpublishes it and waits for every worker that picked it up to let
// go before returning.
struct Job {
  detail::TaskFunction function;
  void* body;
  int tasks;
  std::atomic<int> next_task{0};
  std::atomic<int> finished_tasks{0};
  std::atomic<int> workers_inside{0};
  std::mutex error_mutex;
  std::exception_ptr first_error;

  void run_tasks() {
    for (int task = next_task.fetch_add(1); task < tasks; task = next_task.fetch_add(1)) {
      try {
        function(body, task);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
      }
      finished_tasks.fetch_add(1, std::memory_order_release);
    }
  }
};

thread_local bool inside_pool_task = false;

constexpr int kSpinsBeforeSleep = 1000;

class Pool {
 public:
  ~Pool() { resize(0); }

  int threads() const { return int(workers_.size()) + 1; }

  // Stops every worker, then starts `workers` new ones. Only between jobs.
  void resize(int workers) {
    std::lock_guard<std::mutex> submitting(submit_mutex_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
    workers_.clear();
    stopping_ = false;
    for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
  }

  void run(int tasks, detail::TaskFunction function, void* body) {
    std::unique_lock<std::mutex> submitting(submit_mutex_, std::try_to_lock);
    if (inside_pool_task || !submitting.owns_lock() || workers_.empty()) {  // run inline
      for (int task = 0; task < tasks; ++task) function(body, task);
      return;
    }
    Job job;
    job.function = function;
    job.body = body;
    job.tasks = tasks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      ++generation_;
      published_.store(generation_, std::memory_order_release);
    }
    wake_.notify_all();
    inside_pool_task = true;
    job.run_tasks();
    inside_pool_task = false;
    // The caller ran out of tasks to take; the rest are finishing on workers.
    while (job.finished_tasks.load(std::memory_order_acquire) < tasks) std::this_thread::yield();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = nullptr;
    }
    while (job.workers_inside.load(std::memory_order_acquire) > 0) std::this_thread::yield();
    if (job.first_error) std::rethrow_exception(job.first_error);
  }

 private:
  void work() {
    inside_pool_task = true;
    unsigned long seen = 0;
    for (;;) {
      // A training step calls the pool several times per layer with short
      // serial work in between: spinning a little first catches the next job
      // without paying for a futex wake-up.
      for (int spin = 0; spin < kSpinsBeforeSleep && published_.load(std::memory_order_acquire) == seen; ++spin)
        std::this_thread::yield();
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || (job_ != nullptr && generation_ != seen); });
        if (stopping_) return;
        seen = generation_;
        job = job_;
        job->workers_inside.fetch_add(1, std::memory_order_relaxed);
      }
      job->run_tasks();
      job->workers_inside.fetch_sub(1, std::memory_order_release);
    }
  }

  std::mutex submit_mutex_;  // held by the thread whose job is running
  std::mutex mutex_;         // guards job_, generation_, stopping_
  std::condition_variable wake_;
  Job* job_ = nullptr;
  unsigned long generation_ = 0;
  std::atomic<unsigned long> published_{0};  // generation_, readable without the mutex
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

Pool& pool() {
  static Pool instance;
  return instance;
}

}  // namespace

int thread_count() { return pool().threads(); }

int max_thread_count() { return std::max(1, int(std::thread::hardware_concurrency())); }

void detail::run_on_pool(int tasks, TaskFunction function, void* body) { pool().run(tasks, function, body); }

#else  // built without threads

int thread_count() { return 1; }

int max_thread_count() { return 1; }

void detail::run_on_pool(int tasks, TaskFunction function, void* body) {
  for (int task = 0; task < tasks; ++task) function(body, task);
}

#endif

void set_thread_count(int threads) {
  const int most = max_thread_count();
  if (threads < 1 || threads > most)
    throw Error(ErrorCode::invalid_argument, "thread count must be between 1 and " + std::to_string(most) +
                                (most == 1 ? " (this build has no threads)" : "") + ", got " + std::to_string(threads));
#ifdef LATENTLAB_HAVE_THREADS
  if (threads != thread_count()) pool().resize(threads - 1);
#endif
}

}  // namespace ll
