// Every model kind through the real WASM build: trains on the bundled MNIST
// (loss falls), answers every query with the right shapes, and survives a
// save → load round trip (float32 bit for bit, float16 within rounding).
import assert from 'node:assert/strict';
import test from 'node:test';

import { labPromise, loadMnist, maxAbsDiff, subset } from './helpers.js';

const lab = await labPromise;
const train = subset(await loadMnist('train'), 2000);
const probe = subset(await loadMnist('test'), 500);

const kinds = {
  'dense AE': { type: 'ae', hidden: [64], latent: 8 },
  'conv AE': { type: 'ae', arch: 'conv', channels: [8, 16], latent: 8 },
  'denoising AE': { type: 'ae', hidden: [64], latent: 8, denoise: { kind: 'gaussian', level: 0.4 } },
  'dense VAE': { type: 'vae', hidden: [64], latent: 4 },
  'conv VAE': { type: 'vae', arch: 'conv', channels: [8, 16], latent: 4 },
  'conditional VAE': { type: 'cvae', hidden: [64], latent: 2 },
};
const STEPS = 200;

for (const [name, config] of Object.entries(kinds)) {
  test(`${name}: ${STEPS} steps lower the loss; queries have the right shapes; save/load round-trips`, () => {
    lab.scope((scope) => {
      const model = scope.track(lab.createModel(config, { seed: 1 }));
      const labels = model.isConditional ? probe.labels : undefined;
      const before = model.evaluate(probe.images, { labels });
      const trainer = scope.track(lab.createTrainer(model, { images: train.images, labels: model.isConditional ? train.labels : undefined },
        { epochs: 4, batchSize: 32, learningRate: 2e-3, seed: 2 }));
      const batchLosses = [];
      for (let i = 0; i < STEPS; ++i) batchLosses.push(trainer.step().loss.total);
      const after = model.evaluate(probe.images, { labels });
      const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const firstBatches = mean(batchLosses.slice(0, 10)), lastBatches = mean(batchLosses.slice(-10));
      console.log(`${name}: held-out loss ${before.total.toFixed(1)} -> ${after.total.toFixed(1)}, ` +
        `batch loss ${firstBatches.toFixed(1)} -> ${lastBatches.toFixed(1)}`);
      assert.ok(after.total < 0.7 * before.total, `held-out loss fell only from ${before.total} to ${after.total}`);
      assert.ok(lastBatches < 0.7 * firstBatches, `batch loss fell only from ${firstBatches} to ${lastBatches}`);
      assert.equal(after.elbo, -(after.reconstruction + after.kl));
      assert.equal(after.klPerDim.length, model.isVariational ? model.latentSize : 0);

      const n = 5, images = probe.images.subarray(0, n * 784), few = labels?.subarray(0, n);
      const codes = model.encode(images, few);
      assert.equal(codes.length, n * model.latentSize);
      assert.equal(model.decode(codes, few).length, n * 784);
      const reconstruction = model.reconstruct(images, few);
      assert.deepEqual(reconstruction, model.decode(codes, few), 'reconstruct is decode(encode(x))');
      assert.ok(reconstruction.every((p) => p >= 0 && p <= 1), 'pixels are probabilities');
      assert.equal(model.sample(3, { seed: 4, labels: few?.subarray(0, 3) }).length, 3 * 784);
      assert.equal(model.anomalyScores(images, { labels: few }).length, n);
      const path = model.interpolate(codes.subarray(0, model.latentSize), codes.subarray(model.latentSize, 2 * model.latentSize), 6,
        { labels: model.isConditional ? new Int32Array(6).fill(3) : undefined });
      assert.equal(path.codes.length, 6 * model.latentSize);
      assert.equal(path.images.length, 6 * 784);
      if (model.isVariational) {
        const { mu, logvar } = model.encodeDistribution(images, few);
        assert.deepEqual(mu, codes, 'a VAE encodes to its posterior mean');
        assert.equal(logvar.length, codes.length);
      } else {
        assert.throws(() => model.encodeDistribution(images), /only a VAE/);
      }

      const copy = scope.track(lab.loadModel(model.save()));
      assert.deepEqual(copy.config, model.config);
      const f32 = maxAbsDiff(copy.reconstruct(images, few), reconstruction);
      const half = scope.track(lab.loadModel(model.save({ float16: true })));
      const f16 = maxAbsDiff(half.reconstruct(images, few), reconstruction);
      console.log(`${name}: round trip max |diff| float32 ${f32}, float16 ${f16.toExponential(2)}`);
      assert.equal(f32, 0, 'float32 round trip must be exact');
      assert.ok(f16 < 5e-3, `float16 round trip differs by ${f16}`);
      assert.ok(model.save({ float16: true }).length < 0.6 * model.save().length, 'float16 file is about half the size');
    });
  });
}

test('training is deterministic given the seeds', () => {
  const run = () => lab.scope((scope) => {
    const model = scope.track(lab.createModel(kinds['dense VAE'], { seed: 5 }));
    const trainer = scope.track(lab.createTrainer(model, { images: train.images }, { batchSize: 50, seed: 6 }));
    for (let i = 0; i < 20; ++i) trainer.step();
    return model.reconstruct(probe.images.subarray(0, 784 * 3));
  });
  const a = run(), b = run();
  console.log(`same seeds: max |diff| ${maxAbsDiff(a, b)}`);
  assert.deepEqual(a, b);
});

test('a trainer refuses to run once its model is disposed; dispose is idempotent', () => {
  const model = lab.createModel(kinds['dense AE']);
  const trainer = lab.createTrainer(model, { images: train.images.subarray(0, 784 * 10) }, { epochs: 1 });
  trainer.step();
  model.dispose();
  model.dispose();
  assert.equal(model.disposed, true);
  assert.throws(() => trainer.step(), /its model was disposed/);
  assert.throws(() => model.encode(probe.images.subarray(0, 784)), /Model was disposed/);
  trainer.dispose();
  assert.throws(() => trainer.progress, /was disposed/);
});

test('scope() disposes what it tracked, after a throw too, and after an async body settles', async () => {
  let kept;
  assert.throws(() => lab.scope((scope) => {
    kept = scope.track(lab.createModel(kinds['dense AE']));
    throw new Error('boom');
  }), /boom/);
  assert.equal(kept.disposed, true);
  const pending = lab.scope(async (scope) => {
    kept = scope.track(lab.createModel(kinds['dense AE']));
    await new Promise((resolve) => setTimeout(resolve, 5));
    return kept.encode(probe.images.subarray(0, 784)).length;
  });
  assert.equal(kept.disposed, false, 'still alive while the async body runs');
  assert.equal(await pending, 8);
  assert.equal(kept.disposed, true);
});

test('Symbol.dispose disposes (what `using` calls)', () => {
  const model = lab.createModel(kinds['dense AE']);
  model[Symbol.dispose]();
  assert.equal(model.disposed, true);
});

test('setBeta on a trainer shows in its model config', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.createModel(kinds['dense VAE']));
    const trainer = scope.track(lab.createTrainer(model, { images: train.images.subarray(0, 784 * 10) }, { learningRate: 0.01 }));
    trainer.setBeta(0.25);
    trainer.setLearningRate(0.005);
    assert.equal(model.config.beta, 0.25);
    assert.equal(trainer.step().beta, 0.25);
    assert.equal(Math.fround(trainer.learningRate), Math.fround(0.005));
  });
});
