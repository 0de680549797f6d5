// Inside a model through the real WASM build (web/client/inside.js): every
// layer's output against a forward pass written here in plain JS from the
// saved weights, the last against reconstruct(), the architecture's shapes and
// parameter counts against the model's (several kinds and widths, and the
// shipped ae_conv), a conv channel's filters against its saved weights, and the
// trainer's batch preview.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { LatentLabError } from '../../web/latentlab.js';
import { labPromise, loadMnist, maxAbsDiff, readSafetensorsF32, repo, subset } from './helpers.js';

const lab = await labPromise;
const digits = subset(await loadMnist('test'), 3);
const prod = (shape) => shape.reduce((a, b) => a * b, 1);

// y = W x + b for each row (W [out, in], PyTorch's Linear layout).
function dense(x, rows, { shape: [out, inWidth], values: w }, { values: b }) {
  const y = new Float32Array(rows * out);
  for (let r = 0; r < rows; ++r)
    for (let o = 0; o < out; ++o) {
      let sum = b[o];
      for (let i = 0; i < inWidth; ++i) sum += w[o * inWidth + i] * x[r * inWidth + i];
      y[r * out + o] = sum;
    }
  return y;
}
const relu = (x) => x.map((v) => Math.max(0, v));

// Conv2d, 3×3, stride 2, padding 1, one image: weight [Cout, Cin, 3, 3].
function conv(x, [cin, h, w], { shape: [cout], values: k }, { values: b }) {
  const ho = Math.floor((h + 2 - 3) / 2) + 1, wo = Math.floor((w + 2 - 3) / 2) + 1;
  const y = new Float32Array(cout * ho * wo);
  for (let o = 0; o < cout; ++o)
    for (let r = 0; r < ho; ++r)
      for (let c = 0; c < wo; ++c) {
        let sum = b[o];
        for (let i = 0; i < cin; ++i)
          for (let dr = 0; dr < 3; ++dr)
            for (let dc = 0; dc < 3; ++dc) {
              const rr = r * 2 - 1 + dr, cc = c * 2 - 1 + dc;
              if (rr >= 0 && rr < h && cc >= 0 && cc < w) sum += k[((o * cin + i) * 3 + dr) * 3 + dc] * x[(i * h + rr) * w + cc];
            }
        y[(o * ho + r) * wo + c] = sum;
      }
  return y;
}

test('a dense AE: every layer equals a forward pass in JS from its saved weights, the last equals reconstruct()', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.createModel({ type: 'ae', hidden: [24], latent: 5 }, { seed: 3 }));
    const { tensors: p } = readSafetensorsF32(model.save());
    const acts = model.activations(digits.images);
    assert.deepEqual(acts.map((a) => `${a.name}:${a.kind}`), ['input:Input', 'encoder.0:Dense', 'encoder.1:ReLU',
      'encoder.2:Dense', 'decoder.0:Dense', 'decoder.1:ReLU', 'decoder.2:Dense', 'output:Sigmoid']);
    const h = dense(digits.images, 3, p['encoder.0.weight'], p['encoder.0.bias']);
    const code = dense(relu(h), 3, p['encoder.2.weight'], p['encoder.2.bias']);
    const g = dense(code, 3, p['decoder.0.weight'], p['decoder.0.bias']);
    const logits = dense(relu(g), 3, p['decoder.2.weight'], p['decoder.2.bias']);
    const expected = [digits.images, h, relu(h), code, g, relu(g), logits, logits.map((v) => 1 / (1 + Math.exp(-v)))];
    acts.forEach((a, i) => {
      assert.ok(maxAbsDiff(a.values, expected[i]) < 1e-4, `${a.name}: differs by ${maxAbsDiff(a.values, expected[i])}`);
    });
    assert.ok(acts[3].code);
    assert.deepEqual(acts.at(-1).values, model.reconstruct(digits.images));
    assert.deepEqual(acts[3].values, model.encode(digits.images));
  });
});

test('a conv AE: the first conv layer equals a 3×3 stride-2 convolution in JS; shapes and parameters add up', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.createModel({ type: 'ae', arch: 'conv', channels: [4, 6], latent: 3 }, { seed: 2 }));
    const { tensors: p } = readSafetensorsF32(model.save());
    const acts = model.activations(digits.images.subarray(0, 784));
    const first = acts.find((a) => a.kind === 'Conv2d');
    assert.equal(first.name, 'encoder.1');
    assert.deepEqual(first.shape, [1, 4, 14, 14]);
    const expected = conv(digits.images.subarray(0, 784), [1, 28, 28], p['encoder.1.weight'], p['encoder.1.bias']);
    assert.ok(maxAbsDiff(first.values, expected) < 1e-4);
    const filters = model.filters('encoder.3', 5);  // second conv: weight [6, 4, 3, 3], channel 5 = weight[5]
    assert.deepEqual(filters.shape, [4, 3, 3]);
    assert.deepEqual(filters.weights, p['encoder.3.weight'].values.slice(5 * 36, 6 * 36));
    assert.equal(filters.bias, p['encoder.3.bias'].values[5]);
  });
});

