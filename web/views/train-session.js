// The training run behind the Train view: one Web Worker (../training-worker.js
// and its message protocol) and everything the view shows about
// the run. It lives for the whole page session, so training goes on while the
// student looks at other views; when a run finishes or is stopped its weights
// become "the trained model" (models.setTrained) that every view can use.
//
//   session.subscribe((event) => …)   events: 'state', 'progress', 'epoch', 'batch', 'error'; returns unsubscribe
//   session.start({ config, weights?, weightsConfig?, options, train, test, preview, scatter })   (weights: train these further)
//   session.pause() / resume() / step() / stop() / setLearningRate(v) / setBeta(v) / snapshot()
import { startTrainingWorker } from '../assets.js';
import { lab as loadLatentLab, threadsChoice } from '../lab.js';
import { models } from '../models.js';
import { LocalizedError } from '../ui/messages.js';

class TrainingSession {
  #worker = null;
  #listeners = new Set();
  #snapshotWaiters = [];

  constructor() {
    this.reset();
  }

  reset() {
    this.state = 'idle'; // idle | starting | running | paused | finished | stopped | failed
    this.config = null;
    this.options = null;
    this.parameterCount = 0;
    this.batchesPerEpoch = 0;
    this.progress = null; // the last progress message
    this.progressCount = 0;
    this.epochs = []; // epoch messages without the big arrays
    this.previews = null; // reconstructions of the preview digits after the last epoch
    this.codes = null; // codes of the scatter digits after the last epoch
    this.input = null; // { preview, previewLabels, scatterLabels } as sent
    // Chart series, aligned on x (fractional epochs); null where a series has no value.
    this.series = { x: [], reconstruction: [], kl: [], epochReconstruction: [], testReconstruction: [], epochKl: [], testKl: [] };
    this.weights = null;
    this.lastError = null; // the error that stopped or paused the run, shown again when the view comes back
  }

  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(type, detail) {
    for (const listener of this.#listeners) listener(type, detail);
  }

  #setState(state) {
    this.state = state;
    this.#emit('state', state);
  }

  get busy() {
    return ['starting', 'running', 'paused'].includes(this.state);
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    // The worker loads the same build as the page (lab.js).
    const worker = startTrainingWorker(`?threads=${threadsChoice()}`);
    worker.addEventListener('message', (event) => this.#onMessage(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#fail(new LocalizedError('train.workerFailed', {}, event.message ?? ''));
      this.#worker?.terminate();
      this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }

  // train, test: { images: Float32Array N×784, labels: Int32Array } (copied, then transferred to the worker).
  // weights: a safetensors file to start from; weightsConfig: the config to read
  // it with when it carries none (a file written by PyTorch).
  start({ config, weights, weightsConfig, options, train, test, preview, previewLabels, scatter }) {
    this.reset();
    this.config = config;
    this.options = options;
    this.input = { preview, previewLabels, scatterLabels: scatter.labels };
    this.#setState('starting');
    const copy = (set) => ({ images: set.images.slice(), labels: set.labels ? Int32Array.from(set.labels) : undefined });
    const trainCopy = copy(train), testCopy = copy(test), scatterCopy = copy(scatter);
    const previewCopy = preview.slice();
    const conditional = config.type === 'cvae';
    const message = {
      type: 'start',
      model: weights ? { weights: weights.slice(), config: weightsConfig ?? undefined } : { config, seed: options.seed },
      train: conditional ? trainCopy : { images: trainCopy.images },
      test: conditional ? testCopy : { images: testCopy.images },
      options,
      progressIntervalMs: 150,
      // A few images of the batch being trained on (input, target, output), for the batch preview.
      batchPreview: { count: 4, intervalMs: 500 },
      preview: previewCopy,
      previewLabels: conditional ? Int32Array.from(previewLabels) : undefined,
      scatter: conditional ? scatterCopy : { images: scatterCopy.images },
    };
    const transfer = [trainCopy.images.buffer, testCopy.images.buffer, previewCopy.buffer, scatterCopy.images.buffer];
    this.#ensureWorker().postMessage(message, transfer);
  }

  pause() {
    this.#send({ type: 'pause' });
  }
  resume() {
    this.#send({ type: 'resume' });
  }
  step() {
    this.#send({ type: 'step' });
  }
  stop() {
    this.#send({ type: 'stop' });
  }
  setLearningRate(value) {
    if (this.busy) this.#send({ type: 'setLearningRate', value });
  }
  setBeta(value) {
    if (this.busy) this.#send({ type: 'setBeta', value });
  }

  // The current weights (Uint8Array, safetensors): from the worker while a run is on.
  snapshot() {
    if (!this.busy) return Promise.resolve(this.weights);
    return new Promise((resolve) => {
      this.#snapshotWaiters.push(resolve);
      this.#send({ type: 'snapshot' });
    });
  }

  #send(message) {
    if (this.#worker) this.#worker.postMessage(message);
  }

  #fail(error) {
    this.lastError = error;
    this.#setState('failed');
    this.#emit('error', error);
  }

