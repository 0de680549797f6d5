#include "rl/replay_buffer.hpp"

#include <algorithm>
#include <string>

#include "nn/errors.hpp"

namespace ll::rl {

void TransitionBatch::reserve(int batch, int observation_size) {
  ensure_shape(observations, {std::size_t(batch), std::size_t(observation_size)});
  ensure_shape(next_observations, {std::size_t(batch), std::size_t(observation_size)});
  actions.resize(std::size_t(batch));
  rewards.resize(std::size_t(batch));
  terminated.resize(std::size_t(batch));
}

ReplayBuffer::ReplayBuffer(int capacity, int observation_size) : capacity_(capacity), dim_(observation_size) {
  if (capacity < 1) throw Error(ErrorCode::invalid_argument, "replay buffer: capacity must be at least 1, got " +
                                                                 std::to_string(capacity));
  if (observation_size < 1)
    throw Error(ErrorCode::invalid_argument, "replay buffer: observation size must be at least 1");
  // In 64-bit arithmetic: WASM's size_t is 32 bits and the product could wrap.
  const long long floats = 2LL * capacity * observation_size;
  if (floats > (1LL << 28))
    throw Error(ErrorCode::too_large, "replay buffer: " + std::to_string(capacity) + " transitions of " +
                                          std::to_string(observation_size) + " floats exceed the 1 GiB limit");
  observations_.resize(std::size_t(capacity) * std::size_t(observation_size));
  next_observations_.resize(observations_.size());
  actions_.resize(std::size_t(capacity));
  rewards_.resize(std::size_t(capacity));
  terminated_.resize(std::size_t(capacity));
}

void ReplayBuffer::add(const float* observation, int action, float reward, const float* next_observation,
                       bool terminated) {
  const std::size_t at = std::size_t(next_) * std::size_t(dim_);
  std::copy(observation, observation + dim_, observations_.begin() + std::ptrdiff_t(at));
  std::copy(next_observation, next_observation + dim_, next_observations_.begin() + std::ptrdiff_t(at));
  actions_[std::size_t(next_)] = action;
  rewards_[std::size_t(next_)] = reward;
  terminated_[std::size_t(next_)] = terminated ? 1.0f : 0.0f;
  next_ = (next_ + 1) % capacity_;
  size_ = std::min(size_ + 1, capacity_);
  ++added_;
}

void ReplayBuffer::copy_to(int slot, int row, TransitionBatch& batch) const {
  const std::size_t from = std::size_t(slot) * std::size_t(dim_);
  const std::size_t to = std::size_t(row) * std::size_t(dim_);
  std::copy_n(observations_.begin() + std::ptrdiff_t(from), dim_, batch.observations.data() + to);
  std::copy_n(next_observations_.begin() + std::ptrdiff_t(from), dim_, batch.next_observations.data() + to);
  batch.actions[std::size_t(row)] = actions_[std::size_t(slot)];
  batch.rewards[std::size_t(row)] = rewards_[std::size_t(slot)];
  batch.terminated[std::size_t(row)] = terminated_[std::size_t(slot)];
}

void ReplayBuffer::sample(Rng& rng, TransitionBatch& batch) {
  if (size_ == 0) throw Error(ErrorCode::invalid_argument, "replay buffer: cannot sample from an empty buffer");
  const int rows = int(batch.actions.size());
  for (int row = 0; row < rows; ++row) copy_to(int(rng.below(std::uint32_t(size_))), row, batch);
}

void ReplayBuffer::recent(TransitionBatch& batch) const {
  const int rows = int(batch.actions.size());
  if (rows > size_)
    throw Error(ErrorCode::invalid_argument, "replay buffer: " + std::to_string(rows) + " recent transitions asked, " +
                                                 std::to_string(size_) + " stored");
  for (int row = 0; row < rows; ++row) copy_to((next_ - rows + row + capacity_) % capacity_, row, batch);
}

}  // namespace ll::rl
