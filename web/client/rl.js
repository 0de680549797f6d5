// DQN in the client: a DqnAgent is one training run in WASM (an environment,
// its Q-network, target network, replay buffer and counters; src/rl/dqn.hpp).
//
//   lab.dqnDefaults()                           // the shipped settings, e.g. { learningRate: 0.0005, … }
//   const agent = lab.createDqn({ env: 'cartpole', seed: 1 });
//   const report = agent.train(1000);          // 1000 environment steps
//   report.returns                              // returns of the episodes that ended
//   agent.qValues(agent.observation());         // Q(s, ·) of the current state
//   agent.dispose();
//
// The JS config uses camelCase names for the C++ config's keys (DQN_KEYS);
// every number is checked in C++, which names the bad setting in a
// LatentLabError with code 'config_invalid' (or 'too_large').

import { asBytes, asFloat32, call, checked, Disposable, LatentLabError, moduleOf } from './internals.js';

// JS name -> the C++ JSON key (src/rl/dqn_config.hpp).
const DQN_KEYS = {
  env: 'env',
  hidden: 'hidden',
  learningRate: 'learning_rate',
  gamma: 'gamma',
  replaySize: 'replay_size',
  batchSize: 'batch_size',
  learningStarts: 'learning_starts',
  trainFrequency: 'train_frequency',
  gradientSteps: 'gradient_steps',
  targetPeriod: 'target_period',
  tau: 'tau',
  doubleDqn: 'double_dqn',
  epsilon: 'epsilon',
  maxGradNorm: 'max_grad_norm',
  loss: 'loss',
  seed: 'seed',
};
const JS_KEYS = Object.fromEntries(Object.entries(DQN_KEYS).map(([js, cpp]) => [cpp, js]));

export function dqnConfigJson(config = {}) {
  if (config === null || typeof config !== 'object' || Array.isArray(config))
    throw new LatentLabError('config_invalid', 'dqn config must be an object such as { env: "cartpole" }');
  const out = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (!(key in DQN_KEYS))
      throw new LatentLabError('config_invalid', `dqn config: unknown key "${key}" (known: ${Object.keys(DQN_KEYS).join(', ')})`);
    out[DQN_KEYS[key]] = value;
  }
  return JSON.stringify(out);
}

export function dqnConfigFromJson(text) {
  const parsed = JSON.parse(text);
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [JS_KEYS[key], value]));
}

export class DqnAgent extends Disposable {
  #check() {
    if (this.disposed) throw new LatentLabError('disposed', 'DqnAgent was disposed');
  }
  #call(method, ...args) {
    this.#check();
    return call(this, method, ...args);
  }
  get config() {
    return dqnConfigFromJson(this.#call('configJson'));
  }
  get parameterCount() {
    return this.#call('parameterCount');
  }
  // Runs `steps` environment steps, learning as configured.
  train(steps) {
    return this.#call('train', steps);
  }
  counters() {
    return this.#call('counters');
  }
  // The current state of the training environment.
  observation() {
    return this.#call('observation');
  }
  qValues(observation) {
    return this.#call('qValues', asFloat32(observation, 'observation'));
  }
  greedyAction(observation) {
    return this.#call('greedyAction', asFloat32(observation, 'observation'));
  }
  // Mean return of greedy episodes (no exploration, no learning) in a fresh environment.
  evaluate({ episodes = 10, seed = 1000 } = {}) {
    return this.#call('evaluate', episodes, seed);
  }
  // Gridworld: { rows, cols, layout, agent, q: Float32Array(rows × cols × 4) }.
  grid() {
    return this.#call('grid');
  }
  // CartPole: { x, xDot, theta, thetaDot, step }.
  cartpoleState() {
    return this.#call('cartpoleState');
  }
  // The Q-network and config as safetensors bytes (lab.loadDqn reads them).
  save() {
    return this.#call('save');
  }
  loadWeights(bytes) {
    this.#call('loadWeights', asBytes(bytes));
  }
}

// The shipped settings (src/rl/dqn_config.hpp's DqnConfig{}), in the JS names.
export function dqnDefaults(lab) {
  return dqnConfigFromJson(moduleOf(lab).dqnDefaultsJson());
}

export function createDqn(lab, config = {}) {
  const module = moduleOf(lab);
  return new DqnAgent(module, checked(module, module.DqnSession.create(dqnConfigJson(config))));
}

// A saved agent; `config` (optional) replaces the file's training settings.
export function loadDqn(lab, bytes, config) {
  const module = moduleOf(lab);
  const text = config == null ? '' : dqnConfigJson(config);
  return new DqnAgent(module, checked(module, module.DqnSession.load(asBytes(bytes), text)));
}