  async #adopt(weights, origin) {
    this.weights = weights;
    if (!weights) return;
    try {
      const lab = await loadLatentLab();
      models.setTrained(lab.loadModel(weights), { origin, epochs: this.epochs.length, config: this.config });
    } catch (error) {
      this.#emit('error', error);
    }
  }

  // The worker restored the weights of the last finished epoch (or the start)
  // and paused: the batches since then are undone, so the curves and the
  // tiles go back to that point instead of showing the failed batch's losses.
  #diverged(message) {
    const restored = this.epochs.at(-1);
    const s = this.series;
    const keep = restored ? s.x.lastIndexOf(restored.epoch + 1) + 1 : 0;
    for (const values of Object.values(s)) values.length = keep;
    if (this.progress) this.progress = { ...this.progress, loss: restored ? restored.train : null, restored: true };
    if (!restored) this.progress = null;
    this.state = 'paused';
    this.lastError = new LocalizedError('train.diverged', {}, message.message);
    this.#emit('state', 'paused');
    this.#emit('error', this.lastError);
  }

  #onMessage(message) {
    switch (message.type) {
      case 'started':
        this.parameterCount = message.parameterCount;
        this.batchesPerEpoch = message.batchesPerEpoch;
        this.threads = message.threads;
        this.#setState('running');
        break;
      case 'progress': {
        this.progress = message;
        this.progressCount += 1;
        const s = this.series;
        s.x.push(message.epoch + (message.batch + 1) / message.batchesPerEpoch);
        s.reconstruction.push(message.loss.reconstruction);
        s.kl.push(message.loss.kl);
        s.epochReconstruction.push(null);
        s.testReconstruction.push(null);
        s.epochKl.push(null);
        s.testKl.push(null);
        this.#emit('progress', message);
        break;
      }
      case 'batch':
        this.#emit('batch', message);
        break;
      case 'epoch': {
        const { previews, codes, ...summary } = message;
        this.epochs.push(summary);
        if (previews) this.previews = previews;
        if (codes) this.codes = codes;
        const s = this.series;
        s.x.push(message.epoch + 1);
        s.reconstruction.push(null);
        s.kl.push(null);
        s.epochReconstruction.push(message.train.reconstruction);
        s.epochKl.push(message.train.kl);
        s.testReconstruction.push(message.test?.reconstruction ?? null);
        s.testKl.push(message.test?.kl ?? null);
        this.#emit('epoch', message);
        break;
      }
      case 'paused':
        if (this.state === 'running') this.#setState('paused');
        break;
      case 'resumed':
        this.lastError = null;
        this.#setState('running');
        break;
      case 'snapshot':
        this.weights = message.weights;
        for (const resolve of this.#snapshotWaiters.splice(0)) resolve(message.weights);
        break;
      case 'finished':
        this.#setState('finished');
        this.#adopt(message.weights, 'trained');
        break;
      case 'stopped':
        if (this.state !== 'idle') this.#setState('stopped');
        this.#adopt(message.weights, 'trained');
        break;
      case 'error':
        if (message.code === 'diverged') this.#diverged(message);
        else if (message.recoverable) this.#emit('error', new LocalizedError('train.commandFailed', {}, message.message));
        else this.#fail(new LocalizedError('train.failed', {}, message.message));
        break;
      default:
        break;
    }
  }
}

export const session = new TrainingSession();
