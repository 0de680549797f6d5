// What every runner of the speed benchmark shares, so the engines see the same
// work: the models (issue 6's V1, A1, C1 as Latent Lab configs), the protocol
// (batch size, warm-up and timed steps, runs), the data (the bundled MNIST
// train split, bytes/255) and the batch order (the first epoch's permutation
// of ll::Trainer with seed 1, mirrored here bit for bit: PCG32 + Fisher-Yates).
// Runs in Node and in a browser Worker (no Node imports at module level).

export const MODELS = {
  V1: {
    config: { type: 'vae', arch: 'dense', hidden: [400], latent: 20 },
    pytorch: 'VAE 784-400-(20,20)-400-784, BCE + KL (pytorch/examples)',
  },
  A1: {
    config: { type: 'ae', arch: 'dense', hidden: [512, 128], latent: 32, reconstruction: 'mse' },
    pytorch: 'AE 784-512-128-32-128-512-784, sigmoid then MSE',
  },
  C1: {
    config: { type: 'ae', arch: 'conv', channels: [16, 32], latent: 16 },
    pytorch: 'Conv2d(1,16,3,s2,p1)-ReLU-Conv2d(16,32,3,s2,p1)-ReLU-Linear(1568,16) | ' +
      'Linear(16,1568)-ReLU-ConvT(32,16,3,s2,p1,op1)-ReLU-ConvT(16,1,3,s2,p1,op1), BCE',
  },
};

// Each run: a fresh model (seed 1), `warmup` untimed steps, then `steps` timed
// steps on the next batches of the first epoch (62 full batches of 128 exist).
export const PROTOCOL = {
  batchSize: 128,
  learningRate: 1e-3,
  seed: 1,
  warmup: 3,
  steps: 40,
  runs: 5,
  latencyCalls: 200,  // batch-1 encode+decode calls per latency run
  gridSide: 20,       // the manifold grid: gridSide² codes decoded as one batch
  gridCalls: 10,      // grid decodes per grid run
};

export const IMAGE_SIZE = 784;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

// An IDX file's bytes (already inflated) to { dims, bytes }.
export function parseIdx(raw) {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (view.getUint16(0) !== 0 || raw[2] !== 0x08) throw new Error('IDX: not an unsigned-byte IDX file');
  const rank = raw[3];
  const dims = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  return { dims, bytes: raw.subarray(offset) };
}

// Images [N×784] in [0, 1], exactly as ll::make_dataset makes them (byte / 255).
export function imagesFromIdx(idx) {
  if (idx.dims.length !== 3 || idx.dims[1] * idx.dims[2] !== IMAGE_SIZE) throw new Error(`IDX images: dims ${idx.dims}`);
  const images = new Float32Array(idx.bytes.length);
  for (let i = 0; i < images.length; i++) images[i] = idx.bytes[i] / 255;
  return { images, count: idx.dims[0] };
}

// ll::Rng (PCG32 XSH-RR, default stream) for the shuffle only.
class Pcg32 {
  #state = 0n;
  #increment;
  constructor(seed, stream = 0xda3e39cb94b95bdbn) {
    const mask = (1n << 64n) - 1n;
    this.mask = mask;
    this.#increment = ((stream << 1n) | 1n) & mask;
    this.nextU32();
    this.#state = (this.#state + BigInt(seed)) & mask;
    this.nextU32();
  }
  nextU32() {
    const old = this.#state;
    this.#state = (old * 6364136223846793005n + this.#increment) & this.mask;
    const xorshifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
  }
  below(n) {
    const threshold = (2 ** 32 - n) % n;
    for (;;) {
      const r = this.nextU32();
      if (r >= threshold) return r % n;
    }
  }
}

// The row order of ll::Trainer's first epoch for this seed (Trainer::start_epoch).
export function firstEpochOrder(count, seed) {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const rng = new Pcg32(seed);
  for (let i = count; i > 1; i--) {
    const j = rng.below(i);
    const t = order[i - 1];
    order[i - 1] = order[j];
    order[j] = t;
  }
  return order;
}

// Rows of batch b (0-based) of that order.
export function batchRows(order, b, batchSize) {
  return order.subarray(b * batchSize, (b + 1) * batchSize);
}

// The 20×20 manifold grid for a model with `latent` dimensions: the first two
// latent coordinates swept over [-2, 2], the others 0 (for V1 a slice of its
// 20-D space; the decode costs the same for any codes).
export function gridCodes(latent, side) {
  const codes = new Float32Array(side * side * latent);
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const row = (r * side + c) * latent;
      codes[row] = -2 + (4 * c) / (side - 1);
      if (latent > 1) codes[row + 1] = -2 + (4 * r) / (side - 1);
    }
  return codes;
}
