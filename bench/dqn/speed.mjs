// DQN speed in Node, one thread: Latent Lab's WASM build against the same DQN
// written with TensorFlow.js 4.22's WASM backend (same CartPole equations,
// network 4-128-128-2, batch 128, one update every 4 steps, Double DQN, Polyak
// target every step, Huber loss, gradient clipping at norm 10, Adam 5e-4),
// and against the PyTorch reference (bench/dqn/dqn_torch.py --speed, native,
// one thread), in one run.
//   node bench/dqn/speed.mjs [STEPS (default 20000)]
// Each first runs past learning_starts (1000 steps) and a 2,000-step warm-up,
// then times STEPS environment steps (acting, stepping, storing, and the
// updates due). Load average printed before and after: the shared machine's
// other work slows every side.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

import { loadLatentLab } from '../../web/latentlab.js';

const STEPS = Number(process.argv[2] ?? 20000);
const WARMUP = 2000;

async function latentlab() {
  const lab = await loadLatentLab({ threads: 1 });
  const agent = lab.createDqn({ seed: 1 });
  agent.train(WARMUP);
  const before = agent.counters();
  const start = performance.now();
  agent.train(STEPS);
  const seconds = (performance.now() - start) / 1000;
  const after = agent.counters();
  agent.dispose();
  return { steps: STEPS / seconds, updates: (after.updates - before.updates) / seconds };
}

// CartPole-v1 (Gymnasium's equations, as src/rl/cartpole.cpp).
function cartpole(random) {
  let s, t;
  return {
    reset() {
      s = [0, 1, 2, 3].map(() => random() * 0.1 - 0.05);
      t = 0;
      return Float32Array.from(s);
    },
    step(action) {
      const [x, xd, th, thd] = s;
      const f = action === 1 ? 10 : -10, cos = Math.cos(th), sin = Math.sin(th);
      const temp = (f + 0.05 * thd * thd * sin) / 1.1;
      const thacc = (9.8 * sin - cos * temp) / (0.5 * (4 / 3 - (0.1 * cos * cos) / 1.1));
      const xacc = temp - (0.05 * thacc * cos) / 1.1;
      s = [x + 0.02 * xd, xd + 0.02 * xacc, th + 0.02 * thd, thd + 0.02 * thacc];
      t += 1;
      const terminated = Math.abs(s[0]) > 2.4 || Math.abs(s[2]) > (12 * 2 * Math.PI) / 360;
      return { obs: Float32Array.from(s), terminated, done: terminated || t >= 500 };
    },
  };
}

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

