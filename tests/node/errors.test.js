// Every bad input raises a LatentLabError whose code says what kind of failure
// it is and whose message names the problem, the module keeps working
// afterwards, and failed calls leak nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { LatentLabError, LatentLabUnsupportedError, loadLatentLab } from '../../web/latentlab.js';
import { labPromise, repo } from './helpers.js';

const lab = await labPromise;
const ae = lab.createModel({ type: 'ae', hidden: [16], latent: 2 });
const cvae = lab.createModel({ type: 'cvae', hidden: [16], latent: 2 });
const image = new Float32Array(784).fill(0.5);
const images4 = new Float32Array(784 * 4).fill(0.5);

// Asserts fn throws a LatentLabError with this code whose message matches
// pattern, and prints it: callers branch on the code, people read the message.
function rejects(what, code, fn, pattern) {
  let thrown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof LatentLabError, `${what}: expected a LatentLabError, got ${thrown}`);
  assert.equal(thrown.code, code, `${what}: code (message: ${thrown.message})`);
  assert.match(thrown.message, pattern, `${what}: message`);
  console.log(`${what}: ${thrown.message.slice(0, 160)}`);
}

// A safetensors file built by hand: tensors { name: [shape, Float32Array] }, optional metadata.
function safetensors(tensors, metadata) {
  const header = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, [shape, values]] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + values.byteLength] };
    offset += values.byteLength;
  }
  const text = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + text.length + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
  bytes.set(text, 8);
  let at = 8 + text.length;
  for (const [, values] of Object.values(tensors)) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    at += values.byteLength;
  }
  return bytes;
}

test('wrong lengths', () => {
  rejects('encode 783 values', 'shape_mismatch', () => ae.encode(new Float32Array(783)), /783 values; expected a positive multiple of 784/);
  rejects('encode nothing', 'shape_mismatch', () => ae.encode(new Float32Array(0)), /0 values; expected a positive multiple of 784/);
  rejects('decode 3 values into a 2-d latent', 'shape_mismatch', () => ae.decode(new Float32Array(3)), /3 values; expected a positive multiple of 2/);
  rejects('training images 700 values', 'shape_mismatch', () => lab.createTrainer(ae, { images: new Float32Array(700) }),
    /training images has 700 values/);
  rejects('cvae: 3 labels for 4 images', 'shape_mismatch', () => cvae.encode(images4, [1, 2, 3]), /one label per row: got 3 labels for 4 rows/);
  rejects('cvae: no labels', 'shape_mismatch', () => cvae.reconstruct(images4), /one label per row: got 0 labels/);
  rejects('cvae trainer without labels', 'shape_mismatch', () => lab.createTrainer(cvae, { images: images4 }), /one label per training image/);
  rejects('interpolate endpoints of different sizes', 'shape_mismatch', () => lab.interpolate([0, 0], [1, 1, 1], 4), /equal length/);
  rejects('psnr of different sizes', 'shape_mismatch', () => lab.psnr([0, 1], [0]), /equal length/);
  rejects('mnistify size mismatch', 'shape_mismatch', () => lab.mnistify(new Float32Array(10), 4, 4), /10 values, expected 4×4/);
  rejects('no training images', 'invalid_argument', () => lab.createTrainer(ae, {}), /training images must be a Float32Array/);
});

test('NaN, Inf and bad labels', () => {
  const nan = image.slice();
  nan[100] = NaN;
  rejects('NaN in images', 'invalid_argument', () => ae.encode(nan), /images contain NaN or Inf/);
  rejects('Inf in codes', 'invalid_argument', () => ae.decode([Infinity, 0]), /latent codes contain NaN or Inf/);
  rejects('NaN in training images', 'invalid_argument', () => lab.createTrainer(ae, { images: nan }), /training images contain NaN or Inf/);
  rejects('NaN in interpolation endpoint', 'invalid_argument', () => lab.interpolate([NaN, 0], [1, 1], 4), /NaN or Inf/);
  rejects('label out of range', 'invalid_argument', () => cvae.encode(images4, [0, 1, 2, 10]), /label 10 is outside \[0, 10\)/);
  rejects('negative label', 'invalid_argument', () => cvae.encode(images4, [0, 1, 2, -1]), /label must be an integer .* got -1/);
  rejects('fractional label', 'invalid_argument', () => cvae.encode(images4, [0, 1, 2, 2.5]), /label must be an integer .* got 2.5/);
  rejects('labels for an unconditional model', 'invalid_argument', () => ae.encode(images4, [0, 1, 2, 3]), /not conditional/);
});

