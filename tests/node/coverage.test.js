// Latent coverage and augmentation through the real WASM module: every figure
// the coverage panel shows, checked against its definition computed here by
// brute force, and the train config's augment option.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { LatentLabError } from '../../web/latentlab.js';
import { summarizeCoverage, quantile } from '../../web/ui/coverage/summary.js';
import { holeAlpha } from '../../web/ui/coverage/holes.js';
import { insideShare } from '../../web/ui/coverage/prior.js';
import { labPromise, loadMnist, repo, subset } from './helpers.js';

const distance = (a, i, b, j, width) => {
  let sum = 0;
  for (let k = 0; k < width; ++k) sum += (a[i * width + k] - b[j * width + k]) ** 2;
  return Math.sqrt(sum);
};

function nearest(reference, queries, width, excludeSelf = false) {
  const n = reference.length / width, m = queries.length / width;
  return Array.from({ length: m }, (_, i) => {
    let best = Infinity, index = -1;
    for (let j = 0; j < n; ++j) {
      if (excludeSelf && i === j) continue;
      const d = distance(queries, i, reference, j, width);
      if (d < best) (best = d), (index = j);
    }
    return { d: best, index };
  });
}

function seeded(count, seed) {
  let s = seed;
  return Float32Array.from({ length: count }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 4 - 2);
}

test('distances, threshold and holes grid equal their definitions', async () => {
  const lab = await labPromise;
  const codes = seeded(2 * 300, 7), queries = seeded(2 * 50, 9);
  const got = lab.nearestDistances(codes, queries, 2);
  nearest(codes, queries, 2).forEach(({ d }, i) => assert.ok(Math.abs(got[i] - d) < 1e-5, `query ${i}: ${got[i]} vs ${d}`));
  const loo = nearest(codes, codes, 2, true).map((x) => x.d);
  assert.ok(Math.abs(lab.coverageThreshold(codes, 2) - quantile(loo, 0.95)) < 1e-5);
  assert.ok(Math.abs(lab.coverageThreshold(codes, 2, { quantile: 0.5 }) - quantile(loo, 0.5)) < 1e-5);
  const extent = { xMin: -3, xMax: 3, yMin: -2, yMax: 2 };
  const grid = lab.distanceGrid(codes, extent, 6, 4);
  const centres = Float32Array.from({ length: 48 }, (_, k) => {
    const cell = k >> 1, r = Math.floor(cell / 6), c = cell % 6;
    return k % 2 === 0 ? -3 + c + 0.5 : 2 - r - 0.5;
  });
  nearest(codes, centres, 2).forEach(({ d }, i) => assert.ok(Math.abs(grid[i] - d) < 1e-5, `cell ${i}`));
  assert.throws(() => lab.distanceGrid(codes, { xMin: 1, xMax: 0, yMin: 0, yMax: 1 }, 4, 4),
    (e) => e instanceof LatentLabError && e.code === 'invalid_argument' && /x_min < x_max/.test(e.message));
  assert.throws(() => lab.nearestDistances(codes, queries.subarray(0, 3), 2), /multiple of 2/);
});

test('prior coverage and sample classes of the shipped ae2 equal their definitions', async () => {
  const lab = await labPromise;
  const train = subset(await loadMnist('train'), 1000);
  const model = lab.loadModel(readFileSync(new URL('models/ae2.safetensors', repo)));
  try {
    const result = lab.sampleCoverage(model, train, { count: 200, temperature: 1, seed: 3 });
    const codes = model.encode(train.images);
    assert.deepEqual(Array.from(result.codes), Array.from(codes));
    const nearestCodes = nearest(codes, result.samples, 2);
    nearestCodes.forEach(({ d }, i) => assert.ok(Math.abs(result.distances[i] - d) < 1e-4));
    const far = nearestCodes.filter(({ d }) => d > result.threshold).length / 200;
    assert.ok(Math.abs(result.farShare - far) < 1e-6, `far share ${result.farShare} vs ${far}`);
    const decoded = model.decode(result.samples);
    const labels = nearest(train.images, decoded, 784).map(({ index }) => train.labels[index]);
    assert.deepEqual(Array.from(result.sampleLabels), labels);
    const histogram = Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
    assert.deepEqual(Array.from(result.histogram), histogram);
    // The same seed gives the same samples.
    const again = lab.priorCoverage(codes, 2, { count: 200, temperature: 1, seed: 3 });
    assert.deepEqual(Array.from(again.samples), Array.from(result.samples));

    const summary = summarizeCoverage(result);
    assert.equal(summary.total, 200);
    summary.shares.forEach((s, c) => assert.equal(s, histogram[c] / 200));
    const sampleNorms = Array.from({ length: 200 }, (_, i) => Math.hypot(result.samples[2 * i], result.samples[2 * i + 1]));
    const radius = quantile(sampleNorms, 0.95);
    assert.ok(Math.abs(summary.sampleRadius - radius) < 1e-9);
    const outside = Array.from({ length: 1000 }, (_, i) => Math.hypot(codes[2 * i], codes[2 * i + 1])).filter((r) => r > radius).length;
    assert.equal(summary.codesOutside, outside / 1000);
    assert.deepEqual(summary.rare, histogram.map((n, c) => [n, c]).filter(([n]) => n / 200 < 0.02).map(([, c]) => c));
  } finally {
    model.dispose();
  }
});