const kinds = {
  'dense AE': { type: 'ae', hidden: [32, 8], latent: 2 },
  'conv AE, narrow': { type: 'ae', arch: 'conv', channels: [2, 3], latent: 2 },
  'conv AE, three levels on 16×16': { type: 'ae', arch: 'conv', image: [1, 16, 16], channels: [4, 8, 12], latent: 6 },
  'dense VAE': { type: 'vae', hidden: [20], latent: 3 },
  'conv VAE': { type: 'vae', arch: 'conv', channels: [3, 5], latent: 4 },
  'conditional VAE': { type: 'cvae', hidden: [16], latent: 2 },
};
for (const [name, config] of Object.entries(kinds)) {
  test(`${name}: architecture() has the shapes of activations(), the model's parameter count, and the output is reconstruct()`, () => {
    lab.scope((scope) => {
      const model = scope.track(lab.createModel(config, { seed: 1 }));
      const images = new Float32Array(2 * model.imageSize).map((_, i) => (i % 7) / 7);
      const labels = model.isConditional ? [3, 8] : undefined;
      const layers = model.architecture();
      const acts = model.activations(images, labels);
      assert.equal(acts.length, layers.length);
      layers.forEach((layer, i) => {
        assert.deepEqual(acts[i].shape, [2, ...layer.shape], layer.name);
        assert.equal(acts[i].values.length, 2 * prod(layer.shape));
      });
      assert.equal(layers.reduce((sum, l) => sum + l.parameters, 0), model.parameterCount);
      const [c, h, w] = model.config.image;
      assert.deepEqual(layers[0].shape, [c, h, w]);
      assert.deepEqual(layers.at(-1).shape, [c, h, w]);
      const code = layers.filter((l) => l.code);
      assert.equal(code.length, 1);
      assert.deepEqual(code[0].shape, [model.latentSize]);
      if (model.isVariational) {
        assert.deepEqual(layers.filter((l) => l.part === 'heads').map((l) => l.kind), ['Dense', 'Dense', 'Sample']);
        const { mu } = model.encodeDistribution(images, labels);
        assert.deepEqual(acts.find((a) => a.name === 'fc_mu').values, mu);
        assert.deepEqual(acts.find((a) => a.code).values, mu);
      }
      assert.deepEqual(acts.at(-1).values, model.reconstruct(images, labels));
    });
  });
}

test('the shipped ae_conv describes itself as 1×28×28 → 16×14×14 → 32×7×7 → 32 → … → 1×28×28', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.loadModel(readFileSync(new URL('web/models/ae_conv.safetensors', repo))));
    const blocks = model.architecture().filter((l) => l.parameters > 0 || l.kind === 'Input' || l.kind === 'Sigmoid');
    assert.deepEqual(blocks.map((l) => l.shape.join('×')),
      ['1×28×28', '16×14×14', '32×7×7', '32', '1568', '16×14×14', '1×28×28', '1×28×28']);
    assert.deepEqual(blocks.map((l) => l.kernel), [0, 3, 3, 0, 0, 3, 3, 0]);
    assert.deepEqual(blocks.map((l) => l.stride), [0, 2, 2, 0, 0, 2, 2, 0]);
    const card = JSON.parse(readFileSync(new URL('web/models/ae_conv.json', repo), 'utf8'));
    assert.equal(blocks.reduce((sum, l) => sum + l.parameters, 0), card.parameters);
  });
});

test('bad input to activations() and filters() throws a LatentLabError with a code', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.createModel({ type: 'ae', arch: 'conv', channels: [2, 3], latent: 2 }));
    assert.throws(() => model.activations(new Float32Array(100)), (e) => e instanceof LatentLabError && e.code === 'shape_mismatch');
    assert.throws(() => model.filters('encoder.2', 0), (e) => e.code === 'invalid_argument' && /ReLU, not a convolution/.test(e.message));
    assert.throws(() => model.filters('encoder.1', 2), (e) => e.code === 'invalid_argument');
    assert.throws(() => model.filters('encoder.1', 0.5), (e) => e.code === 'invalid_argument');
  });
});

test('a denoising trainer previews its batch: noisy input, clean target, the output before the update', () => {
  lab.scope((scope) => {
    const config = { type: 'ae', hidden: [32], latent: 4, denoise: { kind: 'gaussian', level: 0.5 } };
    const model = scope.track(lab.createModel(config, { seed: 5 }));
    const twin = scope.track(lab.createModel(config, { seed: 5 }));
    const train = subset(digits, 3, 1);
    const trainer = scope.track(lab.createTrainer(model, train, { batchSize: 3, epochs: 3, seed: 4 }));
    assert.equal(trainer.preview(), null);
    assert.throws(() => trainer.requestPreview(17), (e) => e.code === 'invalid_argument');
    trainer.requestPreview(2);
    trainer.step();
    const p = trainer.preview();
    assert.equal(p.step, 1);
    assert.equal(p.count, 2);
    for (const key of ['input', 'target', 'output']) assert.equal(p[key].length, 2 * 784);
    for (let row = 0; row < 2; ++row) {
      const target = p.target.subarray(row * 784, (row + 1) * 784);
      assert.ok([0, 1, 2].some((i) => maxAbsDiff(target, train.images.subarray(i * 784, (i + 1) * 784)) === 0));
    }
    assert.ok(maxAbsDiff(p.input, p.target) > 0.2, 'a denoising model is fed a corrupted copy');
    assert.deepEqual(p.output, twin.reconstruct(p.input));
    trainer.step();
    assert.equal(trainer.preview().step, 1, 'an unrequested step keeps the previous preview');
  });
});

test('repeated inspection calls do not grow the WASM heap', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.createModel({ type: 'vae', arch: 'conv', channels: [4, 8], latent: 3 }));
    const image = digits.images.subarray(0, 784);
    const round = () => {
      model.activations(image);
      model.architecture();
      model.filters('encoder.3', 1);
    };
    for (let i = 0; i < 5; ++i) round();  // buffers reach their steady size
    const before = lab.heapBytesInUse();
    for (let i = 0; i < 200; ++i) round();
    const grown = lab.heapBytesInUse() - before;
    assert.ok(grown < 16384, `the heap grew by ${grown} bytes over 200 rounds`);
  });
});
