#pragma once
// Work sharing for the kernels: one persistent pool of worker threads, and
// parallel_for over a count of tasks. Single-threaded by default everywhere;
// set_thread_count opts in.
//
// Built without threads (the plain WASM module, where there is no shared
// memory), max_thread_count() is 1 and parallel_for runs its tasks inline.
// Natively and in the -pthread WASM module the pool holds thread_count() - 1
// workers: the calling thread runs tasks too, so a job never waits on a worker
// that has not started yet (in a browser a new Worker only starts once the
// caller yields to the event loop, which a blocking call never does).
//
// A task body must not throw past the pool's bookkeeping into a half-written
// output: parallel_for waits for every task, then rethrows the first exception.
// Calls from inside a task, or from a second thread while a job is running, run
// inline rather than queue: nothing ever waits on the pool from within it.
#include <algorithm>
#include <type_traits>

namespace ll {

// Threads parallel_for spreads a job over, the caller included (≥ 1).
int thread_count();
// The most set_thread_count accepts: the hardware's logical cores, or 1
// when built without threads.
int max_thread_count();
// Throws std::invalid_argument outside [1, max_thread_count()].
void set_thread_count(int threads);

namespace detail {
using TaskFunction = void (*)(void* body, int task);
void run_on_pool(int tasks, TaskFunction function, void* body);
}  // namespace detail

// Calls body(task) once for each task in [0, tasks), spread over the pool.
// A template over the body so that no std::function (and no allocation) sits
// between a training step and its kernels.
template <typename Body>
void parallel_for(int tasks, Body&& body) {
  if (tasks <= 0) return;
  if (tasks == 1 || thread_count() == 1) {
    for (int task = 0; task < tasks; ++task) body(task);
    return;
  }
  using BodyType = std::remove_reference_t<Body>;
  detail::run_on_pool(tasks, [](void* b, int task) { (*static_cast<BodyType*>(b))(task); },
                      const_cast<void*>(static_cast<const void*>(&body)));
}

// The number of chunks parallel_ranges(count, grain, ...) makes.
inline int parallel_chunk_count(int count, int grain) {
  if (count <= 0) return 0;
  return std::min(thread_count(), (count + grain - 1) / grain);
}

// Splits [0, count) into at most thread_count() contiguous ranges whose
// boundaries are multiples of `grain` (except the end), and calls
// body(chunk, begin, end) for each; chunk numbers the ranges from 0 in order.
template <typename Body>
void parallel_ranges(int count, int grain, Body&& body) {
  const int grains = (count + grain - 1) / grain;
  const int chunks = parallel_chunk_count(count, grain);
  parallel_for(chunks, [&](int chunk) {
    // Whole grains dealt out as evenly as they go: the first grains % chunks get one more.
    const int base = grains / chunks, extra = grains % chunks;
    const int first = chunk * base + std::min(chunk, extra);
    const int last = first + base + (chunk < extra ? 1 : 0);
    body(chunk, first * grain, std::min(count, last * grain));
  });
}

}  // namespace ll
