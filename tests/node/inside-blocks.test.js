// The Inside view's pure helpers (web/ui/inside/blocks.js): blocks and columns
// from real models' architecture(), and the numbers the view shows.
import assert from 'node:assert/strict';
import test from 'node:test';

import { architectureBlocks, diagramColumns, diverging, largestMagnitude, shapeText, squaredError } from '../../web/ui/inside/blocks.js';
import { labPromise } from './helpers.js';

const lab = await labPromise;

test('a conv AE: one block per conv / dense layer, with its activation, the code marked, maps after the ReLU', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.createModel({ type: 'ae', arch: 'conv', channels: [16, 32], latent: 32 }));
    const layers = model.architecture();
    const blocks = architectureBlocks(layers);
    assert.deepEqual(blocks.map((b) => `${b.kind} ${shapeText(b.shape)}${b.reshape ? ` → ${shapeText(b.reshape)}` : ''}`),
      ['Input 1×28×28', 'Conv2d 16×14×14', 'Conv2d 32×7×7 → 1568', 'Dense 32', 'Dense 1568 → 32×7×7',
        'ConvTranspose2d 16×14×14', 'ConvTranspose2d 1×28×28 → 784', 'Sigmoid 1×28×28']);
    assert.deepEqual(blocks.map((b) => b.activation), [null, 'ReLU', 'ReLU', null, 'ReLU', 'ReLU', null, null]);
    assert.deepEqual(blocks.filter((b) => b.code).map((b) => b.name), ['encoder.6']);
    // Every layer in exactly one block; the maps shown are 3-D where the block has a 3-D output.
    assert.deepEqual(blocks.flatMap((b) => b.layers), layers.map((_, i) => i));
    assert.deepEqual(blocks.map((b) => layers[b.display].kind), ['Reshape', 'ReLU', 'ReLU', 'Dense', 'Reshape', 'ReLU',
      'ConvTranspose2d', 'Sigmoid']);
    assert.equal(blocks.reduce((sum, b) => sum + b.parameters, 0), model.parameterCount);
    assert.equal(diagramColumns(blocks).length, blocks.length);
  });
});

test('a VAE: μ and log σ² side by side in one column, then the sampling step as the code', () => {
  lab.scope((scope) => {
    const model = scope.track(lab.createModel({ type: 'vae', hidden: [64], latent: 6 }));
    const columns = diagramColumns(architectureBlocks(model.architecture()));
    assert.deepEqual(columns.map((c) => c.map((b) => b.name).join('+')),
      ['input', 'encoder.0', 'fc_mu+fc_logvar', 'z', 'decoder.0', 'decoder.2', 'output']);
    assert.ok(columns[3][0].code);
  });
});

test('the numbers: squared error, magnitude, colours', () => {
  assert.equal(squaredError([0, 1, 0.5], [1, 1, 0]), 1.25);
  assert.throws(() => squaredError([1], [1, 2]));
  assert.equal(largestMagnitude(Float32Array.of(0.5, -2, 1)), 2);
  assert.equal(largestMagnitude([0, 0]), 1e-6);
  assert.deepEqual(diverging(0), [255, 255, 255]);
  assert.deepEqual(diverging(1), [214, 39, 40]);
  assert.deepEqual(diverging(-5), [31, 119, 180]);
});