test('corrupt, truncated and foreign weight files', () => {
  const good = ae.save();
  rejects('truncated by 10 bytes', 'bad_weights_file', () => lab.loadModel(good.subarray(0, good.length - 10)), /safetensors: tensor '[\w.]+'.*out of range/);
  rejects('only 5 bytes', 'bad_weights_file', () => lab.loadModel(good.subarray(0, 5)), /shorter than the 8-byte header length/);
  rejects('empty', 'bad_weights_file', () => lab.loadModel(new Uint8Array(0)), /file is 0 bytes/);
  rejects('random bytes', 'bad_weights_file', () => lab.loadModel(new Uint8Array(1000).fill(7)), /header length \d+ is absurd/);
  const flipped = good.slice();
  flipped[12] ^= 0x55;  // inside the JSON header
  rejects('a flipped header byte', 'bad_weights_file', () => lab.loadModel(flipped), /safetensors/);
  rejects('not bytes at all', 'invalid_argument', () => lab.loadModel('weights.safetensors'), /must be a Uint8Array or an ArrayBuffer/);

  const conv = lab.createModel({ type: 'ae', arch: 'conv', channels: [4, 8], latent: 2 });
  rejects('a conv model\'s weights into a dense model', 'weights_mismatch', () => ae.loadWeights(conv.save()), /different model/);
  rejects('a model with another latent size', 'weights_mismatch', () => ae.loadWeights(lab.createModel({ type: 'ae', hidden: [16], latent: 3 }).save()),
    /weights were saved for a different model.*"latent":2/);
  rejects('a config that contradicts the file', 'weights_mismatch', () => lab.loadModel(conv.save(), { type: 'ae', hidden: [16], latent: 2 }),
    /the weights file describes a different model/);
  conv.dispose();

  const foreign = safetensors({ 'features.0.weight': [[2, 2], new Float32Array(4)] });
  rejects('a foreign file without metadata or config', 'missing_config', () => lab.loadModel(foreign), /not a Latent Lab model.*give the model config/);
  rejects('a foreign file with a config', 'weights_mismatch', () => lab.loadModel(foreign, { type: 'ae', hidden: [16], latent: 2 }),
    /no tensor 'encoder\.0\.weight'/);
  const wrongShape = safetensors({ 'encoder.0.weight': [[16, 783], new Float32Array(16 * 783)] });
  rejects('a tensor of the wrong shape', 'weights_mismatch', () => lab.loadModel(wrongShape, { type: 'ae', hidden: [16], latent: 2 }),
    /tensor 'encoder\.0\.weight' has shape \[16, 783\] in the file but the model expects \[16, 784\]/);
  rejects('another tool\'s format tag', 'missing_config', () => lab.loadModel(safetensors({}, { format: 'gguf' })), /not a Latent Lab model \(format "gguf"\)/);
  rejects('a newer format version', 'bad_weights_file', () => lab.loadModel(safetensors({}, { format: 'latentlab-model', format_version: '9' })),
    /format_version 9/);
});

test('absurd model configs', () => {
  rejects('latent 0', 'config_invalid', () => lab.createModel({ type: 'vae', latent: 0 }), /"latent" must be in \[1, 512\], got 0/);
  rejects('latent 1e9', 'config_invalid', () => lab.createModel({ type: 'vae', latent: 1e9 }), /"latent" must be in \[1, 512\], got 1000000000/);
  rejects('latent 2.5', 'config_invalid', () => lab.createModel({ type: 'ae', latent: 2.5 }), /"latent" must be an integer/);
  rejects('unknown type', 'config_invalid', () => lab.createModel({ type: 'gan' }), /"type" must be one of "ae", "vae", "cvae", got "gan"/);
  rejects('unknown key', 'config_invalid', () => lab.createModel({ type: 'ae', latnt: 3 }), /unknown key "latnt"/);
  rejects('negative width', 'config_invalid', () => lab.createModel({ type: 'ae', hidden: [-1] }), /"hidden" must be in \[1, 4096\], got -1/);
  rejects('seven hidden layers', 'config_invalid', () => lab.createModel({ type: 'ae', hidden: [8, 8, 8, 8, 8, 8, 8] }), /"hidden" must list 0 to 6 dense layers, got 7/);
  rejects('conv sides not divisible', 'config_invalid', () => lab.createModel({ type: 'ae', arch: 'conv', channels: [4, 4, 4] }),
    /divisible by 8/);
  rejects('conditional conv', 'config_invalid', () => lab.createModel({ type: 'cvae', arch: 'conv' }), /conditional model must use "arch": "dense"/);
  rejects('VAE with MSE', 'config_invalid', () => lab.createModel({ type: 'vae', reconstruction: 'mse' }), /"reconstruction" must be "bce"/);
  rejects('unknown corruption', 'config_invalid', () => lab.createModel({ type: 'ae', denoise: { kind: 'blur', level: 1 } }),
    /unknown corruption kind "blur"/);
  rejects('not JSON', 'config_invalid', () => lab.createModel('{type: ae}'), /not valid JSON/);
  rejects('not an object', 'invalid_argument', () => lab.createModel(42), /must be an object or a JSON string/);
  rejects('beta 1e6', 'invalid_argument', () => ae.setBeta(1e6), /beta must be a finite number in \[0, 100\], got 1000000/);
});

