// The applications bindings through the real client against the native CLI:
// `latentlab eval --pca` is run here on the shipped models, and the AUROC, the
// PCA and AE squared errors computed through the JS API must agree with what
// it prints (AUROC within 1e-4, errors within 1e-3; it prints 4 decimals).
// Also: the scorer's slices equal one call, the ROC curve's area is the AUROC,
// k-NN against a brute-force count, PCA's basis and curve against their
// definitions, and the errors bad input gets.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'node:test';

import { labPromise, loadMnist, repo } from './helpers.js';

const buildDir = process.env.LATENTLAB_BUILD_DIR ?? fileURLToPath(new URL('build/native-release', repo));
const cli = `${buildDir}/src/cli/latentlab`;
const root = fileURLToPath(repo);

// `latentlab eval --model models/<name>.safetensors --pca`, parsed: { metric: value }.
const evalCache = new Map();
function cliEval(name) {
  if (!evalCache.has(name)) {
    assert.ok(existsSync(cli), `the native CLI is missing at ${cli}: cmake --build --preset native-release --target latentlab`);
    const out = execFileSync(cli, ['eval', '--model', `models/${name}.safetensors`, '--pca'], { cwd: root, encoding: 'utf8' });
    const metrics = {};
    for (const [, key, value] of out.matchAll(/^\s+(\w+)\s+(-?[\d.]+)$/gm)) metrics[key] = Number(value);
    assert.ok('anomaly_auroc' in metrics && 'pca_squared_error' in metrics, `unexpected eval output:\n${out}`);
    evalCache.set(name, metrics);
  }
  return evalCache.get(name);
}

async function loadFashion(lab) {
  const read = (kind) => lab.parseIdx(readFileSync(new URL(`data/fashion-test2k-${kind}-ubyte.gz`, repo)));
  const idx = await read('images-idx3');
  return Float32Array.from(idx.values, (v) => v / 255);
}

const setsPromise = (async () => {
  const lab = await labPromise;
  const [train, testSet, fashion] = await Promise.all([loadMnist('train'), loadMnist('test'), loadFashion(lab)]);
  return { lab, train, test: testSet, fashion };
})();

// One fit of 64 components serves every k (the basis is nested).
let pca64 = null;
async function pca() {
  const { lab, train } = await setsPromise;
  pca64 ??= lab.fitPca(train.images, 64);
  return pca64;
}

const loadShipped = async (name) => {
  const { lab } = await setsPromise;
  return lab.loadModel(readFileSync(new URL(`models/${name}.safetensors`, repo)));
};

function meanSquaredError(a, b, width = 784) {
  let sum = 0;
  for (let i = 0; i < a.length; ++i) sum += (a[i] - b[i]) ** 2;
  return sum / (a.length / width);
}

test('the AUROC of scores sliced through the JS API equals `latentlab eval` (vae16, ae2)', async () => {
  const { lab, test: testSet, fashion } = await setsPromise;
  for (const name of ['vae16', 'ae2']) {
    const model = await loadShipped(name);
    // The CLI scores the test digits, then the Fashion images, from one stream seeded 4242.
    const scorer = lab.createAnomalyScorer(model, { seed: 4242 });
    const sliced = (images) => {
      const out = new Float32Array(images.length / 784);
      for (let row = 0; row < out.length; row += 300)
        out.set(scorer.score(images.subarray(row * 784, Math.min(out.length, row + 300) * 784)), row);
      return out;
    };
    const normal = sliced(testSet.images), anomalous = sliced(fashion);
    const figure = lab.auroc(normal, anomalous);
    const expected = cliEval(name).anomaly_auroc;
    assert.ok(Math.abs(figure - expected) <= 1e-4, `${name}: AUROC ${figure} vs the CLI's ${expected}`);
    // The ROC curve's trapezoids add up to the same area.
    const roc = lab.roc(normal, anomalous);
    let area = 0;
    for (let i = 1; i < roc.thresholds.length; ++i)
      area += (roc.falsePositiveRate[i] - roc.falsePositiveRate[i - 1]) * (roc.truePositiveRate[i] + roc.truePositiveRate[i - 1]) / 2;
    assert.ok(Math.abs(area - figure) < 1e-9 && roc.auroc === figure, `${name}: ROC area ${area} vs AUROC ${figure}`);
    scorer.dispose();
    model.dispose();
  }
});

