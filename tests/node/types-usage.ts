// Type-checked (never run) by types.test.js with tsc --noEmit --strict: the
// API used as docs/API.md shows it. The @ts-expect-error lines are misuses the
// declarations must reject; tsc fails if any of them stops being an error.
import {
  loadLatentLab, hasWasmSimd, LatentLabError, LatentLabUnsupportedError, Model, Trainer,
  type LatentLab, type LatentLabErrorCode, type Limit, type LossBreakdown, type ModelConfig, type StepReport, type WorkerRequest, type WorkerResponse,
  type LayerInfo, type LayerActivation, type ConvFilters, type BatchPreview, type StartMessage,
} from '../../web/latentlab.js';

export async function decodeCorner(canvas: HTMLCanvasElement): Promise<void> {
  if (!hasWasmSimd()) throw new Error('no SIMD');
  let lab: LatentLab;
  try {
    lab = await loadLatentLab();
  } catch (error) {
    if (error instanceof LatentLabUnsupportedError) return;
    throw error;
  }
  const bytes = new Uint8Array(await (await fetch('../models/vae2.safetensors')).arrayBuffer());
  using model = lab.loadModel(bytes);
  const pixels: Float32Array = model.decode(new Float32Array(model.latentSize));
  const image = new ImageData(28, 28);
  pixels.forEach((p, i) => image.data.set([255 * p, 255 * p, 255 * p, 255], 4 * i));
  canvas.getContext('2d')?.putImageData(image, 0, 0);
}

export function trainLocally(lab: LatentLab, images: Float32Array, labels: Int32Array): LossBreakdown {
  const config: ModelConfig = { type: 'cvae', arch: 'dense', hidden: [64], latent: 2, classes: 10 };
  return lab.scope((scope) => {
    const model: Model = scope.track(lab.createModel(config, { seed: 7 }));
    const trainer: Trainer = scope.track(lab.createTrainer(model, { images, labels }, {
      epochs: 2, batchSize: 64, learningRate: 1e-3, seed: 1, klWarmupEpochs: 1, optimizer: 'adam',
    }));
    let report: StepReport | undefined;
    while (!trainer.finished) report = trainer.step();
    if (report?.epochLoss) console.log(report.epochLoss.elbo, report.epochLoss.klPerDim[0]);
    trainer.setLearningRate(trainer.learningRate / 2);
    trainer.setBeta(0.5);
    const { mu, logvar } = model.encodeDistribution(images.subarray(0, 784), [3]);
    const { codes, images: frames } = model.interpolate(mu, logvar, 8, { spherical: true, labels: new Int32Array(8) });
    const samples = model.sample(4, { temperature: 0.8, seed: 2, labels: [0, 1, 2, 3] });
    const scores = model.anomalyScores(samples, { labels: [0, 1, 2, 3] });
    const saved: Uint8Array = model.save({ float16: true });
    model.loadWeights(saved);
    console.log(codes.length, frames.length, scores[0], model.config.latent, model.isConditional, trainer.model.disposed);
    return model.evaluate(images, { labels });
  });
}

export async function helpers(lab: LatentLab, ink: Float32Array, gz: Uint8Array): Promise<number> {
  const digit = lab.mnistify(ink, 280, 280);
  const noisy = lab.corrupt(digit, { kind: 'salt_and_pepper', level: 0.2, seed: 3 });
  const path = lab.interpolate([0, 0], [1, 1], 5);
  const { dims, values } = await lab.parseIdx(gz);
  return lab.psnr(digit, noisy) + path.length + dims[0] + values.length + lab.heapBytesInUse();
}

export function applications(lab: LatentLab, model: Model, train: Float32Array, test: Float32Array,
  trainLabels: Int32Array, testLabels: Int32Array): number {
  using pca = lab.fitPca(train, 32);
  const codes: Float32Array = pca.project(test);
  const rebuilt: Float32Array = pca.reconstruct(test, { componentCount: 2 });
  const curve: Float64Array = pca.squaredErrorCurve(test);
  using copy = lab.pcaFromParts({ mean: pca.mean, components: pca.components, explainedVariance: pca.explainedVariance });
  console.log(copy.project(test).length);
  using scorer = lab.createAnomalyScorer(model, { seed: 4242 });
  const normal = scorer.score(test.subarray(0, 784 * 10));
  const anomalous = scorer.score(test.subarray(784 * 10));
  const { falsePositiveRate, truePositiveRate, thresholds, auroc } = lab.roc(normal, anomalous);
  const separable = lab.knnAccuracy({ codes: pca.project(train), labels: trainLabels }, { codes, labels: testLabels }, { k: 5 });
  console.log(rebuilt.length, pca.components.length, pca.mean.length, pca.explainedVariance[0], pca.componentCount,
    falsePositiveRate[1], truePositiveRate[1], thresholds[1], scorer.model.latentSize);
  return curve[1] + auroc + lab.auroc(normal, anomalous) + separable;
}

