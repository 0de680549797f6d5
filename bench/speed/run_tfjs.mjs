// TensorFlow.js 4.22 WASM backend, one thread, in Node.
//   node bench/speed/run_tfjs.mjs V1 A1 C1
// Same data, batch order, batch size, optimizer and protocol as the Latent Lab
// runners (common.mjs). Before timing, the custom-gradient conv ops
// (tfjs_models.mjs) are checked against the CPU backend's own gradients.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

import { MODELS, PROTOCOL, median, firstEpochOrder, batchRows, gridCodes, IMAGE_SIZE } from './common.mjs';
import { TFJS_MODELS, makeConv2d, makeConvTranspose2d } from './tfjs_models.mjs';
import { loadMnistTrain, emitResult, progress } from './node_data.mjs';

const now = () => performance.now();

// Largest |difference| between the gradients (input and filter) of our
// custom-gradient conv ops and of TF.js's own ops on the CPU backend, which has
// Conv2DBackpropFilter, for C1's kinds of layer (3×3, stride 2, pad 1).
async function checkConvGradients() {
  await tf.setBackend('cpu');
  return tf.tidy(() => {
    const largest = (a, b) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
    const x = tf.randomNormal([3, 14, 14, 5], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, 5, 4], 0, 1, 'float32', 2);
    const probe = tf.randomNormal([3, 7, 7, 4], 0, 1, 'float32', 3);
    const conv = makeConv2d(tf, 3, 2, 1);
    const expected = tf.grads((a, b) => tf.sum(tf.mul(tf.conv2d(a, b, 2, 1), probe)))([x, w]);
    const ours = tf.grads((a, b) => tf.sum(tf.mul(conv(a, b), probe)))([x, w]);
    const convT = makeConvTranspose2d(tf, 3, 2, 1, [14, 14, 5]);
    const expectedT = tf.grads((a, b) => tf.sum(tf.mul(tf.conv2dTranspose(a, b, [3, 14, 14, 5], 2, 1), x)))([probe, w]);
    const oursT = tf.grads((a, b) => tf.sum(tf.mul(convT(a, b), x)))([probe, w]);
    return Math.max(...[0, 1].map((i) => Math.max(largest(expected[i], ours[i]), largest(expectedT[i], oursT[i]))));
  });
}

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(MODELS);
const filterGradientError = names.includes('C1') ? await checkConvGradients() : null;
if (filterGradientError !== null) {
  progress(`tfjs: custom-gradient conv ops vs TF.js CPU backend gradients, largest difference ${filterGradientError.toExponential(2)}`);
  if (!(filterGradientError < 1e-3)) throw new Error('the custom-gradient conv ops disagree with TF.js CPU');
}

setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();
if (tf.getBackend() !== 'wasm' || getThreadsCount() !== 1) throw new Error('TF.js WASM backend with one thread did not start');

const { images, count } = loadMnistTrain();
const order = firstEpochOrder(count, PROTOCOL.seed);
const data = tf.tensor2d(images, [count, IMAGE_SIZE]);
const batchIndices = [];
for (let b = 0; b < PROTOCOL.warmup + PROTOCOL.steps; b++)
  batchIndices.push(tf.tensor1d(Int32Array.from(batchRows(order, b, PROTOCOL.batchSize)), 'int32'));

function trainRun(name) {
  const model = TFJS_MODELS[name](tf);
  const optimizer = tf.train.adam(PROTOCOL.learningRate, 0.9, 0.999, 1e-8);
  const step = (b) => {
    const cost = optimizer.minimize(() => model.loss(tf.gather(data, batchIndices[b])), true, model.variables);
    const value = cost.dataSync()[0];
    cost.dispose();
    return value;
  };
  for (let b = 0; b < PROTOCOL.warmup; b++) step(b);
  const start = now();
  let loss;
  for (let b = PROTOCOL.warmup; b < PROTOCOL.warmup + PROTOCOL.steps; b++) loss = step(b);
  const seconds = (now() - start) / 1000;
  optimizer.dispose();
  for (const v of model.variables) v.dispose();
  return { examplesPerSecond: (PROTOCOL.steps * PROTOCOL.batchSize) / seconds, loss };
}

function inferenceRuns(name) {
  const model = TFJS_MODELS[name](tf);
  const image = tf.tensor2d(images.subarray(0, IMAGE_SIZE), [1, IMAGE_SIZE]);
  const codes = tf.tensor2d(gridCodes(model.latent, PROTOCOL.gridSide), [PROTOCOL.gridSide ** 2, model.latent]);
  // Like Latent Lab's client: the image comes back to JS as a Float32Array.
  const encodeDecode = () => tf.tidy(() => model.decode(model.encode(image))).dataSync();
  const decodeGrid = () => tf.tidy(() => model.decode(codes)).dataSync();
  for (let i = 0; i < 20; i++) encodeDecode();
  decodeGrid();
  const latency = [], grid = [];
  for (let run = 0; run < PROTOCOL.runs; run++) {
    let start = now();
    for (let i = 0; i < PROTOCOL.latencyCalls; i++) encodeDecode();
    latency.push((now() - start) / PROTOCOL.latencyCalls);
    start = now();
    for (let i = 0; i < PROTOCOL.gridCalls; i++) decodeGrid();
    grid.push((now() - start) / PROTOCOL.gridCalls);
  }
  return { latencyMs: median(latency), gridMs: median(grid), latencyRuns: latency, gridRuns: grid };
}

const result = { engine: 'tfjs-wasm-node', version: tf.version.tfjs, threads: getThreadsCount(), filterGradientError, models: {} };
for (const name of names) {
  const runs = [];
  for (let r = 0; r < PROTOCOL.runs; r++) {
    const run = trainRun(name);
    runs.push(run.examplesPerSecond);
    progress(`tfjs wasm ${name} run ${r + 1}: ${run.examplesPerSecond.toFixed(0)} examples/s (loss ${run.loss.toFixed(2)})`);
  }
  const entry = { trainRuns: runs, trainExamplesPerSecond: median(runs) };
  if (name === 'V1') Object.assign(entry, inferenceRuns(name));
  result.models[name] = entry;
}
emitResult(result);
