// The training worker protocol (docs/API.md), driven from Node worker_threads
// against the real web/training-worker.js and WASM build.
import assert from 'node:assert/strict';
import test from 'node:test';
import { Worker } from 'node:worker_threads';

import { labPromise, loadMnist, maxAbsDiff, subset, workerUrl } from './helpers.js';

const lab = await labPromise;
const mnist = await loadMnist('train');
const held = subset(await loadMnist('test'), 200);

// A worker whose messages are recorded in order; next() waits for the next match.
class Session {
  constructor() {
    this.worker = new Worker(workerUrl);
    this.messages = [];
    this.cursor = 0;
    this.waiters = [];
    this.worker.on('message', (message) => {
      this.messages.push({ at: performance.now(), ...message });
      this.waiters = this.waiters.filter((check) => !check());
    });
    this.worker.on('error', (error) => { this.failure = error; this.waiters.forEach((check) => check()); });
  }
  send(message, transfer) {
    this.sentAt = performance.now();
    this.worker.postMessage(message, transfer);
  }
  // The next message (after the previous match) for which match(message) holds.
  next(match, timeoutMs = 30000) {
    const test = typeof match === 'string' ? (m) => m.type === match : match;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting; got ${this.types(this.cursor)}`)), timeoutMs);
      const check = () => {
        if (this.failure) return clearTimeout(timer), reject(this.failure), true;
        for (; this.cursor < this.messages.length; ++this.cursor) {
          const message = this.messages[this.cursor];
          if (test(message)) {
            this.cursor += 1;
            clearTimeout(timer);
            resolve(message);
            return true;
          }
        }
        return false;
      };
      if (!check()) this.waiters.push(check);
    });
  }
  types(from = 0) {
    return this.messages.slice(from).map((m) => m.type).join(' ');
  }
  since(type, from) {
    return this.messages.slice(from).filter((m) => m.type === type);
  }
  close() {
    return this.worker.terminate();
  }
}

function startMessage({ config, options, count = 1000, extra = {} }) {
  const train = subset(mnist, count);
  return {
    message: { type: 'start', model: { config, seed: 1 }, train: { images: train.images, labels: train.labels },
      options, progressIntervalMs: 50, ...extra },
    transfer: [train.images.buffer, train.labels.buffer],
  };
}

test('start, pause, step, snapshot, setLearningRate, setBeta, resume, finish, stop', async () => {
  const session = new Session();
  try {
    const preview = held.images.slice(0, 784 * 4);
    const { message, transfer } = startMessage({
      config: { type: 'vae', hidden: [32], latent: 2 },
      options: { epochs: 3, batchSize: 50, learningRate: 3e-3, seed: 2 }, count: 2000,
      extra: { test: { images: held.images }, preview, scatter: { images: held.images.slice(0, 784 * 30) } },
    });
    const started = performance.now();
    session.send(message, transfer);
    assert.equal(message.train.images.length, 0, 'training images were transferred, not copied');
    const hello = await session.next('started');
    assert.equal(hello.batchesPerEpoch, 40);
    assert.equal(hello.config.type, 'vae');
    assert.ok(hello.parameterCount > 50000);

    await session.next('progress');
    session.send({ type: 'pause' });
    await session.next('paused');
    assert.equal(session.since('finished', 0).length, 0, 'paused while training was still running');
    const pauseLatency = performance.now() - session.sentAt;
    session.cursor = session.messages.length;

    session.send({ type: 'snapshot' });
    const snapshotA = (await session.next('snapshot')).weights;
    session.send({ type: 'snapshot' });
    const snapshotB = (await session.next('snapshot')).weights;
    assert.deepEqual(snapshotA, snapshotB, 'nothing trains while paused');

    session.send({ type: 'setLearningRate', value: 1e-3 });
    session.send({ type: 'setBeta', value: 0.5 });
    session.send({ type: 'step' });
    const firstStep = await session.next('progress');
    session.send({ type: 'step' });
    const stepped = await session.next('progress');
    assert.equal(stepped.step, firstStep.step + 1, 'step trains exactly one batch');
    assert.equal(Math.fround(stepped.learningRate), Math.fround(1e-3));
    assert.equal(stepped.beta, 0.5);
    session.send({ type: 'snapshot' });
    const snapshotC = (await session.next('snapshot')).weights;
    assert.notDeepEqual(snapshotC, snapshotA, 'the step changed the weights');

    // The snapshot is a Latent Lab model file: it loads and matches the worker's config.
    const fromSnapshot = lab.loadModel(snapshotC);
    assert.deepEqual(fromSnapshot.config, { ...hello.config, beta: 0.5 });
    const fresh = lab.createModel({ type: 'vae', hidden: [32], latent: 2 });
    const trainedLoss = fromSnapshot.evaluate(held.images).total, freshLoss = fresh.evaluate(held.images).total;
    console.log(`snapshot: held-out loss ${trainedLoss.toFixed(1)} vs untrained ${freshLoss.toFixed(1)}`);
    assert.ok(trainedLoss < freshLoss);

    session.send({ type: 'resume' });
    await session.next('resumed');
    const finished = await session.next('finished');
    const elapsed = finished.at - started;
    const epochs = session.since('epoch', 0);
    assert.deepEqual(epochs.map((m) => m.epoch), [0, 1, 2]);
    for (const epoch of epochs) {
      assert.equal(epoch.previews.length, 4 * 784);
      assert.equal(epoch.codes.length, 30 * 2);
      assert.ok(Number.isFinite(epoch.test.total) && Number.isFinite(epoch.train.elbo));
    }
    console.log(`epoch train loss ${epochs.map((m) => m.train.total.toFixed(1)).join(' -> ')}; ` +
      `test ${epochs.map((m) => m.test.total.toFixed(1)).join(' -> ')}`);
    assert.ok(epochs.at(-1).train.total < epochs[0].train.total, 'train loss falls over the epochs');

    const progress = session.since('progress', 0);
    const final = progress.at(-1);
    assert.equal(final.progress, 1);
    assert.equal(final.step, 120);
    assert.ok(progress.every((m) => m.loss.total > 0 && m.examplesPerSecond >= 0));
    assert.ok(progress.some((m) => m.etaSeconds > 0));
    console.log(`${progress.length} progress messages in ${elapsed.toFixed(0)} ms (interval 50 ms); pause answered in ` +
      `${pauseLatency.toFixed(0)} ms`);
    assert.ok(progress.length <= elapsed / 50 + 4, 'progress is rate-limited');
    assert.ok(pauseLatency < 2000, `pause took ${pauseLatency} ms`);

    const finalModel = lab.loadModel(finished.weights);
    const previews = finalModel.reconstruct(preview);
    assert.ok(maxAbsDiff(previews, epochs.at(-1).previews) < 1e-6, 'the last epoch previews come from the final weights');
    [fromSnapshot, fresh, finalModel].forEach((m) => m.dispose());

    session.send({ type: 'stop' });
    const stopped = await session.next('stopped');
    assert.deepEqual(stopped.weights, finished.weights);
    session.send({ type: 'pause' });
    const idle = await session.next('error');
    assert.equal(idle.recoverable, false);
    assert.match(idle.message, /no training session/);
  } finally {
    await session.close();
  }
});

test('divergence: recoverable error, paused on good weights; lower the rate and resume', async () => {
  const session = new Session();
  try {
    // Adam at learning rate 10 saturates without overflowing; SGD at 10 overflows within a few batches.
    const { message, transfer } = startMessage({
      config: { type: 'vae', hidden: [32], latent: 2 },
      options: { epochs: 2, batchSize: 50, learningRate: 10, optimizer: 'sgd' },
    });
    session.send(message, transfer);
    await session.next('started');
    const diverged = await session.next('error');
    console.log(`divergence: ${diverged.message}`);
    assert.equal(diverged.recoverable, true);
    assert.match(diverged.message, /diverged/);
    assert.match(diverged.message, /paused with the weights from the start/);

    session.send({ type: 'snapshot' });
    const restored = lab.loadModel((await session.next('snapshot')).weights);
    assert.ok(Number.isFinite(restored.evaluate(held.images).total), 'the restored weights are usable');
    restored.dispose();

    session.send({ type: 'setLearningRate', value: 1e-3 });
    session.send({ type: 'resume' });
    await session.next('resumed');
    const finished = await session.next((m) => m.type === 'finished' || m.type === 'error');
    assert.equal(finished.type, 'finished', `after lowering the rate: ${finished.message}`);
    const after = session.since('progress', 0).filter((m) => m.learningRate < 1);
    assert.ok(after.length > 0 && after.every((m) => Number.isFinite(m.loss.total)));
    const epochs = session.since('epoch', 0);
    assert.deepEqual(epochs.map((m) => m.epoch), [0, 1]);
    console.log(`after recovery: epoch losses ${epochs.map((m) => m.train.total.toFixed(1)).join(' -> ')}`);
  } finally {
    await session.close();
  }
});

test('bad starts are unrecoverable errors that leave the worker ready for a good start', async () => {
  const session = new Session();
  try {
    session.send({ type: 'start', model: { config: { type: 'vae', latent: 0 } }, train: { images: new Float32Array(784) },
      options: {} });
    const badConfig = await session.next('error');
    assert.equal(badConfig.recoverable, false);
    assert.match(badConfig.message, /"latent" must be in \[1, 512\], got 0/);

    session.send({ type: 'start', model: { config: { type: 'ae', hidden: [8], latent: 2 } },
      train: { images: new Float32Array(700) }, options: {} });
    assert.match((await session.next('error')).message, /training images has 700 values/);

    session.send({ type: 'start', model: { config: { type: 'ae', hidden: [8], latent: 2 } },
      train: { images: new Float32Array(784) }, options: { learningRate: -1 } });
    assert.match((await session.next('error')).message, /learning rate must be in \[1e-05, 10\], got -1/);

    const cvae = startMessage({ config: { type: 'cvae', hidden: [8], latent: 2 }, options: { epochs: 1 },
      extra: { preview: held.images.slice(0, 784) } });
    session.send(cvae.message, cvae.transfer);
    assert.match((await session.next('error')).message, /preview: a conditional model needs one label per image/);

    session.send({ type: 'start', model: { weights: new Uint8Array(10) }, train: { images: new Float32Array(784) }, options: {} });
    assert.match((await session.next('error')).message, /safetensors/);

    session.send({ type: 'launch' });
    const unknown = await session.next('error');
    assert.match(unknown.message, /unknown message type "launch"/);
    assert.equal(unknown.recoverable, false);

    const good = startMessage({ config: { type: 'ae', hidden: [8], latent: 2 }, options: { epochs: 1, batchSize: 100 } });
    session.send(good.message, good.transfer);
    await session.next('started');
    const finished = await session.next('finished');
    assert.ok(finished.weights instanceof Uint8Array && finished.weights.length > 0);

    session.send({ type: 'step' });
    const late = await session.next('error');
    assert.equal(late.recoverable, true, 'the worker still holds the finished model');
    assert.match(late.message, /training has finished/);
  } finally {
    await session.close();
  }
});

test('restart from saved weights; a new start replaces a running session', async () => {
  const session = new Session();
  try {
    const model = lab.createModel({ type: 'ae', arch: 'conv', channels: [4, 8], latent: 4 }, { seed: 9 });
    const weights = model.save();
    const first = startMessage({ config: null, options: { epochs: 50, batchSize: 20 }, count: 400 });
    first.message.model = { weights: weights.slice() };
    session.send(first.message, first.transfer);
    const hello = await session.next('started');
    assert.deepEqual(hello.config, model.config);
    session.send({ type: 'step' });
    const running = await session.next('error');
    assert.match(running.message, /training is running; pause it first/);
    assert.equal(running.recoverable, true);

    const second = startMessage({ config: { type: 'ae', hidden: [8], latent: 2 }, options: { epochs: 1, batchSize: 100 } });
    session.send(second.message, second.transfer);
    const again = await session.next('started');
    assert.equal(again.config.arch, 'dense');
    await session.next('finished');
    const afterFinish = session.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(session.since('progress', afterFinish).length, 0, 'the replaced session no longer trains');
    model.dispose();
  } finally {
    await session.close();
  }
});
