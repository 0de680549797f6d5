#pragma once
// The heap counter of tests/cpp/test_allocations.cpp (which replaces the
// global operator new and delete for the whole test binary), for other files.
#include <functional>

namespace ll::test {

struct HeapCounts {
  long allocations;
  long deallocations;
};

// C++ allocations and deallocations while body runs.
HeapCounts count_heap_traffic_of(const std::function<void()>& body);

}  // namespace ll::test
