// A steady-state DQN step touches the heap zero times: acting (a forward of
// one state), the environment step, the replay write, sampling a batch, the
// TD update (forwards of s' and s, backward, clipping, Adam) and the target
// sync all reuse buffers sized by the first update. Counted with
// test_allocations.cpp's replaced operator new (allocation_counter.hpp).
#include <iostream>
#include <vector>

#include <catch2/catch.hpp>

#include "allocation_counter.hpp"
#include "rl/dqn.hpp"

using namespace ll;
using namespace ll::rl;

TEST_CASE("A steady-state DQN step allocates nothing: CartPole and gridworld, Double DQN, Polyak, no replay",
          "[allocations][rl]") {
  DqnConfig base;
  base.hidden = {32, 16};
  base.batch_size = 16;
  base.replay_size = 500;
  base.learning_starts = 50;
  base.train_frequency = 1;
  base.target_period = 7;
  base.epsilon.steps = 400;
  struct Case {
    const char* name;
    DqnConfig config;
  };
  std::vector<Case> cases(5, {"", base});
  cases[0].name = "cartpole, huber, hard sync";
  cases[1].name = "cartpole, double dqn, polyak, mse";
  cases[1].config.double_dqn = true, cases[1].config.tau = 0.1f, cases[1].config.loss = TdLoss::mse;
  cases[2].name = "cartpole, no replay, no target network";
  cases[2].config.replay_size = 0, cases[2].config.target_period = 0;
  cases[3].name = "gridworld";
  cases[3].config.env = "gridworld";
  cases[4].name = "cartpole, exponential epsilon, no clipping";
  cases[4].config.epsilon.kind = EpsilonKind::exponential, cases[4].config.max_grad_norm = 0.0f;
  for (const Case& c : cases) {
    INFO(c.name);
    DqnRun run(c.config);
    for (int i = 0; i < 300; ++i) run.step();  // past learning_starts: every buffer has been sized
    REQUIRE(run.updates() > 0);
    long long episodes_before = run.episodes();
    const test::HeapCounts counts = test::count_heap_traffic_of([&] {
      for (int i = 0; i < 1000; ++i) run.step();
    });
    std::cout << "steady-state DQN steps (" << c.name << "): " << counts.allocations << " allocations, "
              << counts.deallocations << " deallocations over 1000 steps, " << run.episodes() - episodes_before
              << " episode ends\n";
    CHECK(run.episodes() > episodes_before);  // resets are inside the counted steps
    CHECK(counts.allocations == 0);
    CHECK(counts.deallocations == 0);
  }
}
