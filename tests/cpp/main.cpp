// The suite's entry point. LATENTLAB_TEST_THREADS=N runs every test with the
// thread pool at N threads (the ThreadSanitizer preset sets it, over the tests
// that reach the pool: tests/CMakeLists.txt), so the layers, models and golden
// comparisons also run on the threaded kernels.
// Tests that set their own thread count restore this one afterwards.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "nn/kernels/parallel.hpp"

int main(int argc, char** argv) {
  if (const char* threads = std::getenv("LATENTLAB_TEST_THREADS")) {
    try {
      ll::set_thread_count(std::atoi(threads));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "LATENTLAB_TEST_THREADS=%s: %s\n", threads, e.what());
      return 2;
    }
    std::printf("running every test on %d threads\n", ll::thread_count());
  }
  return Catch::Session().run(argc, argv);
}