async function tfjs() {
  setThreadsCount(1);
  await tf.setBackend('wasm');
  const sizes = [[4, 128], [128, 128], [128, 2]];
  const layer = ([i, o]) => [tf.variable(tf.randomUniform([i, o], -1 / Math.sqrt(i), 1 / Math.sqrt(i))),
    tf.variable(tf.randomUniform([o], -1 / Math.sqrt(i), 1 / Math.sqrt(i)))];
  const online = sizes.map(layer).flat();
  const target = online.map((v) => tf.variable(v.clone(), false));
  const q = (params, x) => {
    let h = x;
    for (let l = 0; l < 3; ++l) {
      h = tf.add(tf.matMul(h, params[2 * l]), params[2 * l + 1]);
      if (l < 2) h = tf.relu(h);
    }
    return h;
  };
  const optimizer = tf.train.adam(5e-4);
  const capacity = 50000, batch = 128, random = mulberry32(1), env = cartpole(random);
  const obsBuf = new Float32Array(capacity * 4), nextBuf = new Float32Array(capacity * 4);
  const actBuf = new Int32Array(capacity), rewBuf = new Float32Array(capacity), termBuf = new Float32Array(capacity);
  let size = 0, slot = 0, updates = 0, obs = env.reset();

  function update() {
    const s = new Float32Array(batch * 4), s2 = new Float32Array(batch * 4);
    const a = new Int32Array(batch), r = new Float32Array(batch), d = new Float32Array(batch);
    for (let b = 0; b < batch; ++b) {
      const i = Math.floor(random() * size);
      s.set(obsBuf.subarray(4 * i, 4 * i + 4), 4 * b);
      s2.set(nextBuf.subarray(4 * i, 4 * i + 4), 4 * b);
      a[b] = actBuf[i], r[b] = rewBuf[i], d[b] = termBuf[i];
    }
    tf.tidy(() => {
      const S = tf.tensor2d(s, [batch, 4]), S2 = tf.tensor2d(s2, [batch, 4]);
      const best = tf.argMax(q(online, S2), 1);
      const next = tf.sum(tf.mul(q(target, S2), tf.oneHot(best, 2)), 1);
      const y = tf.add(tf.tensor1d(r), tf.mul(tf.scalar(0.99), tf.mul(tf.sub(1, tf.tensor1d(d)), next)));
      const mask = tf.oneHot(tf.tensor1d(a, 'int32'), 2);
      const { grads } = tf.variableGrads(() => tf.losses.huberLoss(y, tf.sum(tf.mul(q(online, S), mask), 1)), online);
      const list = online.map((v) => grads[v.name]);
      const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g))))).dataSync()[0];
      const scale = norm > 10 ? 10 / (norm + 1e-6) : 1;
      optimizer.applyGradients(Object.fromEntries(online.map((v, k) => [v.name, tf.mul(list[k], scale)])));
    });
    updates += 1;
  }
  function step(t) {
    const epsilon = 1 + (0 - 1) * Math.min(1, t / 5000);
    const action = random() < epsilon ? Math.floor(random() * 2)
      : tf.tidy(() => tf.argMax(q(online, tf.tensor2d(obs, [1, 4])), 1).dataSync()[0]);
    const { obs: next, terminated, done } = env.step(action);
    obsBuf.set(obs, 4 * slot), nextBuf.set(next, 4 * slot);
    actBuf[slot] = action, rewBuf[slot] = 1, termBuf[slot] = terminated ? 1 : 0;
    slot = (slot + 1) % capacity, size = Math.min(size + 1, capacity);
    obs = done ? env.reset() : next;
    if (t > 1000) {
      tf.tidy(() => online.forEach((v, k) => target[k].assign(tf.add(tf.mul(v, 0.005), tf.mul(target[k], 0.995)))));
      if (t % 4 === 0) update();
    }
  }
  let t = 0;
  for (; t < WARMUP; ) step(++t);
  const before = updates, start = performance.now();
  for (let k = 0; k < STEPS; ++k) step(++t);
  const seconds = (performance.now() - start) / 1000;
  return { steps: STEPS / seconds, updates: (updates - before) / seconds };
}

// "pytorch (1 thread): N env steps/s, M updates/s" from the reference's own timing.
function pytorch() {
  const script = fileURLToPath(new URL('./dqn_torch.py', import.meta.url));
  const line = execFileSync('/usr/bin/python3', [script, '--speed', String(STEPS)], { encoding: 'utf8' }).trim();
  const [, steps, updates] = line.match(/([\d.]+) env steps\/s, ([\d.]+) updates\/s/) ?? [];
  if (steps === undefined) throw new Error(`unexpected output of dqn_torch.py: ${line}`);
  return { steps: Number(steps), updates: Number(updates) };
}

const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
console.log(`${STEPS} timed steps per side; load average ${load()} before`);
const ours = await latentlab();
console.log(`latentlab wasm (1 thread): ${ours.steps.toFixed(0)} env steps/s, ${ours.updates.toFixed(0)} updates/s`);
const theirs = await tfjs();
console.log(`tfjs wasm (1 thread): ${theirs.steps.toFixed(0)} env steps/s, ${theirs.updates.toFixed(0)} updates/s`);
console.log(`ratio latentlab / tfjs: ${(ours.steps / theirs.steps).toFixed(1)}x env steps/s, ${(ours.updates / theirs.updates).toFixed(1)}x updates/s`);
const torch = pytorch();
console.log(`pytorch native (1 thread): ${torch.steps.toFixed(0)} env steps/s, ${torch.updates.toFixed(0)} updates/s`);
console.log(`ratio latentlab / pytorch: ${(ours.steps / torch.steps).toFixed(1)}x env steps/s, ${(ours.updates / torch.updates).toFixed(1)}x updates/s`);
console.log(`load average ${load()} after`);
