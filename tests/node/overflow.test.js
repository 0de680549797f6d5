// Sizes at and just past the 32-bit limits, through the WASM build, where
// size_t is 32 bits and a wrapped product once allocated 2,704 floats and
// wrote 4.3·10⁹ (issue 11). Every API that takes a count or a length is called
// at its documented limit (accepted, where that is affordable) and just past
// it, and past 2^32; each refusal must be a LatentLabError with its code, and
// must leave the heap (bytes malloc holds) and the WASM memory as they were.
import assert from 'node:assert/strict';
import test from 'node:test';

import { LatentLabError } from '../../web/latentlab.js';
import { moduleOf } from '../../web/client/internals.js';
import { labPromise } from './helpers.js';

const lab = await labPromise;
const memoryBytes = () => moduleOf(lab).HEAP8.buffer.byteLength;
const limits = lab.limits;
const TWO_32 = 2 ** 32;

// Asserts fn throws a LatentLabError with `code`, and that the heap and the memory did not move.
function refuses(what, code, fn) {
  const heap = lab.heapBytesInUse(), memory = memoryBytes();
  let thrown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof LatentLabError, `${what}: expected a LatentLabError, got ${thrown?.stack ?? thrown}`);
  assert.equal(thrown.code, code, `${what}: code (message: ${thrown.message})`);
  assert.equal(lab.heapBytesInUse(), heap, `${what}: heap in use changed`);
  assert.equal(memoryBytes(), memory, `${what}: WASM memory grew`);
  console.log(`${what}: [${thrown.code}] ${thrown.message.slice(0, 150)}`);
}

// A Float32Array whose pages are never touched (the OS commits them lazily), for lengths past the limits.
const zeros = (length) => new Float32Array(length);

test('interpolate: steps × latent at the output limit, past it, and where it wrapped in 32 bits', () => {
  const side = Math.sqrt(limits.outputValues.max);  // 4,096 × 4,096 = the limit exactly
  const a = zeros(side), b = new Float32Array(side).fill(1);
  const path = lab.interpolate(a, b, side);
  assert.equal(path.length, limits.outputValues.max);
  assert.equal(path[path.length - 1], 1);
  refuses('interpolate one step past the output limit', 'too_large', () => lab.interpolate(a, b, side + 1));
  // The case: 10,000 × 429,497 = 4,294,970,000 wrapped to 2,704 floats.
  refuses('interpolate 10,000 steps of 429,497 values', 'too_large', () => lab.interpolate(zeros(429497), zeros(429497), 10000));
  refuses('interpolate 10,000 steps of 429,496 values (just below 2^32)', 'too_large',
    () => lab.interpolate(zeros(429496), zeros(429496), 10000));
  refuses('interpolate 2^32 steps', 'invalid_argument', () => lab.interpolate([0], [1], TWO_32));
  refuses('interpolate 2^32 + 1 steps', 'invalid_argument', () => lab.interpolate([0], [1], TWO_32 + 1));
  refuses('interpolate endpoints of different lengths', 'shape_mismatch', () => lab.interpolate([0, 0], [1], 4));
});

test('decode, encode and sample: rows at the model\'s limit and one past it', () => {
  const model = lab.createModel({ type: 'vae', hidden: [16], latent: 1 });
  try {
    const rows = model.maxBatchRows;
    assert.ok(rows > 1000 && rows < 1048577, `maxBatchRows ${rows}`);
    assert.equal(model.decode(zeros(rows)).length, rows * 784);
    refuses(`decode ${rows + 1} codes (one row past the limit)`, 'too_large', () => model.decode(zeros(rows + 1)));
    // The case: 1,048,577 codes of a 1-D latent wrapped the output's byte count.
    refuses('decode 1,048,577 codes', 'too_large', () => model.decode(zeros(1048577)));
    refuses(`encode ${rows + 1} images`, 'too_large', () => model.encode(zeros((rows + 1) * 784)));
    const images = Float32Array.from({ length: (rows + 3) * 784 }, (_, i) => (i % 97) / 97);
    const all = model.encodeAll(images);
    assert.equal(all.length, rows + 3, 'encodeAll takes rows past the limit, in slices');
    assert.deepEqual(all.subarray(rows), model.encode(images.subarray(rows * 784)), 'the last slice');
    refuses('encodeAll of a length that is not whole images', 'shape_mismatch', () => model.encodeAll(zeros(785)));
    refuses(`reconstruct ${rows + 1} images`, 'too_large', () => model.reconstruct(zeros((rows + 1) * 784)));
    refuses(`anomalyScores of ${rows + 1} images`, 'too_large', () => model.anomalyScores(zeros((rows + 1) * 784)));
    refuses(`encodeDistribution of ${rows + 1} images`, 'too_large', () => model.encodeDistribution(zeros((rows + 1) * 784)));
    assert.equal(model.sample(rows).length, rows * 784);
    refuses(`sample ${rows + 1}`, 'too_large', () => model.sample(rows + 1));
    refuses('sample past limits.sampleCount', 'invalid_argument', () => model.sample(limits.sampleCount.max + 1));
    refuses('sample 2^32', 'invalid_argument', () => model.sample(TWO_32));
    refuses('sample 2^32 + 1', 'invalid_argument', () => model.sample(TWO_32 + 1));
    refuses('sample 0', 'invalid_argument', () => model.sample(0));
    refuses('encode 785 values (not a multiple of 784)', 'shape_mismatch', () => model.encode(zeros(785)));
  } finally {
    model.dispose();
  }
});

