// The training worker's batch preview (StartMessage.batchPreview): 'batch'
// messages at a bounded rate, each holding a few images of one batch as the
// loss saw them (a denoising model's input is its corrupted target).
import assert from 'node:assert/strict';
import test from 'node:test';
import { Worker } from 'node:worker_threads';

import { loadMnist, maxAbsDiff, subset, workerUrl } from './helpers.js';

const train = subset(await loadMnist('train'), 1500);

function run(config, batchPreview) {
  const worker = new Worker(workerUrl);
  const batches = [];
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (message) => {
      if (message.type === 'batch') batches.push({ at: performance.now(), ...message });
      if (message.type === 'error') reject(new Error(message.message));
      if (message.type === 'finished') worker.terminate().then(() => resolve(batches));
    });
    worker.postMessage({ type: 'start', model: { config, seed: 1 }, train: { images: train.images.slice() },
      options: { epochs: 2, batchSize: 32, seed: 3 }, batchPreview });
  });
}

test('a denoising run posts batch previews no faster than asked: noisy inputs, clean training images as targets', async () => {
  const batches = await run({ type: 'ae', arch: 'conv', channels: [4, 8], latent: 8, denoise: { kind: 'gaussian', level: 0.5 } },
    { count: 3, intervalMs: 300 });
  assert.ok(batches.length >= 2, `only ${batches.length} batch messages`);
  for (let i = 1; i < batches.length; ++i) {
    assert.ok(batches[i].step > batches[i - 1].step);
    assert.ok(batches[i].at - batches[i - 1].at >= 280, `two previews ${batches[i].at - batches[i - 1].at} ms apart`);
  }
  for (const b of batches) {
    assert.equal(b.count, 3);
    for (const key of ['input', 'target', 'output']) assert.equal(b[key].length, 3 * 784);
    const target = b.target.subarray(0, 784);
    let found = false;
    for (let i = 0; i < 1500 && !found; ++i) found = maxAbsDiff(target, train.images.subarray(i * 784, (i + 1) * 784)) === 0;
    assert.ok(found, 'the target is a training image');
    assert.ok(maxAbsDiff(b.input, b.target) > 0.2, 'the input is a corrupted copy');
  }
});

test('a plain run is asked to reproduce its input: the target is the input itself', async () => {
  const batches = await run({ type: 'ae', hidden: [32], latent: 4 }, { count: 2, intervalMs: 250 });
  assert.ok(batches.length >= 1);
  for (const b of batches) assert.deepEqual(b.input, b.target);
});
