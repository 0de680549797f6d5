// The Latent Lab client: one ES module over the WASM module, the same in a
// page, in a Web Worker and in Node 20. Types: latentlab.d.ts beside this file.
//
//   import { loadLatentLab } from './latentlab.js';
//   const lab = await loadLatentLab();
//   const model = lab.createModel({ type: 'vae', hidden: [400], latent: 20 });
//   const images = model.decode(new Float32Array(20));   // one 28×28 image
//   model.dispose();
//
// Arrays go in as Float32Array (copied once, length-checked against the
// model's shapes) and come back as fresh Float32Arrays owned by the caller.
// Every object that holds WASM memory has dispose(). Every error the client
// throws is a LatentLabError: error.code is one of the stable codes of
// src/nn/errors.hpp (docs/API.md lists them), error.message says it for people.

import { asBytes, asFloat32, asLabels, call, checked, Disposable, handleOf, LatentLabError, registerModule } from './client/internals.js';
import * as apps from './client/apps.js';
import { activations, architecture, filters } from './client/inside.js';
import { createDqn, dqnDefaults, loadDqn } from './client/rl.js';
import * as kl from './client/kl.js';
import * as augmentation from './client/augment.js';
import * as coverage from './client/coverage.js';

export { LatentLabError };
export { AnomalyScorer, Pca } from './client/apps.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

// The smallest module that uses a v128 instruction (i32.const 0; i8x16.splat).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11,
]);

export function hasWasmSimd() {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

// No WebAssembly SIMD, or threads without cross-origin isolation.
export class LatentLabUnsupportedError extends LatentLabError {
  constructor(message) {
    super('unsupported', message);
    this.name = 'LatentLabUnsupportedError';
  }
}

// Threads need shared memory: a page or Worker has it only when cross-origin
// isolated (served with COOP/COEP headers; scripts/serve.sh sends them).
export function canUseThreads() {
  if (typeof SharedArrayBuffer !== 'function') return false;
  return isNode || globalThis.crossOriginIsolated === true;
}

// What loadLatentLab's `threads` option resolves to: 'auto' takes the
// threads build only where the page is isolated (never in Node, whose runs
// should not change with the machine), up to 4 threads, since the per-layer
// products of these models stop gaining well before that.
function resolveThreads(threads) {
  if (threads === 'auto') {
    if (isNode || !canUseThreads()) return 1;
    return Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1));
  }
  if (!Number.isInteger(threads) || threads < 1)
    throw new LatentLabError('invalid_argument', `threads must be 'auto' or an integer >= 1, got ${threads}`);
  if (threads > 1 && !canUseThreads()) {
    throw new LatentLabUnsupportedError(
      `${threads} threads need SharedArrayBuffer, which this page only gets when cross-origin isolated ` +
      '(served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp).');
  }
  return threads;
}

// The single-threaded module for threads = 1, the -pthread one otherwise,
// started with threads - 1 pool Workers (the calling thread works too).
async function instantiateModule(baseUrl, threads) {
  // A page that loaded the classic one-file build with a <script> tag (the
  // offline page) already has its factory: nothing to fetch.
  if (threads === 1 && typeof globalThis.createLatentLab === 'function') return globalThis.createLatentLab({});
  baseUrl ??= new URL('./', import.meta.url);
  const folder = threads > 1 ? 'threads-' : '';
  const settings = threads > 1 ? { latentlabPoolSize: threads - 1 } : {};
  let module;
  if (isNode) {
    // Emscripten 3.1.6's loader misreads Node 20's global fetch: give it the bytes.
    const { createRequire } = await import('node:module');
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const require = createRequire(import.meta.url);
    const factory = require(fileURLToPath(new URL(`./wasm/${folder}cjs/latentlab.cjs`, baseUrl)));
    const wasmBinary = readFileSync(new URL(`./wasm/${folder}cjs/latentlab.wasm`, baseUrl));
    module = await factory({ ...settings, wasmBinary });
  } else {
    // The .wasm downloads (and compiles as it arrives) while the glue module
    // loads, instead of after it: one round trip fewer before the first model runs.
    const at = (file) => new URL(`./wasm/${folder}mjs/${file}`, baseUrl).href;
    const wasm = fetch(at('latentlab.wasm'), { credentials: 'same-origin' });
    wasm.catch(() => {});  // awaited by instantiateWasm below
    const factory = await import(at('latentlab.mjs')).then((glue) => glue.default, (error) => {
      throw new LatentLabError('io_error', `cannot load ${at('latentlab.mjs')}: ${error?.message ?? error}`);
    });
    module = await new Promise((resolve, reject) => {
      const instantiateWasm = (imports, receiveInstance) => {
        compileWasm(wasm, imports).then(({ instance, module: compiled }) => receiveInstance(instance, compiled), reject);
        return {};  // Emscripten: the exports come later, through receiveInstance
      };
      factory({ ...settings, locateFile: at, instantiateWasm }).then(resolve, reject);
    });
  }
  if (threads > 1) {
    checked(module, module.setThreadCount(threads));
    // Idle pool Workers must not keep a Node process alive.
    if (isNode) for (const worker of [...module.PThread.runningWorkers, ...module.PThread.unusedWorkers]) worker.unref();
  }
  return module;
}

