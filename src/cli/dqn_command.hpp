#pragma once
// `latentlab dqn ...`: DQN on CartPole-v1 / the gridworld (src/rl).
namespace ll::cli {

// argv[0] is "dqn". Returns the process exit code; throws on bad arguments.
int dqn_command(int argc, char** argv);

}  // namespace ll::cli