test('arrays past limits.arrayValues are refused before they are copied', () => {
  const model = lab.createModel({ type: 'ae', hidden: [4], latent: 2 });
  try {
    const length = limits.arrayValues.max + 784;  // a multiple of 784, just past the limit
    refuses('encode an array past the array limit', 'too_large', () => model.encode(zeros(length)));
    refuses('training images past the array limit', 'too_large', () => lab.createTrainer(model, { images: zeros(length) }));
    refuses('psnr of arrays past the array limit', 'too_large', () => lab.psnr(zeros(length), zeros(length)));
    refuses('corrupt an array past the array limit', 'too_large',
      () => lab.corrupt(zeros(length), { kind: 'gaussian', level: 0.1 }));
    refuses('mnistify ink past the array limit', 'too_large', () => lab.mnistify(zeros(length), 4096, 4096));
    refuses('loadModel of a file past limits.fileBytes', 'too_large', () => lab.loadModel(new Uint8Array(limits.fileBytes.max + 1)));
  } finally {
    model.dispose();
  }
});

test('bitmap sides and batch sizes at and past their limits', () => {
  const side = limits.bitmapSide.max;
  refuses('mnistify past the bitmap side', 'invalid_argument', () => lab.mnistify(zeros(4), side + 1, 1));
  refuses('mnistify 2^32 × 1', 'invalid_argument', () => lab.mnistify(zeros(4), TWO_32, 1));
  refuses('mnistify 65,536 × 65,537 (a product past 2^32)', 'invalid_argument', () => lab.mnistify(zeros(4), 65536, 65537));
  refuses('corrupt 2^32 + 1 high', 'invalid_argument',
    () => lab.corrupt(zeros(784), { kind: 'gaussian', level: 0.1, height: TWO_32 + 1 }));
  refuses('corrupt with 784 values for 4096 × 4096 images', 'shape_mismatch',
    () => lab.corrupt(zeros(784), { kind: 'gaussian', level: 0.1, height: side, width: side }));
  const model = lab.createModel({ type: 'ae', arch: 'conv', channels: [8], latent: 2 });
  try {
    const images = zeros(784 * 2);
    refuses('batch size 2^32', 'config_invalid', () => lab.createTrainer(model, { images }, { batchSize: TWO_32 }));
    refuses('batch size past limits.batchSize', 'config_invalid',
      () => lab.createTrainer(model, { images }, { batchSize: limits.batchSize.max + 1 }));
    assert.ok(model.maxBatchRows < limits.batchSize.max, `conv model takes ${model.maxBatchRows} rows`);
    refuses(`batch size ${model.maxBatchRows + 1}, past this model's rows`, 'too_large',
      () => lab.createTrainer(model, { images }, { batchSize: model.maxBatchRows + 1 }));
    lab.createTrainer(model, { images }, { batchSize: model.maxBatchRows }).dispose();
    refuses('epochs 2^32 + 1', 'config_invalid', () => lab.createTrainer(model, { images }, { epochs: TWO_32 + 1 }));
  } finally {
    model.dispose();
  }
});

test('file sizes: IDX dimensions and safetensors shapes whose products pass 2^32', async () => {
  const idx = (dims) => {
    const bytes = new Uint8Array(4 + 4 * dims.length);
    bytes.set([0, 0, 8, dims.length]);
    dims.forEach((d, i) => new DataView(bytes.buffer).setUint32(4 + 4 * i, d));
    return bytes;
  };
  const refusesAsync = async (what, code, bytes) => {
    const heap = lab.heapBytesInUse();
    await assert.rejects(lab.parseIdx(bytes), (error) => error instanceof LatentLabError && error.code === code, what);
    assert.equal(lab.heapBytesInUse(), heap, `${what}: heap`);
  };
  await refusesAsync('IDX 65,536 × 65,536 (2^32)', 'too_large', idx([65536, 65536]));
  await refusesAsync('IDX 65,536 × 65,537', 'too_large', idx([65536, 65537]));
  await refusesAsync('IDX 2^32 - 1 cubed', 'too_large', idx([TWO_32 - 1, TWO_32 - 1, TWO_32 - 1]));
  await refusesAsync('IDX of limits.fileBytes.max + 1 bytes', 'too_large', idx([limits.fileBytes.max + 1]));

  const file = (shape, end) => {
    const header = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'F32', shape, data_offsets: [0, end] } }));
    const bytes = new Uint8Array(8 + header.length + 4);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    return bytes;
  };
  // 2^32 floats of 4 bytes = 2^34 bytes: in 32 bits that would wrap to 0 and match offsets [0, 0].
  refuses('a tensor of 65,536 × 65,536 floats in a 4-byte buffer', 'bad_weights_file',
    () => lab.loadModel(file([65536, 65536], 4), { type: 'ae' }));
  refuses('a tensor of 2^30 floats (2^32 bytes)', 'bad_weights_file', () => lab.loadModel(file([2 ** 30], 4), { type: 'ae' }));
  refuses('a tensor of 2^32 + 1 floats', 'bad_weights_file', () => lab.loadModel(file([TWO_32 + 1], 4), { type: 'ae' }));
});
