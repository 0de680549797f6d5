#pragma once
// Experience replay: a fixed-capacity ring of transitions (s, a, r, s', terminated),
// every array allocated once at construction.
//   observations, next_observations   (capacity × D)
//   actions (capacity), rewards (capacity), terminated (capacity, 0 or 1)
// Once full, each new transition overwrites the oldest. sample() draws a batch
// uniformly with replacement from the stored ones (as CleanRL's and SB3's
// buffers do), from the Rng it is given; recent() takes the newest ones in
// order, which is DQN without replay: training on the correlated stream.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "nn/rng.hpp"
#include "nn/tensor.hpp"

namespace ll::rl {

struct TransitionBatch {
  Tensor observations;       // (B × D)
  Tensor next_observations;  // (B × D)
  std::vector<int> actions;  // (B)
  std::vector<float> rewards;
  std::vector<float> terminated;
  // Sizes every array for batch B once, so sampling never allocates.
  void reserve(int batch, int observation_size);
};

class ReplayBuffer {
 public:
  // Throws ll::Error: invalid_argument for capacity or observation_size < 1,
  // too_large when capacity × observation_size × 2 floats exceeds 2^28 (1 GiB).
  ReplayBuffer(int capacity, int observation_size);

  void add(const float* observation, int action, float reward, const float* next_observation, bool terminated);
  // Uniform with replacement; throws ll::Error(invalid_argument) when empty.
  void sample(Rng& rng, TransitionBatch& batch);
  // The newest batch size transitions, oldest first; throws when fewer are stored.
  void recent(TransitionBatch& batch) const;

  int capacity() const { return capacity_; }
  int size() const { return size_; }
  int observation_size() const { return dim_; }
  long long added() const { return added_; }  // transitions ever added

 private:
  void copy_to(int slot, int row, TransitionBatch& batch) const;

  int capacity_;
  int dim_;
  int size_ = 0;
  int next_ = 0;  // slot the next transition goes to
  long long added_ = 0;
  std::vector<float> observations_;
  std::vector<float> next_observations_;
  std::vector<int> actions_;
  std::vector<float> rewards_;
  std::vector<float> terminated_;
};

}  // namespace ll::rl
