// web/views/train-options.js: what the Train form accepts, given the engine's limits.
import assert from 'node:assert/strict';
import test from 'node:test';
import { configText, formatDuration, nearestOf, parseLayers, powersOfTwoWithin, presetOf, ratesWithin } from '../../web/views/train-options.js';

const limits = {
  hiddenLayers: { min: 0, max: 3 },
  hiddenWidth: { min: 1, max: 1000 },
  convLayers: { min: 1, max: 2 },
  convChannels: { min: 1, max: 64 },
};

test('parseLayers follows the limits it is given', () => {
  assert.deepEqual(parseLayers('256, 64', 'dense', limits), [256, 64]);
  assert.deepEqual(parseLayers(' 8 16 ', 'conv', limits), [8, 16]);
  assert.deepEqual(parseLayers('', 'dense', limits), [], 'no hidden layer is a linear AE');
  assert.equal(parseLayers('', 'conv', limits), null, 'a conv model needs a layer');
  assert.equal(parseLayers('1000', 'dense', limits)?.[0], 1000);
  assert.equal(parseLayers('1001', 'dense', limits), null, 'wider than the limit');
  assert.equal(parseLayers('4,4,4,4', 'dense', limits), null, 'more layers than the limit');
  assert.equal(parseLayers('abc', 'dense', limits), null);
  assert.equal(parseLayers('2.5', 'dense', limits), null);
  assert.equal(parseLayers('8,16,32', 'conv', limits), null);
  assert.deepEqual(parseLayers('5000', 'dense', { ...limits, hiddenWidth: { min: 1, max: 8192 } }), [5000], 'a wider engine accepts more');
});

test('rates, nearest options and presets', () => {
  assert.deepEqual(ratesWithin({ min: 1e-4, max: 1e-3 }), [1e-4, 2e-4, 5e-4, 1e-3]);
  assert.deepEqual(ratesWithin({ min: 0.3, max: 0.4 }), [0.3], 'a range between the steps still offers its minimum');
  assert.deepEqual(powersOfTwoWithin({ min: 1, max: 20 }), [1, 2, 4, 8, 16]);
  assert.deepEqual(powersOfTwoWithin({ min: 10, max: 64 }), [16, 32, 64]);
  assert.equal(nearestOf([16, 32, 64], 40), 32);
  assert.equal(nearestOf([1e-4, 1e-3, 1e-2], 2.5e-3, Math.log), 1e-3);
  assert.equal(nearestOf([1e-4, 1e-3, 1e-2], 4e-3, Math.log), 1e-2, 'nearer on a log scale');
  assert.equal(presetOf('dense', [256, 64]), 'medium');
  assert.equal(presetOf('conv', [256, 64]), 'custom');
});

test('texts: the config wraps between fields; durations', () => {
  const text = configText({ type: 'vae', hidden: [256, 64], latent: 2 });
  assert.equal(text, '{ "type": "vae", "hidden": [ 256, 64 ], "latent": 2 }');
  assert.deepEqual(JSON.parse(text), { type: 'vae', hidden: [256, 64], latent: 2 });
  assert.equal(formatDuration(42.4), '42 s');
  assert.equal(formatDuration(65), '1 min 05 s');
  assert.equal(formatDuration(NaN), '—');
  assert.equal(formatDuration(-1), '—');
});
