// Memory discipline: 1,000 create / train / save / load / dispose cycles leave
// the WASM heap (bytes malloc holds) where it was after the first few cycles.
import assert from 'node:assert/strict';
import test from 'node:test';

import { labPromise, loadMnist, subset } from './helpers.js';

const CYCLES = 1000;
const WARM_UP = 10;
const MARGIN_BYTES = 16 * 1024;

test(`${CYCLES} create/train/save/load/dispose cycles keep the heap flat`, async () => {
  const lab = await labPromise;
  const { images, labels } = subset(await loadMnist('train'), 64);
  const configs = [
    { type: 'vae', hidden: [16], latent: 2 },
    { type: 'cvae', hidden: [8], latent: 2 },
    { type: 'ae', arch: 'conv', channels: [2, 4], latent: 2, denoise: { kind: 'masking', level: 0.3 } },
  ];
  const cycle = (i) => {
    const config = configs[i % configs.length];
    const conditional = config.type === 'cvae';
    lab.scope((scope) => {
      const model = scope.track(lab.createModel(config, { seed: i }));
      const trainer = scope.track(lab.createTrainer(model, { images, labels: conditional ? labels : undefined },
        { epochs: 1, batchSize: 32, seed: i }));
      trainer.step();
      trainer.step();
      const copy = scope.track(lab.loadModel(model.save({ float16: i % 2 === 1 })));
      copy.reconstruct(images.subarray(0, 784 * 2), conditional ? labels.subarray(0, 2) : undefined);
      if (copy.isVariational) copy.sample(2, { labels: conditional ? [1, 2] : undefined });
      copy.loadWeights(model.save());
    });
  };

  const start = lab.heapBytesInUse();
  for (let i = 0; i < WARM_UP; ++i) cycle(i);
  const warmed = lab.heapBytesInUse();
  const began = performance.now();
  for (let i = WARM_UP; i < CYCLES; ++i) cycle(i);
  const seconds = (performance.now() - began) / 1000;
  const end = lab.heapBytesInUse();
  console.log(`WASM heap in use: ${start} bytes at start, ${warmed} after ${WARM_UP} cycles, ${end} after ${CYCLES} ` +
    `(growth ${end - warmed} bytes over ${CYCLES - WARM_UP} cycles; ${seconds.toFixed(1)} s)`);
  assert.ok(end - warmed <= MARGIN_BYTES, `the heap grew by ${end - warmed} bytes`);
});

test('the leak check can see a leak', async () => {
  const lab = await labPromise;
  const before = lab.heapBytesInUse();
  const forgotten = Array.from({ length: 20 }, () => lab.createModel({ type: 'ae', hidden: [8], latent: 2 }));
  const grown = lab.heapBytesInUse() - before;
  console.log(`20 undisposed models hold ${grown} bytes`);
  assert.ok(grown > MARGIN_BYTES, 'undisposed models must show up in heapBytesInUse');
  forgotten.forEach((model) => model.dispose());
  assert.ok(lab.heapBytesInUse() - before <= 1024, 'and disposing them gives the memory back');
});
