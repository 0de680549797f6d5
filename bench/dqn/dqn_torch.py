#!/usr/bin/python3
"""The PyTorch reference of Latent Lab's DQN (src/rl/dqn.cpp) with the same
settings as its shipped defaults (src/rl/dqn_config.hpp), on a CartPole-v1
written from the same published equations (Gymnasium's cartpole.py, Euler):

    Q-network 4-128-ReLU-128-ReLU-2 (PyTorch's default init), Adam lr 5e-4,
    replay 50000, batch 128, learning starts 1000, one update every 4 steps,
    Double DQN, target by Polyak averaging tau 0.005 every step, Huber loss
    (smooth_l1), gradient norm clipped at 10, gamma 0.99, epsilon linear
    1 -> 0 over 5000 steps; truncation at 500 bootstraps, termination does not.

    /usr/bin/python3 bench/dqn/dqn_torch.py [--seeds 1,2,3,4,5] [--max-steps 100000] [--eval-every 10000]
    /usr/bin/python3 bench/dqn/dqn_torch.py --speed 4000     (what bench/dqn/speed.mjs runs)

Prints per seed the step at which the 100-episode training mean reached 475
(or not), the first evaluation point (100 greedy episodes) at 475 or more, and
environment steps and updates per second (one CPU thread).
"""
import argparse
import math
import random
import time

import numpy as np
import torch

GRAVITY, MASS_CART, MASS_POLE, HALF_LENGTH, FORCE, TAU = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
THETA_LIMIT, X_LIMIT, MAX_STEPS = 12 * 2 * math.pi / 360, 2.4, 500


class CartPole:
    def __init__(self, rng):
        self.rng = rng

    def reset(self):
        self.state = [self.rng.uniform(-0.05, 0.05) for _ in range(4)]
        self.steps = 0
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        f = FORCE if action == 1 else -FORCE
        total = MASS_CART + MASS_POLE
        cos, sin = math.cos(theta), math.sin(theta)
        temp = (f + MASS_POLE * HALF_LENGTH * theta_dot * theta_dot * sin) / total
        theta_acc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / total))
        x_acc = temp - MASS_POLE * HALF_LENGTH * theta_acc * cos / total
        self.state = [x + TAU * x_dot, x_dot + TAU * x_acc, theta + TAU * theta_dot, theta_dot + TAU * theta_acc]
        self.steps += 1
        terminated = abs(self.state[0]) > X_LIMIT or abs(self.state[2]) > THETA_LIMIT
        truncated = self.steps >= MAX_STEPS
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated


def q_network():
    return torch.nn.Sequential(torch.nn.Linear(4, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128), torch.nn.ReLU(),
                               torch.nn.Linear(128, 2))


def greedy_mean(net, episodes, seed):
    env = CartPole(random.Random(seed))
    total = 0.0
    for _ in range(episodes):
        obs, done = env.reset(), False
        while not done:
            with torch.no_grad():
                action = int(net(torch.from_numpy(obs)).argmax())
            obs, reward, terminated, truncated = env.step(action)
            total += reward
            done = terminated or truncated
    return total / episodes


def run(seed, max_steps, eval_every, timed_from=None):
    """Trains one seed. With timed_from, keeps going after solving and
    returns the env steps and updates per second over steps > timed_from."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    env = CartPole(random.Random(seed))
    online, target = q_network(), q_network()
    target.load_state_dict(online.state_dict())
    optimizer = torch.optim.Adam(online.parameters(), lr=5e-4)
    capacity, batch, gamma = 50000, 128, 0.99
    obs_buf = np.zeros((capacity, 4), np.float32)
    next_buf = np.zeros((capacity, 4), np.float32)
    act_buf = np.zeros(capacity, np.int64)
    rew_buf = np.zeros(capacity, np.float32)
    term_buf = np.zeros(capacity, np.float32)
    size = slot = 0
    returns, episode_return = [], 0.0
    solved_at = greedy_at = None
    updates = 0
    obs = env.reset()
    start = time.perf_counter()
    step = 0
    for step in range(1, max_steps + 1):
        if step == timed_from:
            start, updates_before = time.perf_counter(), updates
        epsilon = 1.0 + (0.0 - 1.0) * min(1.0, (step - 1) / 5000)
        if rng.random() < epsilon:
            action = int(rng.integers(2))
        else:
            with torch.no_grad():
                action = int(online(torch.from_numpy(obs)).argmax())
        next_obs, reward, terminated, truncated = env.step(action)
        obs_buf[slot], next_buf[slot], act_buf[slot], rew_buf[slot], term_buf[slot] = obs, next_obs, action, reward, terminated
        slot, size = (slot + 1) % capacity, min(size + 1, capacity)
        episode_return += reward
        obs = next_obs
        if terminated or truncated:
            returns.append(episode_return)
            episode_return = 0.0
            obs = env.reset()
            if solved_at is None and len(returns) >= 100 and np.mean(returns[-100:]) >= 475:
                solved_at = step
        if step > 1000:
            with torch.no_grad():  # Polyak every step, before the update (as dqn.cpp)
                for p, tp in zip(online.parameters(), target.parameters()):
                    tp.mul_(0.995).add_(0.005 * p)
            if step % 4 == 0:
                idx = torch.from_numpy(rng.integers(size, size=batch))
                s, s2 = torch.from_numpy(obs_buf)[idx], torch.from_numpy(next_buf)[idx]
                a, r, d = torch.from_numpy(act_buf)[idx], torch.from_numpy(rew_buf)[idx], torch.from_numpy(term_buf)[idx]
                with torch.no_grad():
                    best = online(s2).argmax(1, keepdim=True)
                    y = r + gamma * (1 - d) * target(s2).gather(1, best).squeeze(1)
                q = online(s).gather(1, a.unsqueeze(1)).squeeze(1)
                loss = torch.nn.functional.smooth_l1_loss(q, y)
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(online.parameters(), 10.0)
                optimizer.step()
                updates += 1
        if eval_every and greedy_at is None and step % eval_every == 0:
            if greedy_mean(online, 100, 1000 + step) >= 475:
                greedy_at = step
        if solved_at is not None and timed_from is None:
            break
    seconds = time.perf_counter() - start
    if timed_from is not None:
        return (max_steps - timed_from + 1) / seconds, (updates - updates_before) / seconds
    mean = np.mean(returns[-100:]) if returns else 0.0
    head = (f"solved at step {solved_at} (episode {len(returns)}, mean return {mean:.1f})" if solved_at
            else f"not solved in {step} steps (last 100-episode mean {mean:.1f})")
    greedy = f"; greedy policy solved at step {greedy_at}" if greedy_at else ""
    print(f"pytorch seed {seed}: {head}{greedy}; {seconds:.1f} s, {step / seconds:.0f} env steps/s, "
          f"{updates / seconds:.0f} updates/s", flush=True)
    return solved_at is not None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--max-steps", type=int, default=100000)
    parser.add_argument("--eval-every", type=int, default=10000)
    parser.add_argument("--speed", type=int, metavar="STEPS",
                        help="time STEPS steps after a 2,000-step warm-up (seed 1, no evaluation) and print the rates")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.speed:
        steps, updates = run(1, 2000 + args.speed, 0, timed_from=2001)
        print(f"pytorch (1 thread): {steps:.0f} env steps/s, {updates:.0f} updates/s", flush=True)
        return
    seeds = [int(s) for s in args.seeds.split(",")]
    solved = sum(run(seed, args.max_steps, args.eval_every) for seed in seeds)
    print(f"pytorch: solved on {solved} of {len(seeds)} seeds within {args.max_steps} steps")


if __name__ == "__main__":
    main()
