// The -pthread build (web/wasm/threads-cjs) against the single-threaded one:
// the same training run gives the same weights (bit for bit for dense models,
// whose products split by rows; within float rounding for conv models, whose
// weight gradients are summed per chunk of images), errors still arrive as
// Errors, the heap stays flat, and the training worker trains on it when asked.
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import test from 'node:test';
import { Worker } from 'node:worker_threads';

import { loadLatentLab } from '../../web/latentlab.js';
import { labPromise, loadMnist, subset, workerUrl } from './helpers.js';

const single = await labPromise;
const skip = cpus().length < 2 ? `this machine has ${cpus().length} logical core; 2 threads need 2` : false;
const threaded = skip ? null : await loadLatentLab({ threads: 2 });
const train = subset(await loadMnist('train'), 1024);

// Weights after `steps` Adam steps from the same seeds, and every batch loss.
function trainRun(lab, config, steps) {
  return lab.scope((scope) => {
    const model = scope.track(lab.createModel(config, { seed: 5 }));
    const trainer = scope.track(lab.createTrainer(model, { images: train.images },
      { epochs: 10, batchSize: 128, learningRate: 1e-3, seed: 6 }));
    const losses = [];
    for (let i = 0; i < steps; ++i) losses.push(trainer.step().loss.total);
    return { weights: model.save(), losses };
  });
}

function largestRelativeDifference(a, b) {
  assert.equal(a.length, b.length);
  const x = new Float32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  const y = new Float32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  let worst = 0;
  for (let i = 0; i < x.length; ++i) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
  return worst;
}

test('loadLatentLab rejects a thread count that is not a positive integer, naming it', async () => {
  await assert.rejects(loadLatentLab({ threads: 0 }), { name: 'LatentLabError', code: 'invalid_argument', message: /got 0/ });
  await assert.rejects(loadLatentLab({ threads: 1.5 }), { name: 'LatentLabError', code: 'invalid_argument', message: /got 1\.5/ });
  await assert.rejects(loadLatentLab({ threads: 'many' }), { name: 'LatentLabError', code: 'invalid_argument', message: /'auto' or an integer/ });
  assert.equal(single.threads, 1, "'auto' stays single-threaded in Node");
});

test('a dense VAE (V1) trains bit for bit as on one thread', { skip }, () => {
  assert.equal(threaded.threads, 2);
  const config = { type: 'vae', hidden: [400], latent: 20 };
  const alone = trainRun(single, config, 16);
  const shared = trainRun(threaded, config, 16);
  assert.deepEqual(shared.losses, alone.losses);
  assert.ok(Buffer.from(shared.weights).equals(Buffer.from(alone.weights)), 'weights differ');
});

test('a conv AE (C1) trains as on one thread, within float rounding', { skip }, () => {
  const config = { type: 'ae', arch: 'conv', channels: [16, 32], latent: 16 };
  const alone = trainRun(single, config, 16);
  const shared = trainRun(threaded, config, 16);
  const difference = largestRelativeDifference(shared.weights, alone.weights);
  console.log(`conv AE, 16 steps: largest relative weight difference, 2 threads vs 1: ${difference.toExponential(2)}`);
  assert.ok(difference < 1e-4, `weights differ by up to ${difference}`);
  for (let i = 0; i < alone.losses.length; ++i)
    assert.ok(Math.abs(shared.losses[i] - alone.losses[i]) <= 1e-4 * alone.losses[i], `step ${i} loss differs`);
});

test('errors from the threads build arrive as Errors and the heap stays flat', { skip }, () => {
  const model = threaded.createModel({ type: 'vae', hidden: [64], latent: 4 });
  assert.throws(() => model.encode(new Float32Array(783)), /encode: images has 783 values/);
  model.dispose();
  const cycle = () => trainRun(threaded, { type: 'ae', arch: 'conv', channels: [8, 16], latent: 8 }, 3);
  cycle();
  const before = threaded.heapBytesInUse();
  for (let i = 0; i < 20; ++i) cycle();
  assert.equal(threaded.heapBytesInUse(), before, 'the heap grew over 20 create/train/save/dispose cycles');
});

test('the training worker trains on the threads its creator asks for', { skip }, async () => {
  const worker = new Worker(workerUrl, { workerData: { threads: 2 } });
  try {
    const messages = [];
    const finished = new Promise((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message) => {
        messages.push(message);
        if (message.type === 'finished') resolve(message);
        if (message.type === 'error') reject(new Error(message.message));
      });
    });
    const images = train.images.slice(0, 256 * 784);
    worker.postMessage({ type: 'start', model: { config: { type: 'vae', hidden: [64], latent: 2 } },
      train: { images }, options: { epochs: 2, batchSize: 64 } }, [images.buffer]);
    await finished;
    const started = messages.find((m) => m.type === 'started');
    assert.equal(started.threads, 2);
  } finally {
    await worker.terminate();
  }
});