test('a scorer in slices gives the scores of one call; an AE scores its reconstruction error', async () => {
  const { lab, test: testSet } = await setsPromise;
  const images = testSet.images.subarray(0, 100 * 784);
  const vae = await loadShipped('vae16');
  const whole = vae.anomalyScores(images, { seed: 9 });
  const scorer = lab.createAnomalyScorer(vae, { seed: 9 });
  const parts = [scorer.score(images.subarray(0, 37 * 784)), scorer.score(images.subarray(37 * 784))];
  assert.deepEqual(Array.from([...parts[0], ...parts[1]]), Array.from(whole));
  vae.dispose();
  assert.throws(() => scorer.score(images), (error) => error.code === 'disposed');
  scorer.dispose();

  // An AE's score is Σ BCE of its reconstruction: the page's per-pixel map adds up to it.
  const ae = await loadShipped('ae2');
  const scores = ae.anomalyScores(images);
  const rebuilt = ae.reconstruct(images);
  for (const row of [0, 50, 99]) {
    let sum = 0;
    for (let j = 0; j < 784; ++j) {
      const x = images[row * 784 + j], p = Math.min(1 - 2 ** -24, Math.max(2 ** -126, rebuilt[row * 784 + j]));
      sum -= x * Math.log(p) + (1 - x) * Math.log(1 - p);
    }
    assert.ok(Math.abs(sum - scores[row]) < 1e-3 * scores[row], `row ${row}: Σ BCE ${sum} vs score ${scores[row]}`);
  }
  ae.dispose();
});

test('PCA squared errors equal `latentlab eval --pca`, and the AEs\' squared errors too', async () => {
  const { test: testSet } = await setsPromise;
  const fitted = await pca();
  const curve = fitted.squaredErrorCurve(testSet.images);
  assert.equal(curve.length, 64);
  for (let j = 1; j < 64; ++j) assert.ok(curve[j] <= curve[j - 1] + 1e-9, `the curve rises at k = ${j + 1}`);
  for (const [name, k] of [['ae2', 2], ['ae16', 16], ['ae32', 32]]) {
    const metrics = cliEval(name);
    assert.ok(Math.abs(curve[k - 1] - metrics.pca_squared_error) <= 1e-3,
      `PCA k = ${k}: ${curve[k - 1]} vs the CLI's ${metrics.pca_squared_error}`);
    // The curve's shortcut agrees with rebuilding the rows.
    const explicit = meanSquaredError(fitted.reconstruct(testSet.images, { componentCount: k }), testSet.images);
    assert.ok(Math.abs(explicit - curve[k - 1]) <= 1e-3, `k = ${k}: rebuilt ${explicit} vs curve ${curve[k - 1]}`);
    const model = await loadShipped(name);
    const aeError = meanSquaredError(model.reconstruct(testSet.images), testSet.images);
    assert.ok(Math.abs(aeError - metrics.squared_error) <= 1e-3, `${name}: ${aeError} vs the CLI's ${metrics.squared_error}`);
    model.dispose();
  }
});

test('PCA: orthonormal components by descending variance; projections are (x − mean)·componentsᵀ', async () => {
  const { test: testSet } = await setsPromise;
  const fitted = await pca();
  const { components, mean, explainedVariance } = fitted;
  assert.equal(components.length, 64 * 784);
  assert.equal(mean.length, 784);
  for (let a = 0; a < 64; a += 9) {
    for (let b = a; b < 64; b += 7) {
      let dot = 0;
      for (let j = 0; j < 784; ++j) dot += components[a * 784 + j] * components[b * 784 + j];
      assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-4, `components ${a}·${b} = ${dot}`);
    }
  }
  for (let c = 1; c < 64; ++c) assert.ok(explainedVariance[c] <= explainedVariance[c - 1]);
  const codes = fitted.project(testSet.images.subarray(0, 3 * 784));
  for (const [row, c] of [[0, 0], [2, 5], [1, 63]]) {
    let dot = 0;
    for (let j = 0; j < 784; ++j) dot += (testSet.images[row * 784 + j] - mean[j]) * components[c * 784 + j];
    assert.ok(Math.abs(dot - codes[row * 64 + c]) < 1e-3, `code ${row},${c}`);
  }
  // Rebuilt from its parts (what the page's worker sends back), it projects and rebuilds identically.
  const copy = (await setsPromise).lab.pcaFromParts({ mean, components, explainedVariance });
  const some = testSet.images.subarray(0, 5 * 784);
  assert.deepEqual(copy.project(some), fitted.project(some));
  assert.deepEqual(copy.reconstruct(some, { componentCount: 7 }), fitted.reconstruct(some, { componentCount: 7 }));
  copy.dispose();
  // The variance of the first code over the training rows is the first eigenvalue.
  const { train } = await setsPromise;
  const first = fitted.project(train.images).filter((_, i) => i % 64 === 0);
  const m = first.reduce((s, v) => s + v, 0) / first.length;
  const variance = first.reduce((s, v) => s + (v - m) ** 2, 0) / (first.length - 1);
  assert.ok(Math.abs(variance - explainedVariance[0]) < 1e-3 * variance, `${variance} vs ${explainedVariance[0]}`);
});

