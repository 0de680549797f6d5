// Shared by the Node suite: the real WASM build through the real client, and
// the bundled MNIST as Float32Array images in [0, 1].
import { readFileSync } from 'node:fs';

import { loadLatentLab } from '../../web/latentlab.js';

export const repo = new URL('../../', import.meta.url);
export const workerUrl = new URL('web/training-worker.js', repo);

export const labPromise = loadLatentLab();

// images N×784 in [0, 1], labels N (Int32Array); the files are sorted by class.
export async function loadMnist(split) {
  const lab = await labPromise;
  const read = (kind) => lab.parseIdx(readFileSync(new URL(`data/mnist-${split}-${kind}-ubyte.gz`, repo)));
  const [images, labels] = await Promise.all([read('images-idx3'), read('labels-idx1')]);
  return { images: Float32Array.from(images.values, (v) => v / 255), labels: Int32Array.from(labels.values) };
}

// Every stride-th example (so every class appears), as fresh arrays.
export function subset({ images, labels }, count, stride = Math.floor(labels.length / count)) {
  const out = { images: new Float32Array(count * 784), labels: new Int32Array(count) };
  for (let i = 0; i < count; ++i) {
    out.images.set(images.subarray(i * stride * 784, (i * stride + 1) * 784), i * 784);
    out.labels[i] = labels[i * stride];
  }
  return out;
}

export function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; ++i) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

// A minimal safetensors reader for F32 tensors (test fixtures only).
export function readSafetensorsF32(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const tensors = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (entry.dtype !== 'F32') throw new Error(`${name}: expected F32, got ${entry.dtype}`);
    const [begin, end] = entry.data_offsets;
    const data = bytes.slice(8 + headerLength + begin, 8 + headerLength + end);
    tensors[name] = { shape: entry.shape, values: new Float32Array(data.buffer, data.byteOffset, (end - begin) / 4) };
  }
  return { metadata: header.__metadata__ ?? {}, tensors };
}