test('bad train configs and seeds', () => {
  const train = (config) => () => lab.createTrainer(ae, { images: images4 }, config);
  rejects('learning rate NaN', 'config_invalid', train({ learningRate: NaN }), /"learningRate" must be a number/);
  rejects('learning rate -1', 'config_invalid', train({ learningRate: -1 }), /learning rate must be in \[1e-05, 10\], got -1/);
  rejects('learning rate 100', 'config_invalid', train({ learningRate: 100 }), /learning rate must be in \[1e-05, 10\], got 100/);
  rejects('batch size 0', 'config_invalid', train({ batchSize: 0 }), /"batchSize" must be an integer in \[1, 4096\], got 0/);
  rejects('batch size 2.5', 'config_invalid', train({ batchSize: 2.5 }), /"batchSize" must be an integer.*got 2.5/);
  rejects('epochs 1e12', 'config_invalid', train({ epochs: 1e12 }), /"epochs" must be an integer in \[1, 1000\], got 1000000000000/);
  rejects('unknown optimizer', 'config_invalid', train({ optimizer: 'lbfgs' }), /optimizer must be "adam" or "sgd", got "lbfgs"/);
  rejects('optimizer not a string', 'config_invalid', train({ optimizer: 3 }), /"optimizer" must be a string/);
  rejects('unknown key', 'config_invalid', train({ lerningRate: 0.1 }), /unknown key "lerningRate"/);
  rejects('negative warm-up', 'config_invalid', train({ klWarmupEpochs: -1 }), /KL warm-up must be in \[0, 1000\] epochs, got -1/);
  rejects('train seed -3', 'config_invalid', train({ seed: -3 }), /seed must be an integer in \[0, 9007199254740991\], got -3/);
  rejects('train seed 1.5', 'config_invalid', train({ seed: 1.5 }), /seed must be an integer in \[0, 9007199254740991\], got 1.5/);
  rejects('model seed NaN', 'invalid_argument', () => lab.createModel({ type: 'ae' }, { seed: NaN }), /seed must be an integer in \[0, 9007199254740991\], got nan/);
  rejects('model seed 2^60', 'invalid_argument', () => lab.createModel({ type: 'ae' }, { seed: 2 ** 60 }), /seed must be an integer in \[0, 9007199254740991\]/);
  rejects('sample seed -1', 'invalid_argument', () => ae.sample(1, { seed: -1 }), /seed must be an integer in \[0, 9007199254740991\]/);
  const trainer = lab.createTrainer(ae, { images: images4 }, { epochs: 1 });
  rejects('setLearningRate(0)', 'invalid_argument', () => trainer.setLearningRate(0), /learning rate must be in \[1e-05, 10\], got 0/);
  trainer.step();
  rejects('step after the last epoch', 'invalid_argument', () => trainer.step(), /training has finished/);
  trainer.dispose();
});

test('bad counts', () => {
  rejects('sample 0', 'invalid_argument', () => ae.sample(0), /sample count must be an integer in \[1, 100000\], got 0/);
  rejects('sample 2.5', 'invalid_argument', () => ae.sample(2.5), /got 2.5/);
  rejects('sample 1e10', 'invalid_argument', () => ae.sample(1e10), /got 10000000000/);
  rejects('sample temperature 100', 'invalid_argument', () => ae.sample(1, { temperature: 100 }), /temperature must be in \[0, 10\]/);
  rejects('interpolate 1 step', 'invalid_argument', () => ae.interpolate([0, 0], [1, 1], 1), /steps must be an integer in \[2, 10000\], got 1/);
  rejects('corrupt without a kind', 'invalid_argument', () => lab.corrupt(image, { level: 0.5 }), /kind must be a string/);
  rejects('corrupt with an unknown kind', 'invalid_argument', () => lab.corrupt(image, { kind: 'blur', level: 0.5 }), /unknown corruption kind/);
  rejects('corrupt level 5', 'invalid_argument', () => lab.corrupt(image, { kind: 'masking', level: 5 }), /level for 'masking' must be in \[0, 1\]/);
  rejects('corrupt height 0', 'invalid_argument', () => lab.corrupt(image, { kind: 'masking', level: 0.5, height: 0 }), /image height must be/);
});