test('k-NN accuracy equals a brute-force count', async () => {
  const { lab } = await setsPromise;
  // Two noisy 3-D clusters per class, 4 classes, from a fixed LCG.
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const make = (n) => {
    const codes = new Float32Array(n * 3), labels = new Int32Array(n);
    for (let i = 0; i < n; ++i) {
      labels[i] = i % 4;
      for (let d = 0; d < 3; ++d) codes[i * 3 + d] = (d === labels[i] % 3 ? 1 : 0) + (labels[i] === 3 ? 0.5 : 0) + 0.8 * (random() - 0.5);
    }
    return { codes, labels };
  };
  const reference = make(300), query = make(120);
  for (const k of [1, 5, 10]) {
    let correct = 0;
    for (let q = 0; q < 120; ++q) {
      const order = Array.from({ length: 300 }, (_, r) => {
        let d = 0;
        for (let j = 0; j < 3; ++j) d += (query.codes[q * 3 + j] - reference.codes[r * 3 + j]) ** 2;
        return [d, r];
      }).sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, k);
      const votes = new Map();
      for (const [, r] of order) votes.set(reference.labels[r], (votes.get(reference.labels[r]) ?? 0) + 1);
      const most = Math.max(...votes.values());
      const predicted = reference.labels[order.find(([, r]) => votes.get(reference.labels[r]) === most)[1]];
      if (predicted === query.labels[q]) ++correct;
    }
    assert.equal(lab.knnAccuracy(reference, query, { k }), correct / 120, `k = ${k}`);
  }
});

test('bad input: clear errors with codes', async () => {
  const { lab } = await setsPromise;
  const code = (fn) => {
    try {
      fn();
    } catch (error) {
      return error.code;
    }
    return 'no error';
  };
  assert.equal(code(() => lab.fitPca(new Float32Array(784 * 3), 0)), 'invalid_argument');
  assert.equal(code(() => lab.fitPca(new Float32Array(784 * 3), 785)), 'invalid_argument');
  assert.equal(code(() => lab.fitPca(new Float32Array(100), 2)), 'shape_mismatch');
  assert.equal(code(() => lab.fitPca(Float32Array.of(0, NaN, 1, 2), 1, { imageSize: 2 })), 'invalid_argument');
  assert.equal(code(() => lab.fitPca(new Float32Array(8), 1, { imageSize: 5000 })), 'invalid_argument');
  const small = lab.fitPca(Float32Array.of(0, 1, 1, 0, 2, 2), 1, { imageSize: 2 });
  assert.equal(code(() => small.project(new Float32Array(3))), 'shape_mismatch');
  assert.equal(code(() => small.reconstruct(new Float32Array(2), { componentCount: 2 })), 'invalid_argument');
  small.dispose();
  assert.throws(() => small.project(new Float32Array(2)), /disposed/);
  assert.equal(code(() => lab.pcaFromParts({ mean: [0, 0], components: [1, 0, 0], explainedVariance: [1] })), 'shape_mismatch');
  assert.equal(code(() => lab.roc([], [1])), 'invalid_argument');
  assert.equal(code(() => lab.auroc([1, NaN], [1])), 'invalid_argument');
  assert.equal(code(() => lab.knnAccuracy({ codes: [0, 0, 1], labels: [0, 1] }, { codes: [0], labels: [0] })), 'shape_mismatch');
  assert.equal(code(() => lab.knnAccuracy({ codes: [0, 1], labels: [0, 1] }, { codes: [0], labels: [0] }, { k: 3 })), 'invalid_argument');
  assert.equal(code(() => lab.knnAccuracy({ codes: new Float32Array(20000), labels: new Int32Array(20000) },
    { codes: new Float32Array(20000), labels: new Int32Array(20000) })), 'too_large');
});
