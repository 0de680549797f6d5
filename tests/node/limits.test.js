// lab.limits is the one table of ranges (src/models/limits.hpp): the .d.ts and
// docs/API.md list the same keys, and every call that checks a range accepts
// exactly [min, max] of its entry, so a limit changed in C++ changes what the
// API (and the page's forms, which read lab.limits) accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { LatentLabError } from '../../web/latentlab.js';
import { labPromise, repo } from './helpers.js';

const lab = await labPromise;
const { limits } = lab;
const read = (path) => readFileSync(new URL(path, repo), 'utf8');

test('lab.limits is frozen and its keys match latentlab.d.ts and docs/API.md', () => {
  assert.ok(Object.isFrozen(limits));
  for (const [key, range] of Object.entries(limits)) {
    assert.ok(Object.isFrozen(range), `${key} is frozen`);
    assert.deepEqual(Object.keys(range).sort(), ['integer', 'max', 'min'], key);
    assert.ok(range.min <= range.max, `${key}: min <= max`);
  }
  const dts = read('web/latentlab.d.ts').match(/export interface Limits \{([^}]*)\}/)[1];
  const declared = [...dts.matchAll(/readonly (\w+): Limit;/g)].map((m) => m[1]).sort();
  assert.deepEqual(declared, Object.keys(limits).sort(), 'Limits in latentlab.d.ts');
  const doc = read('docs/API.md');
  // The ranges table (key first) and the sizes table (what, key, limit; checked in detail by hostile.test.js).
  const ranges = doc.slice(doc.indexOf('## Limits'), doc.indexOf('### Sizes'));
  const sizes = doc.slice(doc.indexOf('<!-- limits:begin'), doc.indexOf('<!-- limits:end'));
  const documented = [
    ...[...ranges.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((k) => k[1])),
    ...[...sizes.matchAll(/^\|[^|]+\| `(\w+)` \|/gm)].map((m) => m[1]),
  ];
  assert.deepEqual([...new Set(documented)].sort(), Object.keys(limits).sort(), 'the tables in docs/API.md');
});

// One call per limit that checks it; `big` marks entries whose max is too
// costly to run here (only the value above max is tried).
const image = new Float32Array(784).fill(0.5);
const dense = (extra) => lab.createModel({ type: 'ae', hidden: [8], latent: 2, ...extra });
const conv = (extra) => lab.createModel({ type: 'ae', arch: 'conv', image: [1, 16, 16], channels: [2], latent: 2, ...extra });
const trainer = (extra) => lab.scope((scope) => {
  scope.track(lab.createTrainer(scope.track(dense()), { images: image }, extra));
});
const ae = dense();
const probes = {
  latent: (v) => dense({ latent: v }),
  hiddenWidth: (v) => dense({ hidden: [v] }),
  hiddenLayers: (v) => dense({ hidden: Array(v).fill(4) }),
  convChannels: (v) => conv({ channels: [v] }),
  convLayers: (v) => conv({ channels: Array(v).fill(2) }),
  imageChannels: (v) => dense({ image: [v, 4, 4] }),
  imageSide: (v) => dense({ image: [1, v, 4] }),
  beta: (v) => lab.createModel({ type: 'vae', hidden: [8], latent: 2, beta: v }),
  classes: (v) => lab.createModel({ type: 'cvae', hidden: [8], latent: 2, classes: v }),
  noiseLevel: (v) => lab.corrupt(image, { kind: 'gaussian', level: v }),
  learningRate: (v) => trainer({ learningRate: v }),
  epochs: (v) => trainer({ epochs: v }),
  batchSize: (v) => trainer({ batchSize: v }),
  klWarmupEpochs: (v) => trainer({ klWarmupEpochs: v }),
  augment: (v) => trainer({ augment: v }),
  seed: (v) => lab.createModel({ type: 'ae', hidden: [8], latent: 2 }, { seed: v }),
  sampleCount: { big: true, call: (v) => ae.sample(v) },
  temperature: (v) => ae.sample(1, { temperature: v }),
  interpolationSteps: (v) => lab.interpolate([0, 0], [1, 1], v),
  bitmapSide: (v) => lab.mnistify(new Float32Array(Math.ceil(v)), v, 1),
};

// Lengths of lists: no list has -1 or 1.5 entries.
const COUNTS = new Set(['hiddenLayers', 'convLayers']);

// Just outside a range: the next integer, or a step of a millionth of the span.
function outside({ min, max, integer }) {
  const step = integer ? 1 : Math.max((max - min) * 1e-6, Number.EPSILON);
  return [min - step, max + step];
}

// Size caps refuse with too_large before allocating; tests/node/overflow.test.js and
// hostile.test.js call each at and past its limit.
const CAPS = ['modelParameters', 'batchValues', 'arrayValues', 'outputValues', 'fileBytes', 'weightsHeaderBytes', 'jsonDepth'];

test('every limit is exactly what its call accepts', () => {
  assert.deepEqual(Object.keys(probes).sort(), Object.keys(limits).filter((key) => !CAPS.includes(key)).sort(), 'a probe per limit');
  for (const [key, probe] of Object.entries(probes)) {
    const { big, call } = typeof probe === 'function' ? { big: false, call: probe } : probe;
    const range = limits[key];
    for (const value of big ? [range.min] : [range.min, range.max]) {
      const made = call(value);
      made?.dispose?.();
    }
    for (const value of outside(range).filter((v) => !COUNTS.has(key) || v >= 0)) {
      assert.throws(() => call(value), (error) => error instanceof LatentLabError &&
        ['invalid_argument', 'config_invalid'].includes(error.code), `${key} = ${value} is refused`);
    }
    if (range.integer && !COUNTS.has(key)) {
      assert.throws(() => call(range.min + 0.5), LatentLabError, `${key} = ${range.min + 0.5} is refused (not an integer)`);
    }
  }
  console.log(`checked ${Object.keys(probes).length} limits at min, max and just outside`);
});