test('the module still works after errors, and failed calls leak nothing', () => {
  const big = new Float32Array(784 * 50 - 1);
  const warm = () => { try { ae.encode(big); } catch { /* expected */ } try { lab.createModel({ latent: 0 }); } catch { /* expected */ } };
  warm();
  const before = lab.heapBytesInUse();
  for (let i = 0; i < 500; ++i) warm();
  const after = lab.heapBytesInUse();
  console.log(`heap after 1,000 failed calls: ${before} -> ${after} bytes`);
  assert.ok(after - before < 4096, `failed calls grew the heap by ${after - before} bytes`);
  assert.equal(ae.encode(image).length, 2);
});

test('a browser without WebAssembly SIMD gets LatentLabUnsupportedError', async () => {
  const validate = WebAssembly.validate;
  WebAssembly.validate = () => false;
  try {
    await assert.rejects(loadLatentLab({ baseUrl: new URL('file:///no-such-folder/') }),
      (error) => error instanceof LatentLabUnsupportedError && error.code === 'unsupported' &&
        /does not support WebAssembly SIMD/.test(error.message));
  } finally {
    WebAssembly.validate = validate;
  }
});

// The codes exist once in C++ (src/nn/errors.hpp); the .d.ts union and the
// table in docs/API.md must list the same set.
function declaredCodes() {
  const read = (path) => readFileSync(new URL(path, repo), 'utf8');
  const cpp = read('src/nn/errors.hpp').match(/enum class ErrorCode \{([^}]*)\}/)[1];
  const dts = read('web/latentlab.d.ts').match(/export type LatentLabErrorCode =([^;]*);/)[1];
  const doc = read('docs/API.md');
  return {
    cpp: [...cpp.matchAll(/^\s*(\w+),/gm)].map((m) => m[1]).sort(),
    dts: [...dts.matchAll(/'(\w+)'/g)].map((m) => m[1]).sort(),
    docs: [...doc.slice(doc.indexOf('## Errors'), doc.indexOf('## Limits')).matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort(),
  };
}

test('every code reachable from the API arrives as error.code', async () => {
  const { cpp, dts, docs } = declaredCodes();
  assert.deepEqual(dts, cpp, 'latentlab.d.ts LatentLabErrorCode vs src/nn/errors.hpp');
  assert.deepEqual(docs, cpp, 'the table of codes in docs/API.md vs src/nn/errors.hpp');

  const caught = (fn) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    assert.fail('expected a throw');
  };
  const diverging = () => {
    const vae = lab.createModel({ type: 'vae', hidden: [32], latent: 2 });
    const trainer = lab.createTrainer(vae, { images: new Float32Array(784 * 50).fill(0.5) },
      { learningRate: 10, optimizer: 'sgd', batchSize: 10, epochs: 100 });
    try {
      for (;;) trainer.step();
    } finally {
      trainer.dispose();
      vae.dispose();
    }
  };
  const disposed = lab.createModel({ type: 'ae', hidden: [8], latent: 2 });
  disposed.dispose();
  const tooBig = lab.createModel({ type: 'ae', hidden: [4096], latent: 512 });
  const unreadable = new Uint8Array(16);
  new DataView(unreadable.buffer).setBigUint64(0, 8n, true);
  unreadable.set(new TextEncoder().encode('{"a":1} '), 8);
  const cases = {
    invalid_argument: () => ae.sample(0),
    shape_mismatch: () => ae.decode(new Float32Array(3)),
    bad_weights_file: () => lab.loadModel(unreadable),
    weights_mismatch: () => ae.loadWeights(lab.createModel({ type: 'ae', hidden: [16], latent: 3 }).save()),
    missing_config: () => lab.loadModel(safetensors({ w: [[1], new Float32Array(1)] })),
    config_invalid: () => lab.createModel({ type: 'ae', latent: 0 }),
    diverged: diverging,
    disposed: () => disposed.encode(image),
    unsupported: () => ae.encodeDistribution(image),
    // 100000 codes through a 4096-wide layer would be 1.6 GB of activations: the output cap refuses it first.
    too_large: () => tooBig.sample(100000, { seed: 1 }),
  };
  // Not reachable through the API: out_of_memory now that the caps of limits.hpp refuse every size a tab
  // cannot hold before allocating, io_error in the CLI and in a browser that cannot download the module
  // (tests/browser/hostile.test.js), internal is a bug.
  const unreachable = ['internal', 'io_error', 'out_of_memory'];
  assert.deepEqual([...Object.keys(cases), ...unreachable].sort(), cpp, 'every code has a case or is listed as unreachable');
  for (const [code, fn] of Object.entries(cases)) {
    const error = caught(fn);
    assert.ok(error instanceof LatentLabError, `${code}: ${error}`);
    assert.equal(error.code, code, `${code}: got ${error.code} (${error.message})`);
    console.log(`${code}: ${error.message.slice(0, 140)}`);
  }
  tooBig.dispose();
  assert.equal(ae.encode(image).length, 2, 'the module works after the refusals');
});
