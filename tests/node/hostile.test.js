// Hostile input through the JS API (issue 11): deep nesting, files that
// describe far more than they hold, NaN and huge pixels, bad gzip, inherited
// names. Each is a LatentLabError with a code, and repeating the bad calls
// 1,000 times leaves the heap (bytes malloc holds) and the WASM memory flat.
// Also: docs/API.md's limits table says what lab.limits says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { gzipSync } from 'node:zlib';

import { LatentLabError } from '../../web/latentlab.js';
import { moduleOf } from '../../web/client/internals.js';
import { labPromise, repo } from './helpers.js';

const lab = await labPromise;
const memoryBytes = () => moduleOf(lab).HEAP8.buffer.byteLength;
const regression = (name) => new Uint8Array(readFileSync(new URL(`tests/fuzz/regressions/${name}`, repo)));
const regressionText = (name) => readFileSync(new URL(`tests/fuzz/regressions/${name}`, repo), 'utf8');

function codeOf(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof LatentLabError, `expected a LatentLabError, got ${error?.stack ?? error}`);
    assert.ok(error.message.length < 400, `message of ${error.message.length} characters`);
    return error.code;
  }
  assert.fail('expected an error');
}

const ae = lab.createModel({ type: 'ae', hidden: [8], latent: 2 });
const cvae = lab.createModel({ type: 'cvae', hidden: [8], latent: 2 });
const image = new Float32Array(784).fill(0.5);
let nested = [];
for (let i = 0; i < 1000; ++i) nested = [nested];
const deepTrainConfig = { epochs: nested };

// Every bad call here, with the code it must give.
const badCalls = {
  'a model config nested 10,000 deep': ['config_invalid', () => lab.createModel(regressionText('model_config/nested.json'))],
  'a safetensors shape nested 10,000 deep': ['bad_weights_file', () => lab.loadModel(regression('model_file/nested-shape.safetensors'))],
  'a safetensors config nested 10,000 deep': ['bad_weights_file', () => lab.loadModel(regression('model_file/nested-config.safetensors'))],
  'a 198-byte file describing 13.7 M parameters': ['weights_mismatch',
    () => lab.loadModel(regression('model_file/amplification-within-cap.safetensors'))],
  'a 223-byte file describing a model past the parameter limit': ['too_large',
    () => lab.loadModel(regression('model_file/amplification.safetensors'))],
  'a config past the parameter limit': ['too_large', () => lab.createModel(regressionText('model_config/huge.json'))],
  '{"denoise":{"kind":3}}': ['config_invalid', () => lab.createModel({ denoise: { kind: 3 } })],
  'a train config nested 1,000 deep': ['config_invalid', () => lab.createTrainer(ae, { images: image }, deepTrainConfig)],
  'NaN pixels to encode': ['invalid_argument', () => ae.encode(image.map((v, i) => (i === 7 ? NaN : v)))],
  '1e30 pixels to encode': ['invalid_argument', () => ae.encode(image.map((v, i) => (i === 7 ? 1e30 : v)))],
  '-1e30 pixels to corrupt': ['invalid_argument', () => lab.corrupt(image.map((v, i) => (i === 7 ? -1e30 : v)), { kind: 'gaussian', level: 0.1 })],
  'NaN pixels to psnr': ['invalid_argument', () => lab.psnr(image, image.map((v, i) => (i === 7 ? NaN : v)))],
  'Infinity ink to mnistify': ['invalid_argument', () => lab.mnistify(new Float32Array(16).fill(Infinity), 4, 4)],
  'a cvae trainer with label 11': ['invalid_argument', () => lab.createTrainer(cvae, { images: image, labels: [11] })],
  'interpolate endpoints of the wrong length for the model': ['shape_mismatch', () => ae.interpolate([0, 0, 0], [1, 1, 1], 4)],
};

test('each hostile call fails with its code and a short message', () => {
  for (const [what, [code, fn]] of Object.entries(badCalls)) {
    const heap = lab.heapBytesInUse(), memory = memoryBytes();
    assert.equal(codeOf(fn), code, what);
    assert.equal(lab.heapBytesInUse(), heap, `${what}: heap`);
    assert.equal(memoryBytes(), memory, `${what}: WASM memory grew`);
  }
});

test('1,000 repeated bad calls leave the heap and the WASM memory flat', () => {
  const calls = Object.values(badCalls);
  for (const [, fn] of calls) codeOf(fn);  // warm up: first-call allocations (e.g. Embind's type tables)
  const heap = lab.heapBytesInUse(), memory = memoryBytes();
  for (let i = 0; i < 1000; ++i) codeOf(calls[i % calls.length][1]);
  console.log(`1,000 bad calls: heap ${heap} -> ${lab.heapBytesInUse()} bytes, WASM memory ${memory} -> ${memoryBytes()} bytes`);
  assert.equal(lab.heapBytesInUse(), heap);
  assert.equal(memoryBytes(), memory);
});

test('createTrainer(model, data, null) takes the default train config; (model, null) is a clear TypeError', () => {
  const heap = lab.heapBytesInUse();
  const trainer = lab.createTrainer(ae, { images: image }, null);
  assert.equal(trainer.epochs, 10);
  trainer.dispose();
  assert.throws(() => lab.createTrainer(ae, null), /training images must be a Float32Array/);
  assert.equal(lab.heapBytesInUse(), heap);
});

test('parseIdx: zero dimensions, gzip without its trailer, corrupt gzip and gzip bombs', async () => {
  const rejectsWith = (bytes, code, pattern) =>
    assert.rejects(lab.parseIdx(bytes), (error) => error instanceof LatentLabError && error.code === code && pattern.test(error.message));
  await rejectsWith(regression('idx/zero-images'), 'invalid_argument', /dimension 0 of \[0, 28, 28\] is 0/);
  // Rejected natively by zlib; the client now checks the CRC-32 and length trailer itself.
  await rejectsWith(regression('idx/no-trailer.gz'), 'invalid_argument', /parseIdx: corrupt gzip stream \(\d+ bytes\)/);
  const raw = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
  const good = gzipSync(raw);
  assert.deepEqual([...(await lab.parseIdx(good)).values], [7, 9]);
  const badCrc = new Uint8Array(good);
  badCrc[badCrc.length - 6] ^= 1;
  await rejectsWith(badCrc, 'invalid_argument', /parseIdx: corrupt gzip stream .*(CRC|check)/);
  await rejectsWith(good.subarray(0, 12), 'invalid_argument', /parseIdx: corrupt gzip stream/);
  const bomb = gzipSync(new Uint8Array(lab.limits.fileBytes.max + 1), { level: 1 });
  await rejectsWith(bomb, 'too_large', /inflates past the limit of 134217728 bytes/);
});

test("docs/API.md's limits table is lab.limits", () => {
  const doc = readFileSync(new URL('docs/API.md', repo), 'utf8');
  const table = doc.slice(doc.indexOf('<!-- limits:begin'), doc.indexOf('<!-- limits:end'));
  const rows = [...table.matchAll(/\| `(\w+)` \| ([\d,]+) \|/g)];
  assert.ok(rows.length >= 10, `${rows.length} rows`);
  for (const [, key, value] of rows) {
    assert.ok(Object.hasOwn(lab.limits, key), `lab.limits has no ${key}`);
    assert.equal(Number(value.replace(/,/g, '')), lab.limits[key].max, key);
  }
});
