// The bundled data sets (data/, gzipped IDX), each fetched and decoded once per
// page and shared by every view.
//   const test = await data.load('mnist-test');   // { images: Float32Array N×784 in [0,1], labels: Int32Array N, count }
//   data.image(test, i)                           // row i (a view, not a copy)
import { lab as loadLab } from './lab.js';
import { fetchAssetBytes } from './assets.js';

export const IMAGE_SIZE = 784;

const FILES = {
  'mnist-test': 'mnist-test',
  'mnist-train': 'mnist-train',
  'fashion-test': 'fashion-test2k',
};

async function loadDataset(name) {
  const stem = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!stem) throw new Error(`unknown data set "${name}"`);
  // The files download while the module loads.
  const [lab, imageBytes, labelBytes] = await Promise.all([
    loadLab(),
    fetchAssetBytes(`data/${stem}-images-idx3-ubyte.gz`),
    fetchAssetBytes(`data/${stem}-labels-idx1-ubyte.gz`),
  ]);
  const [imageIdx, labelIdx] = await Promise.all([lab.parseIdx(imageBytes), lab.parseIdx(labelBytes)]);
  const count = imageIdx.dims[0];
  if (imageIdx.dims.length !== 3 || imageIdx.dims[1] * imageIdx.dims[2] !== IMAGE_SIZE || labelIdx.dims[0] !== count) {
    throw new Error(`data set ${name}: unexpected shapes ${imageIdx.dims.join('×')} and ${labelIdx.dims.join('×')}`);
  }
  const images = new Float32Array(imageIdx.values.length);
  for (let i = 0; i < images.length; ++i) images[i] = imageIdx.values[i] / 255;
  return { name, images, labels: Int32Array.from(labelIdx.values), count };
}

class DataStore {
  #cache = new Map();

  load(name) {
    if (!this.#cache.has(name)) {
      const promise = loadDataset(name);
      promise.catch(() => this.#cache.delete(name));
      this.#cache.set(name, promise);
    }
    return this.#cache.get(name);
  }

  image(set, index) {
    return set.images.subarray(index * IMAGE_SIZE, (index + 1) * IMAGE_SIZE);
  }

  // Indices of the images of one class, in order.
  indicesOf(set, label) {
    const out = [];
    for (let i = 0; i < set.count; ++i) if (set.labels[i] === label) out.push(i);
    return out;
  }

  // Rows [indices] gathered into one N×784 array.
  gather(set, indices) {
    const out = new Float32Array(indices.length * IMAGE_SIZE);
    indices.forEach((index, row) => out.set(this.image(set, index), row * IMAGE_SIZE));
    return out;
  }
}

export const data = new DataStore();