export function drive(worker: Worker, images: Float32Array, onProgress: (loss: number, eta: number | null) => void): void {
  const start: WorkerRequest = {
    type: 'start',
    model: { config: { type: 'vae', hidden: [400], latent: 20 }, seed: 1 },
    train: { images },
    options: { epochs: 10, batchSize: 128, learningRate: 1e-3, seed: 1 },
    progressIntervalMs: 100,
    preview: images.slice(0, 8 * 784),
  };
  worker.postMessage(start, [images.buffer]);
  worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const message = event.data;
    switch (message.type) {
      case 'progress': onProgress(message.loss.total, message.etaSeconds); break;
      case 'epoch': console.log(message.epoch, message.train.elbo, message.test?.kl, message.previews?.length); break;
      case 'error':
        if (message.code === 'diverged') {
          const lower: WorkerRequest = { type: 'setLearningRate', value: 1e-4 };
          worker.postMessage(lower);
          worker.postMessage({ type: 'resume' } satisfies WorkerRequest);
        }
        break;
      case 'stopped': console.log(message.weights?.length ?? 0); break;
      case 'finished': console.log(message.weights.byteLength); break;
    }
  };
}

// A form reads its bounds from lab.limits; errors are told apart by code.
export function latentSlider(lab: LatentLab, input: HTMLInputElement): LatentLabErrorCode | null {
  const latent: Limit = lab.limits.latent;
  input.min = String(latent.min);
  input.max = String(latent.max);
  input.step = latent.integer ? '1' : 'any';
  try {
    lab.createModel({ type: 'ae', latent: Number(input.value) });
    return null;
  } catch (error) {
    if (error instanceof LatentLabError && (error.code === 'config_invalid' || error.code === 'out_of_memory')) return error.code;
    throw error;
  }
}

export function misuses(lab: LatentLab, model: Model): void {
  // @ts-expect-error: limits are read-only
  lab.limits.latent.max = 4096;
  // @ts-expect-error: not a limit
  console.log(lab.limits.latentSize);
  // @ts-expect-error: not a model type
  lab.createModel({ type: 'gan' });
  // @ts-expect-error: unknown config key
  lab.createModel({ type: 'ae', latnt: 2 });
  // @ts-expect-error: images are numbers, not a string
  model.encode('pixels');
  // @ts-expect-error: save returns bytes, not images
  const images: Float32Array = model.save();
  // @ts-expect-error: learningRate is a number
  lab.createTrainer(model, { images }, { learningRate: '1e-3' });
  // @ts-expect-error: the trainer needs data
  lab.createTrainer(model);
  // @ts-expect-error: not a worker request
  const bad: WorkerRequest = { type: 'restart' };
  // @ts-expect-error: config is read-only
  model.latentSize = 3;
  // @ts-expect-error: k-NN needs labelled codes, not bare arrays
  lab.knnAccuracy(new Float32Array(4), new Float32Array(4));
  // @ts-expect-error: not an error code
  const code: LatentLabErrorCode = 'divergd';
  console.log(bad, code);
}

// Inside a model (web/client/inside.js) and a trainer's batch preview.
export function inside(lab: LatentLab, model: Model, images: Float32Array): number {
  const layers: LayerInfo[] = model.architecture();
  const acts: LayerActivation[] = model.activations(images);
  const code = layers.find((layer) => layer.code);
  const conv = layers.find((layer) => layer.kind === 'Conv2d');
  const filters: ConvFilters | null = conv ? model.filters(conv.name, 0) : null;
  const trainer = lab.createTrainer(model, { images }, { epochs: 1 });
  trainer.requestPreview(4);
  trainer.step();
  const preview: BatchPreview | null = trainer.preview();
  const start: StartMessage = { type: 'start', model: { config: { type: 'ae' } }, train: { images }, options: {}, batchPreview: { count: 4 } };
  const onMessage = (message: WorkerResponse) => (message.type === 'batch' ? message.output.length : 0);
  // @ts-expect-error: filters need a layer name, not an index
  model.filters(1, 0);
  console.log(start, onMessage);
  return acts[0].values.length + (code?.shape[0] ?? 0) + (filters?.bias ?? 0) + (preview?.count ?? 0);
}
