// The DQN worker (web/rl-worker.js) under Node: start -> progress with
// returns, Q-values and the cart's state; pause, step, snapshot, resume and
// stop answer; bad settings are an error message with its code; an unknown
// request is refused; a snapshot loads back into the client.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import test from 'node:test';

import { labPromise, repo } from './helpers.js';

const workerUrl = new URL('web/rl-worker.js', repo);

// Resolves with the first message for which until(message) is true; collects all.
function conversation(worker, until) {
  const seen = [];
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (message) => {
      seen.push(message);
      try {
        if (until(message, seen)) resolve(seen);
      } catch (error) {
        reject(error);
      }
    });
  });
}

test('start, progress, pause, step, snapshot, resume, stop', async () => {
  const worker = new Worker(workerUrl);
  try {
    let stepped = false;
    const done = conversation(worker, (m, seen) => {
      if (m.type === 'progress' && !seen.some((s) => s.type === 'paused')) worker.postMessage({ type: 'pause' });
      if (m.type === 'paused') worker.postMessage({ type: 'step', steps: 10 });
      if (m.type === 'progress' && seen.some((s) => s.type === 'paused') && !stepped) {
        stepped = true;
        worker.postMessage({ type: 'snapshot' });
      }
      if (m.type === 'snapshot') worker.postMessage({ type: 'resume' });
      if (m.type === 'resumed') worker.postMessage({ type: 'stop' });
      if (m.type === 'error') throw new Error(`worker error: ${m.code} ${m.message}`);
      return m.type === 'stopped';
    });
    worker.postMessage({ type: 'start', config: { hidden: [16], learningStarts: 100, batchSize: 16, replaySize: 1000, seed: 2 } });
    const seen = await done;
    const types = seen.map((m) => m.type);
    for (const type of ['started', 'progress', 'paused', 'snapshot', 'resumed', 'stopped']) assert.ok(types.includes(type), type);
    const started = seen.find((m) => m.type === 'started');
    assert.equal(started.config.hidden[0], 16);
    const progress = seen.find((m) => m.type === 'progress');
    assert.equal(progress.q.length, 2);
    assert.equal(progress.observation.length, 4);
    assert.ok(Math.abs(progress.cartpole.theta) < 0.25);
    // The step request advanced exactly 10 steps.
    const paused = types.indexOf('paused');
    const before = seen.slice(0, paused).filter((m) => m.type === 'progress').at(-1).report.steps;
    const after = seen.slice(paused).find((m) => m.type === 'progress').report.steps;
    assert.equal(after - before, 10);
    const lab = await labPromise;
    const loaded = lab.loadDqn(seen.find((m) => m.type === 'snapshot').bytes);
    assert.equal(loaded.config.seed, 2);
    loaded.dispose();
  } finally {
    await worker.terminate();
  }
});

test('bad settings and requests are error messages with codes', async () => {
  const worker = new Worker(workerUrl);
  try {
    const done = conversation(worker, (m, seen) => seen.filter((s) => s.type === 'error').length === 3);
    worker.postMessage({ type: 'pause' });
    worker.postMessage({ type: 'start', config: { gamma: 3 } });
    worker.postMessage({ type: 'start', config: { replaySize: -5 } });
    const errors = (await done).filter((m) => m.type === 'error');
    assert.equal(errors[0].code, 'invalid_argument');
    assert.match(errors[0].message, /send start first/);
    assert.equal(errors[1].code, 'config_invalid');
    assert.match(errors[1].message, /gamma/);
    assert.equal(errors[2].code, 'config_invalid');
    assert.match(errors[2].message, /replay_size/);
    for (const e of errors) assert.equal(e.restored, false);
  } finally {
    await worker.terminate();
  }
});