// Compiles a fetched .wasm as its bytes arrive when the server says it is
// one (application/wasm), else from the whole file.
async function compileWasm(responsePromise, imports) {
  let response;
  try {
    response = await responsePromise;
  } catch (error) {  // offline, or the server went away
    throw new LatentLabError('io_error', `cannot load the WASM module: ${error?.message ?? error}`);
  }
  if (!response.ok) throw new LatentLabError('io_error', `cannot load ${response.url}: HTTP ${response.status}`);
  if ((response.headers.get('content-type') ?? '').startsWith('application/wasm')) return WebAssembly.instantiateStreaming(response, imports);
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

function configText(config) {
  if (typeof config === 'string') return config;
  if (config === null || typeof config !== 'object') throw new LatentLabError('invalid_argument', 'model config must be an object or a JSON string');
  return JSON.stringify(config);
}

export class Model extends Disposable {
  #lab;
  constructor(lab, module, handle) {
    super(module, handle);
    this.#lab = lab;
    const { type } = this.config;
    this.latentSize = call(this, 'latentSize');
    this.imageSize = call(this, 'imageSize');
    this.parameterCount = call(this, 'parameterCount');
    // The most rows (images, codes, samples) one call may take (docs/API.md, Limits).
    this.maxBatchRows = call(this, 'maxBatchRows');
    this.isVariational = type !== 'ae';
    this.isConditional = type === 'cvae';
  }
  // The full config (defaults filled in), read from the model each time so β set by a trainer shows.
  get config() {
    return JSON.parse(call(this, 'configJson'));
  }
  // Which naming the loaded weights file used and what became what; null for a created model.
  get mappedFrom() {
    return call(this, 'mappedFrom');
  }
  encode(images, labels) {
    return call(this, 'encode', asFloat32(images, 'images'), asLabels(labels));
  }
  // encode() over any number of images: maxBatchRows per call, the codes in one array.
  encodeAll(images, labels) {
    const values = asFloat32(images, 'images');
    const rows = Math.floor(values.length / this.imageSize);
    // One call when it fits, or when the length is wrong (that call then says why).
    if (rows <= this.maxBatchRows || values.length % this.imageSize !== 0) return this.encode(values, labels);
    const codes = new Float32Array(rows * this.latentSize);
    for (let start = 0; start < rows; start += this.maxBatchRows) {
      const end = Math.min(rows, start + this.maxBatchRows);
      const slice = values.subarray(start * this.imageSize, end * this.imageSize);
      codes.set(this.encode(slice, labels?.slice(start, end)), start * this.latentSize);
    }
    return codes;
  }
  encodeDistribution(images, labels) {
    return call(this, 'encodeDistribution', asFloat32(images, 'images'), asLabels(labels));
  }
  decode(codes, labels) {
    return call(this, 'decode', asFloat32(codes, 'latent codes'), asLabels(labels));
  }
  reconstruct(images, labels) {
    return call(this, 'reconstruct', asFloat32(images, 'images'), asLabels(labels));
  }
  sample(count, { temperature = 1, seed = 1, labels } = {}) {
    return call(this, 'sample', count, temperature, seed, asLabels(labels));
  }
  // Decoded frames [steps × imageSize] along the path between two codes.
  interpolate(from, to, steps, { spherical = false, labels } = {}) {
    for (const [name, code] of [['from', from], ['to', to]]) {
      if (code?.length !== this.latentSize)
        throw new LatentLabError('shape_mismatch',
          `interpolate: ${name} has ${code?.length} values; this model's codes have ${this.latentSize}`);
    }
    const codes = this.#lab.interpolate(from, to, steps, { spherical });
    return { codes, images: this.decode(codes, labels) };
  }
  anomalyScores(images, { labels, seed = 1 } = {}) {
    return call(this, 'anomalyScores', asFloat32(images, 'images'), asLabels(labels), seed);
  }
  evaluate(images, { labels, seed = 1 } = {}) {
    return call(this, 'evaluate', asFloat32(images, 'images'), asLabels(labels), seed);
  }
  save({ float16 = false } = {}) {
    return call(this, 'save', float16);
  }
  loadWeights(bytes) {
    return call(this, 'loadWeights', asBytes(bytes));
  }
  setBeta(beta) {
    call(this, 'setBeta', beta);
  }
  // Inside the network (client/inside.js): its layers, every layer's output, a conv channel's filters.
  architecture() {
    return architecture(this.#lab, this);
  }
  activations(images, labels) {
    return activations(this.#lab, this, images, labels);
  }
  filters(layer, channel) {
    return filters(this.#lab, this, layer, channel);
  }
}

// A trainer works on its model's weights in place: it refuses to run once that
// model is disposed (the C++ trainer would touch freed memory).
export class Trainer extends Disposable {
  #model;
  constructor(model, module, handle) {
    super(module, handle);
    this.#model = model;
  }
  #call(method, ...args) {
    if (this.#model.disposed) throw new LatentLabError('disposed', 'Trainer: its model was disposed; create a new model and trainer');
    return call(this, method, ...args);
  }
  get model() {
    return this.#model;
  }
  step() {
    return this.#call('step');
  }
  get finished() {
    return this.#call('finished');
  }
  get progress() {
    return this.#call('progress');
  }
  get batchesPerEpoch() {
    return this.#call('batchesPerEpoch');
  }
  get epochs() {
    return this.#call('epochs');
  }
  get learningRate() {
    return this.#call('learningRate');
  }
  setLearningRate(learningRate) {
    this.#call('setLearningRate', learningRate);
  }
  setBeta(beta) {
    this.#call('setBeta', beta);
  }
  requestPreview(count) {
    this.#call('requestPreview', count);
  }
  preview() {
    return this.#call('preview');
  }
}

export class LatentLab {
  #module;
  constructor(module) {
    this.#module = module;
    registerModule(this, module);
    // Threads the kernels share work over: 1 in the single-threaded build.
    this.threads = module.threadCount();
    // Every range the C++ side checks (src/models/limits.hpp): { latent: { min, max, integer }, ... }.
    this.limits = Object.freeze(Object.fromEntries(
      Object.entries(module.limits()).map(([key, range]) => [key, Object.freeze(range)])));
  }
  createModel(config, { seed = 1 } = {}) {
    const module = this.#module;
    return new Model(this, module, checked(module, module.Model.create(configText(config), seed)));
  }
  // config is needed only for files without Latent Lab metadata (e.g. saved by PyTorch).
  loadModel(bytes, config) {
    const module = this.#module;
    return new Model(this, module,
      checked(module, module.Model.load(asBytes(bytes), config == null ? '' : configText(config))));
  }
  createTrainer(model, data, trainConfig) {
    if (!(model instanceof Model)) throw new LatentLabError('invalid_argument', 'createTrainer: the first argument must be a Model');
    const { images, labels } = data ?? {};
    let configJson;
    try {
      configJson = JSON.stringify(trainConfig ?? {});
    } catch (error) {  // e.g. nesting too deep for JSON.stringify itself
      throw new LatentLabError('config_invalid', `createTrainer: the train config cannot be written as JSON (${error.message})`);
    }
    const module = this.#module;
    return new Trainer(model, module, checked(module, module.Trainer.create(handleOf(model),
      asFloat32(images, 'training images'), asLabels(labels), configJson)));
  }
  // A DQN training run (web/client/rl.js).
  dqnDefaults() {
    return dqnDefaults(this);
  }
  createDqn(config) {
    return createDqn(this, config);
  }
  loadDqn(bytes, config) {
    return loadDqn(this, bytes, config);
  }
  // A drawn bitmap (H×W ink in [0, 1]) to a 28×28 MNIST-style image.
  mnistify(ink, height, width) {
    return checked(this.#module, this.#module.mnistify(asFloat32(ink, 'ink'), height, width));
  }
  corrupt(images, { kind, level, seed = 1, height = 28, width = 28 } = {}) {
    if (typeof kind !== 'string') throw new LatentLabError('invalid_argument', 'corrupt: kind must be a string such as "gaussian"');
    if (typeof level !== 'number') throw new LatentLabError('invalid_argument', 'corrupt: level must be a number');
    return checked(this.#module, this.#module.corrupt(asFloat32(images, 'images'), height, width, kind, level, seed));
  }
  psnr(a, b) {
    return checked(this.#module, this.#module.psnr(asFloat32(a, 'a'), asFloat32(b, 'b')));
  }
  interpolate(from, to, steps, { spherical = false } = {}) {
    return checked(this.#module,
      this.#module.interpolate(asFloat32(from, 'from'), asFloat32(to, 'to'), steps, spherical));
  }
  // Data augmentation (web/client/augment.js): what TrainConfig.augment does to a batch, and one fixed transform.
  augment(images, options) {
    return augmentation.augment(this, images, options);
  }
  transformDigits(images, transform, options) {
    return augmentation.transformDigits(this, images, transform, options);
  }
  // Latent coverage (web/client/coverage.js): distances to a model's training codes.
  nearestDistances(codes, queries, latent) {
    return coverage.nearestDistances(this, codes, queries, latent);
  }
  coverageThreshold(codes, latent, options) {
    return coverage.coverageThreshold(this, codes, latent, options);
  }
  distanceGrid(codes, extent, cols, rows) {
    return coverage.distanceGrid(this, codes, extent, cols, rows);
  }
  priorCoverage(codes, latent, options) {
    return coverage.priorCoverage(this, codes, latent, options);
  }
  nearestLabels(reference, queries, options) {
    return coverage.nearestLabels(this, reference, queries, options);
  }
  sampleCoverage(model, train, options) {
    if (!(model instanceof Model)) throw new TypeError('sampleCoverage: the first argument must be a Model');
    return coverage.sampleCoverage(this, model, train, options);
  }
  // Raw or gzipped IDX bytes to { dims, values: Uint8Array }.
  async parseIdx(bytes) {
    let raw = asBytes(bytes);
    if (raw[0] === 0x1f && raw[1] === 0x8b) raw = await gunzip(raw, this.limits.fileBytes.max);
    return checked(this.#module, this.#module.parseIdx(raw));
  }
  // PCA, anomaly scores, ROC and k-NN: client/apps.js.
  fitPca(images, components, options) {
    return apps.fitPca(this, images, components, options);
  }
  pcaFromParts(parts) {
    return apps.pcaFromParts(this, parts);
  }
  createAnomalyScorer(model, options) {
    return apps.createAnomalyScorer(this, model, options);
  }
  roc(normalScores, anomalousScores) {
    return apps.roc(this, normalScores, anomalousScores);
  }
  auroc(normalScores, anomalousScores) {
    return apps.auroc(this, normalScores, anomalousScores);
  }
  knnAccuracy(reference, query, options) {
    return apps.knnAccuracy(this, reference, query, options);
  }
  // The KL divergence lab (client/kl.js; src/models/divergence.hpp).
  discreteKl(p, q) {
    return kl.discreteKl(this, p, q);
  }
  gaussianKl(p, q) {
    return kl.gaussianKl(this, p, q);
  }
  gaussianKlNumeric(p, q) {
    return kl.gaussianKlNumeric(this, p, q);
  }
  normalDensity(normal, lo, hi, points) {
    return kl.normalDensity(this, normal, lo, hi, points);
  }
  mixtureDensity(mixture, lo, hi, points) {
    return kl.mixtureDensity(this, mixture, lo, hi, points);
  }
  mixtureMoments(mixture) {
    return kl.mixtureMoments(this, mixture);
  }
  fitGaussian(mixture, options) {
    return kl.fitGaussian(this, mixture, options);
  }
  vaeKlTerm(mu, sigma) {
    return kl.vaeKlTerm(this, mu, sigma);
  }
  klPerDimension(mu, logvar) {
    return kl.klPerDimension(this, mu, logvar);
  }
  samplePosterior(mu, logvar, options) {
    return kl.samplePosterior(this, mu, logvar, options);
  }
  klLimits() {
    return kl.klLimits(this);
  }
  // Bytes malloc holds in the WASM heap now (what a leak would grow).
  heapBytesInUse() {
    return this.#module.heapBytesInUse();
  }
  // Runs fn(scope) and disposes everything passed to scope.track(), newest
  // first, when fn returns or throws (or, if fn is async, when it settles).
  scope(fn) {
    const owned = [];
    const scope = { track: (object) => (owned.push(object), object) };
    const disposeAll = () => {
      for (const object of owned.reverse()) object.dispose();
    };
    let result;
    try {
      result = fn(scope);
    } catch (error) {
      disposeAll();
      throw error;
    }
    if (result && typeof result.then === 'function') return Promise.resolve(result).finally(disposeAll);
    disposeAll();
    return result;
  }
}

// Inflates one gzip member of at most maxBytes, as strictly as the native
// reader (zlib) does: a missing or wrong CRC-32 / length trailer is an error
// on every platform (some inflaters accept a stream cut before its trailer).
async function gunzip(bytes, maxBytes) {
  const fail = (why) => new LatentLabError('invalid_argument', `parseIdx: corrupt gzip stream (${bytes.length} bytes): ${why}`);
  let out;
  try {
    out = isNode ? await gunzipNode(bytes, maxBytes) : await gunzipStream(bytes, maxBytes);
  } catch (error) {
    if (error instanceof LatentLabError) throw error;
    throw fail(error?.message ?? String(error));
  }
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  if (bytes.length < 18 || trailer.getUint32(0, true) !== crc32(out) || trailer.getUint32(4, true) !== out.length % 2 ** 32)
    throw fail('its CRC-32 and length trailer is missing or does not match the data');
  return out;
}

function tooLarge(maxBytes) {
  return new LatentLabError('too_large', `parseIdx: the gzip stream inflates past the limit of ${maxBytes} bytes`);
}

async function gunzipNode(bytes, maxBytes) {
  const { gunzipSync } = await import('node:zlib');
  try {
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: maxBytes }));
  } catch (error) {
    if (error?.code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes);
    throw error;
  }
}

async function gunzipStream(bytes, maxBytes) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) out.set(chunk, at), (at += chunk.length);
  return out;
}

let crcTable;
function crc32(bytes) {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; ++i) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const loaded = new Map();

// Loads the module once per baseUrl (the folder holding wasm/) and thread count.
// threads: 'auto' (the default), or a number; lab.threads says what was used.
export function loadLatentLab({ baseUrl, threads = 'auto' } = {}) {
  let count;
  try {
    count = resolveThreads(threads);
  } catch (error) {
    return Promise.reject(error);
  }
  const key = `${baseUrl ?? 'beside latentlab.js'} ${count}`;
  if (!loaded.has(key)) {
    loaded.set(key, (async () => {
      if (!hasWasmSimd()) {
        throw new LatentLabUnsupportedError(
          'This browser does not support WebAssembly SIMD, which Latent Lab needs. ' +
          'Use a current Chrome, Edge, Firefox or Safari (16.4 or newer).');
      }
      if (threads === 'auto' && count > 1) {
        // Asked for nothing in particular: a threads build that cannot start
        // (e.g. no room for its shared memory on a small device) is no reason
        // to fail, so fall back to the single-threaded one.
        try {
          return new LatentLab(await instantiateModule(baseUrl, count));
        } catch (error) {
          console.warn(`Latent Lab: the threads build did not start (${error?.message ?? error}); using one thread`);
          return loadLatentLab({ baseUrl, threads: 1 });
        }
      }
      return new LatentLab(await instantiateModule(baseUrl, count));
    })());
  }
  return loaded.get(key);
}
