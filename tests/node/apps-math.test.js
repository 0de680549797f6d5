// The pure functions of the applications views (web/ui/apps/anomaly-math.js,
// reduce-data.js) against hand-counted cases and against the C++ ROC curve.
import assert from 'node:assert/strict';
import test from 'node:test';

import {
  confusion, extremes, fractionBelow, histogram, invert, logEdges, noiseImages, pixelCrossEntropy, quantile,
  reconstructionErrors, rotateQuarter,
} from '../../web/ui/apps/anomaly-math.js';
import { firstTwo, squaredErrors } from '../../web/ui/apps/reduce-data.js';
import { labPromise } from './helpers.js';

test('a quarter turn moves the top-left corner to the top-right; four turns are the identity', () => {
  const image = new Float32Array(784);
  image[0] = 1; // row 0, column 0
  image[1] = 0.5; // row 0, column 1
  const turned = rotateQuarter(image);
  assert.equal(turned[27], 1); // row 0, column 27
  assert.equal(turned[1 * 28 + 27], 0.5); // row 1, column 27
  const random = noiseImages(2, 3);
  assert.deepEqual(rotateQuarter(rotateQuarter(rotateQuarter(rotateQuarter(random)))), random);
  assert.deepEqual(invert(Float32Array.of(0, 0.25, 1)), Float32Array.of(1, 0.75, 0));
});

test('noise images are reproducible from their seed and uniform in [0, 1)', () => {
  const a = noiseImages(10, 7), b = noiseImages(10, 7), c = noiseImages(10, 8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.every((v) => v >= 0 && v < 1));
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
});

test('per-pixel cross-entropy: the formula, finite at 0 and 1, and its row sums', () => {
  const map = pixelCrossEntropy(Float32Array.of(1, 0, 0.5, 1, 0), Float32Array.of(0.5, 0.5, 0.5, 1, 0));
  assert.ok(Math.abs(map[0] - Math.log(2)) < 1e-6 && Math.abs(map[1] - Math.log(2)) < 1e-6 && Math.abs(map[2] - Math.log(2)) < 1e-6);
  assert.ok(map[3] < 1e-6 && map[4] < 1e-6);
  const wrong = pixelCrossEntropy(Float32Array.of(1, 0), Float32Array.of(0, 1));
  assert.ok(wrong.every((v) => Number.isFinite(v) && v > 16));
  const images = new Float32Array(2 * 784).fill(1), rebuilt = new Float32Array(2 * 784).fill(0.5);
  const sums = reconstructionErrors(images, rebuilt);
  assert.ok(Math.abs(sums[1] - 784 * Math.log(2)) < 1e-3);
});

test('confusion counts match the C++ ROC curve at each of its thresholds', async () => {
  const lab = await labPromise;
  const normal = Float32Array.from({ length: 200 }, (_, i) => Math.round(10 * Math.sin(i) + 20));
  const anomalous = Float32Array.from({ length: 150 }, (_, i) => Math.round(10 * Math.cos(i) + 27));
  const roc = lab.roc(normal, anomalous);
  for (let i = 1; i < roc.thresholds.length; i += 3) {
    const c = confusion(normal, anomalous, roc.thresholds[i]);
    assert.equal(c.fpr, roc.falsePositiveRate[i]);
    assert.equal(c.tpr, roc.truePositiveRate[i]);
    assert.equal(c.tp + c.fn, 150);
    assert.equal(c.fp + c.tn, 200);
  }
});

test('histogram fractions, log edges, extremes, quantiles', () => {
  const edges = logEdges(1, 100, 2);
  assert.ok(Math.abs(edges[1] - 10) < 1e-9 && Math.abs(edges[2] - 100) < 1e-9);
  // 0.5 falls below the first edge and 1000 above the last: they count in the end bins.
  assert.deepEqual(histogram([0.5, 2, 11, 50, 1000], edges), [0.4, 0.6]);
  assert.deepEqual(extremes(Float32Array.of(3, 9, 1, 9, 5), 2), { most: [1, 3], least: [2, 0] });
  assert.equal(fractionBelow([1, 2, 3, 4], 3), 0.5);
  assert.equal(quantile([5, 1, 4, 2, 3], 0.95), 5);
  assert.equal(quantile([5, 1, 4, 2, 3], 0.4), 2);
});

test('squared errors per row and the first two code columns', () => {
  const a = new Float32Array(2 * 784), b = new Float32Array(2 * 784);
  a[3] = 1;
  b[784 + 5] = 2;
  assert.deepEqual(Array.from(squaredErrors(a, b)), [1, 4]);
  assert.deepEqual(Array.from(firstTwo(Float32Array.of(1, 2, 3, 4, 5, 6), 3)), [1, 2, 4, 5]);
});
