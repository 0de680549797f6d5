// The training worker: owns one model and one trainer, trains in time slices
// and talks by messages (the protocol is in docs/API.md, its types in
// latentlab.d.ts). The same file runs as a browser module Worker and as a
// Node worker_threads Worker:
//   new Worker(new URL('./training-worker.js', import.meta.url), { type: 'module' })   // page
//   new Worker(new URL('../../web/training-worker.js', import.meta.url))               // Node
//
// Divergence: the trainer stops before a non-finite update, but by then the
// weights and the optimizer's moments have usually blown up already, so
// resuming from them diverges again at once. The worker therefore keeps a
// checkpoint (the weights at the start and after each epoch); on divergence it
// restores that checkpoint and, on resume, continues with a fresh trainer over
// the remaining epochs at the (lowered) learning rate.
//
// Errors: every { type: 'error' } message carries the LatentLabError code
// (src/nn/errors.hpp; 'internal' for anything else) and the worker decides
// what to do from the code alone.
import { LatentLabError, loadLatentLab } from './latentlab.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
const nodeThreads = isNode ? await import('node:worker_threads') : null;
const port = nodeThreads?.parentPort ?? self;

const SLICE_MS = 40;  // train this long, then let control messages in
const SPEED_SMOOTHING = 0.2;  // weight of the newest slice in the examples/second average

const post = (message, transfer = []) => port.postMessage(message, transfer);
const invalid = (message) => new LatentLabError('invalid_argument', message);
const codeOf = (error) => (error instanceof LatentLabError ? error.code : 'internal');
const postError = (error, recoverable, message = String(error?.message ?? error)) =>
  post({ type: 'error', code: codeOf(error), message, recoverable });
const yieldThen = typeof setImmediate === 'function' ? setImmediate : (() => {
  const channel = new MessageChannel();
  const pending = [];
  channel.port1.onmessage = () => pending.shift()();
  return (fn) => { pending.push(fn); channel.port2.postMessage(null); };
})();

// Threads: 'auto' unless the creator says otherwise, in the Worker's URL
// (training-worker.js?threads=2) or, under Node, in workerData.threads.
const requestedThreads = isNode
  ? nodeThreads.workerData?.threads
  : new URL(self.location.href).searchParams.get('threads');
const labReady = loadLatentLab({
  threads: requestedThreads == null || requestedThreads === 'auto' ? 'auto' : Number(requestedThreads),
});
let session = null;
let sliceScheduled = false;