test('the panel says only what the figures support', () => {
  const codes = Float32Array.from({ length: 200 }, (_, i) => (i % 2 ? 0 : 10 * (i / 200)));  // norms 0..10
  const samples = Float32Array.from({ length: 200 }, (_, i) => (i % 2 ? 0 : i / 200));  // norms 0..1
  const base = { codes, samples, latent: 2, histogram: [50, 0, 50, 0, 0, 0, 0, 0, 0, 0] };
  const near = summarizeCoverage({ ...base, farShare: 0.05 });
  assert.deepEqual(near.lessons, ['coverage.lessonNear', 'coverage.lessonRare', 'coverage.lessonOutside']);
  assert.deepEqual(near.rare, [1, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(near.absent, [1, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(near.codesOutside > 0.85);
  const all = { ...base, histogram: Array(10).fill(10), samples: codes, farShare: 0.3 };
  assert.deepEqual(summarizeCoverage(all).lessons, ['coverage.lessonFar', 'coverage.lessonAllClasses']);
  const wide = { ...all, latent: 4, codes: codes.subarray(0, 200), samples: codes.subarray(0, 200) };
  assert.deepEqual(summarizeCoverage(wide).lessons, ['coverage.lessonSparse', 'coverage.lessonAllClasses']);
});

test('the drawing helpers: hole shading only beyond the threshold, circle shares of a 2-D Gaussian', () => {
  assert.equal(holeAlpha(0.5, 1), 0);
  assert.equal(holeAlpha(1, 1), 0);
  assert.ok(holeAlpha(2, 1) > 0 && holeAlpha(2, 1) < holeAlpha(4, 1));
  assert.equal(holeAlpha(10, 1), holeAlpha(4, 1));
  assert.ok(Math.abs(insideShare(1) - 0.3935) < 1e-4);
  assert.ok(Math.abs(insideShare(2) - 0.8647) < 1e-4);
});

test('augmentation through JS: identity at 0, seeded, and TrainConfig.augment validated by name', async () => {
  const lab = await labPromise;
  const digits = subset(await loadMnist('test'), 4);
  assert.deepEqual(Array.from(lab.augment(digits.images, { strength: 0, seed: 5 })), Array.from(digits.images));
  const a = lab.augment(digits.images, { strength: 0.8, seed: 5 });
  assert.deepEqual(Array.from(a), Array.from(lab.augment(digits.images, { strength: 0.8, seed: 5 })));
  assert.notDeepEqual(Array.from(a), Array.from(digits.images));
  assert.deepEqual(Array.from(lab.transformDigits(digits.images, {})), Array.from(digits.images));
  assert.throws(() => lab.transformDigits(digits.images, { stroke: 3 }), /stroke in \[-1, 1\]/);
  const model = lab.createModel({ type: 'ae', arch: 'dense', hidden: [16], latent: 2 });
  try {
    assert.throws(() => lab.createTrainer(model, digits, { augment: 1.5 }),
      (e) => e instanceof LatentLabError && e.code === 'config_invalid' && /augment/.test(e.message) && /\[0, 1\]/.test(e.message));
    assert.throws(() => lab.createTrainer(model, digits, { augment: 'strong' }), /"augment" must be a number/);
    const trainer = lab.createTrainer(model, digits, { augment: 0.5, epochs: 1, batchSize: 2 });
    trainer.step();
    trainer.dispose();
  } finally {
    model.dispose();
  }
});