// Everything a training run holds; dispose() frees its WASM objects.
class Session {
  constructor(lab, message) {
    const { model: modelSpec, train, test, options = {}, preview, previewLabels, scatter } = message;
    if (!modelSpec || typeof modelSpec !== 'object') throw invalid('start: "model" must be {config, seed} or {weights, config?}');
    if (!train || !train.images) throw invalid('start: "train.images" (Float32Array, N×784) is required');
    this.lab = lab;
    this.model = modelSpec.weights != null
      ? lab.loadModel(modelSpec.weights, modelSpec.config)
      : lab.createModel(modelSpec.config, { seed: modelSpec.seed ?? 1 });
    try {
      this.train = train;
      this.options = options;
      this.trainer = lab.createTrainer(this.model, train, options);
      checkSet(this.model, test, 'test');
      checkSet(this.model, preview && { images: preview, labels: previewLabels }, 'preview');
      checkSet(this.model, scatter, 'scatter');
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.test = test;
    this.preview = preview;
    this.previewLabels = previewLabels;
    this.scatter = scatter;
    this.progressIntervalMs = message.progressIntervalMs ?? 100;
    // A few images of one batch (input, target, output) every intervalMs, at most 4 a second.
    this.batchPreview = message.batchPreview && {
      count: message.batchPreview.count ?? 4, intervalMs: Math.max(250, message.batchPreview.intervalMs ?? 500), at: -Infinity };
    this.totalEpochs = this.trainer.epochs;
    this.batchesPerEpoch = this.trainer.batchesPerEpoch;
    this.examplesPerBatch = train.images.length / this.model.imageSize / this.batchesPerEpoch;
    this.learningRate = Number(this.trainer.learningRate.toPrecision(7));  // the float32 it holds, as typed
    this.epochOffset = 0;  // epochs and steps done by earlier trainers of this run (after a divergence)
    this.stepOffset = 0;
    this.checkpoint = { weights: this.model.save(), epochs: 0, steps: 0 };
    this.state = 'running';
    this.lastProgressAt = -Infinity;
    this.lossSum = null;
    this.examplesPerSecond = 0;
    this.last = null;
  }

  dispose() {
    this.trainer?.dispose();
    this.model.dispose();
    this.trainer = null;
  }

  // After a divergence the trainer is gone: a new one continues from the checkpoint.
  ensureTrainer() {
    if (this.trainer) return;
    const warmup = this.options.klWarmupEpochs;
    this.trainer = this.lab.createTrainer(this.model, this.train, {
      ...this.options,
      epochs: this.totalEpochs - this.epochOffset,
      learningRate: this.learningRate,
      ...(warmup != null && { klWarmupEpochs: Math.max(0, warmup - this.epochOffset) }),
    });
  }

  // One batch; returns false when training cannot go on (diverged or failed).
  trainOneBatch() {
    let report;
    try {
      this.ensureTrainer();
      const preview = this.batchPreview && performance.now() - this.batchPreview.at >= this.batchPreview.intervalMs;
      if (preview) this.trainer.requestPreview(this.batchPreview.count);
      report = this.trainer.step();
      if (preview) this.postBatchPreview();
    } catch (error) {
      this.onStepError(error);
      return false;
    }
    this.last = report;
    const sum = this.lossSum ?? (this.lossSum = { reconstruction: 0, kl: 0, total: 0, count: 0 });
    sum.reconstruction += report.loss.reconstruction;
    sum.kl += report.loss.kl;
    sum.total += report.loss.total;
    sum.count += 1;
    if (report.epochFinished) this.onEpoch(report);
    if (report.finished) this.state = 'finished';
    return true;
  }

  postBatchPreview() {
    const { step, count, input, target, output } = this.trainer.preview();
    post({ type: 'batch', step: this.stepOffset + step, count, input, target, output },
      [input.buffer, target.buffer, output.buffer]);
    this.batchPreview.at = performance.now();
  }

  // The last progress (whatever its interval), then the final weights.
  finish() {
    this.postProgress();
    const weights = this.model.save();
    post({ type: 'finished', weights }, [weights.buffer]);
  }

  onEpoch(report) {
    const epoch = this.epochOffset + report.epoch;
    const message = { type: 'epoch', epoch, train: report.epochLoss };
    const transfer = [];
    if (this.test) message.test = this.model.evaluate(this.test.images, { labels: this.test.labels });
    if (this.preview) {
      message.previews = this.model.reconstruct(this.preview, this.previewLabels);
      transfer.push(message.previews.buffer);
    }
    if (this.scatter) {
      message.codes = this.model.encode(this.scatter.images, this.scatter.labels);
      transfer.push(message.codes.buffer);
    }
    post(message, transfer);
    this.checkpoint = { weights: this.model.save(), epochs: epoch + 1, steps: this.stepOffset + report.step };
  }

  onStepError(error) {
    if (codeOf(error) !== 'diverged') {
      endSession();
      postError(error, false);
      return;
    }
    this.trainer?.dispose();
    this.trainer = null;
    this.model.loadWeights(this.checkpoint.weights);
    this.epochOffset = this.checkpoint.epochs;
    this.stepOffset = this.checkpoint.steps;
    this.lossSum = null;
    this.state = 'paused';
    const from = this.checkpoint.epochs === 0 ? 'the start' : `the end of epoch ${this.checkpoint.epochs}`;
    postError(error, true,
      `${error.message}; training is paused with the weights from ${from}: lower the learning rate and resume`);
  }

  postProgress() {
    if (!this.last || !this.lossSum) return;
    const { reconstruction, kl, total, count } = this.lossSum;
    const loss = { reconstruction: reconstruction / count, kl: kl / count, total: total / count };
    loss.elbo = -(loss.reconstruction + loss.kl);
    const step = this.stepOffset + this.last.step;
    const totalSteps = this.totalEpochs * this.batchesPerEpoch;
    const remainingExamples = (totalSteps - step) * this.examplesPerBatch;
    post({
      type: 'progress',
      epoch: this.epochOffset + this.last.epoch,
      batch: this.last.batch,
      batchesPerEpoch: this.batchesPerEpoch,
      step,
      progress: Math.min(1, step / totalSteps),
      loss,
      examplesPerSecond: this.examplesPerSecond,
      etaSeconds: this.examplesPerSecond > 0 ? remainingExamples / this.examplesPerSecond : null,
      beta: this.last.beta,
      learningRate: this.learningRate,
    });
    this.lossSum = null;
    this.lastProgressAt = performance.now();
  }

  // Batches for about SLICE_MS, then progress if its interval has passed.
  slice() {
    const start = performance.now();
    let batches = 0;
    while (this.state === 'running' && performance.now() - start < SLICE_MS) {
      if (!this.trainOneBatch()) return;
      batches += 1;
    }
    const seconds = (performance.now() - start) / 1000;
    if (batches > 0 && seconds > 0) {
      const speed = (batches * this.examplesPerBatch) / seconds;
      this.examplesPerSecond = this.examplesPerSecond === 0
        ? speed : (1 - SPEED_SMOOTHING) * this.examplesPerSecond + SPEED_SMOOTHING * speed;
    }
    if (this.state === 'finished') this.finish();
    else if (performance.now() - this.lastProgressAt >= this.progressIntervalMs) this.postProgress();
  }
}

// Throws unless set is absent or holds finite N×imageSize images (and labels when the model needs them).
function checkSet(model, set, name) {
  if (!set) return;
  const { images, labels } = set;
  if (!(images instanceof Float32Array)) throw invalid(`${name} images must be a Float32Array`);
  if (images.length === 0 || images.length % model.imageSize !== 0)
    throw new LatentLabError('shape_mismatch', `${name} images have ${images.length} values; expected N×${model.imageSize}`);
  for (const v of images) if (!Number.isFinite(v)) throw invalid(`${name} images contain NaN or Inf`);
  const rows = images.length / model.imageSize;
  if (model.isConditional && (labels == null || labels.length !== rows))
    throw new LatentLabError('shape_mismatch', `${name}: a conditional model needs one label per image (${rows})`);
}

function endSession() {
  session?.dispose();
  session = null;
}

function scheduleSlice() {
  if (sliceScheduled) return;
  sliceScheduled = true;
  yieldThen(() => {
    sliceScheduled = false;
    if (session?.state !== 'running') return;
    try {
      session.slice();
    } catch (error) {
      endSession();
      postError(error, false);
    }
    if (session?.state === 'running') scheduleSlice();
  });
}

function requireSession(type) {
  if (!session) throw Object.assign(invalid(`${type}: no training session; send start first`), { recoverable: false });
  return session;
}

const handlers = {
  start(lab, message) {
    endSession();
    session = new Session(lab, message);
    post({ type: 'started', parameterCount: session.model.parameterCount, batchesPerEpoch: session.batchesPerEpoch,
      config: session.model.config, threads: lab.threads });
    scheduleSlice();
  },
  pause() {
    const s = requireSession('pause');
    if (s.state === 'running') s.state = 'paused';
    post({ type: 'paused' });
  },
  resume() {
    const s = requireSession('resume');
    if (s.state === 'finished') throw invalid('resume: training has finished; send start to train again');
    s.state = 'running';
    post({ type: 'resumed' });
    scheduleSlice();
  },
  step() {
    const s = requireSession('step');
    if (s.state === 'finished') throw invalid('step: training has finished; send start to train again');
    if (s.state !== 'paused') throw invalid('step: training is running; pause it first');
    if (!s.trainOneBatch()) return;
    if (s.state === 'finished') s.finish();
    else s.postProgress();
  },
  setLearningRate(lab, { value }) {
    const s = requireSession('setLearningRate');
    // Checked before either branch: a string kept here would only fail when the trainer is rebuilt, ending the session.
    if (typeof value !== 'number') throw new Error(`setLearningRate: learning rate must be a number, got ${typeof value}`);
    const { min, max } = lab.limits.learningRate;
    if (s.trainer) s.trainer.setLearningRate(value);
    else if (!(value >= min && value <= max)) throw invalid(`setLearningRate: learning rate must be in [${min}, ${max}], got ${value}`);
    s.learningRate = value;
  },
  setBeta(lab, { value }) {
    const s = requireSession('setBeta');
    if (s.trainer) s.trainer.setBeta(value);
    else s.model.setBeta(value);
  },
  snapshot() {
    const weights = requireSession('snapshot').model.save();
    post({ type: 'snapshot', weights }, [weights.buffer]);
  },
  stop() {
    const weights = session ? session.model.save() : null;
    endSession();
    post({ type: 'stopped', weights }, weights ? [weights.buffer] : []);
  },
};

// Messages are handled one at a time, in order, once the WASM module is loaded.
let queue = Promise.resolve();
function onMessage(message) {
  queue = queue.then(async () => {
    let lab;
    try {
      lab = await labReady;
      const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : null;
      if (!handler) throw invalid(`unknown message type ${JSON.stringify(message?.type)}`);
      handler(lab, message);
    } catch (error) {
      const recoverable = error.recoverable ?? (message?.type !== 'start' && session !== null);
      if (message?.type === 'start') endSession();
      postError(error, recoverable);
    }
  });
}

if (isNode) port.on('message', onMessage);
else port.addEventListener('message', (event) => onMessage(event.data));
