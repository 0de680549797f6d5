/// <reference lib="esnext.disposable" />
// Types for latentlab.js (the client over the WASM module) and for the messages
// of training-worker.js. tests/node/types.test.js type-checks a usage file
// against this and checks that every declared value exists at run time and
// that nothing exported at run time is missing here.
//
// Shapes: images are row-major N×imageSize floats in [0, 1] (imageSize = 784
// for 28×28 MNIST); latent codes are N×latentSize; labels are N class ids.
// Every returned array is a fresh copy owned by the caller.

/** Images or codes: a Float32Array (used as is) or numbers (converted). */
export type Floats = Float32Array | readonly number[];
/** Class ids, one per row; only conditional models (type "cvae") take them. */
export type Labels = Int32Array | Uint8Array | readonly number[];
export type Bytes = Uint8Array | ArrayBuffer;

export type ModelType = 'ae' | 'vae' | 'cvae';
export type CorruptionKind = 'none' | 'gaussian' | 'salt_and_pepper' | 'masking' | 'block';

/** What a model is. Unknown keys and out-of-range values throw. */
export interface ModelConfig {
  type?: ModelType;
  arch?: 'dense' | 'conv';
  /** [channels, height, width]; default [1, 28, 28]. */
  image?: [number, number, number];
  /** Dense encoder widths (the decoder mirrors them); each 1..4096, at most 6. */
  hidden?: number[];
  /** Conv channels, one 3×3 stride-2 conv per entry; 1 to 4 entries. */
  channels?: number[];
  /** Latent size, 1..512. */
  latent?: number;
  activation?: 'relu' | 'leaky_relu' | 'tanh';
  /** VAEs must use "bce". */
  reconstruction?: 'bce' | 'mse';
  /** VAE: weight of the KL term, 0..1000. */
  beta?: number;
  /** Conditional VAE: number of classes, 2..100. */
  classes?: number;
  /** Train on corrupted inputs against the clean images (denoising autoencoder). */
  denoise?: { kind: CorruptionKind; level?: number };
}

/** A model's config as it reports it: defaults filled in. */
export interface ResolvedModelConfig extends ModelConfig {
  type: ModelType;
  arch: 'dense' | 'conv';
  image: [number, number, number];
  latent: number;
  activation: 'relu' | 'leaky_relu' | 'tanh';
  reconstruction: 'bce' | 'mse';
}

/** Training options; unknown keys throw. Defaults: 10 epochs, batch 128, Adam at 1e-3, seed 1. */
export interface TrainConfig {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Non-negative integer: shuffling, VAE noise and corruption are reproducible from it. */
  seed?: number;
  /** β ramps linearly from 0 to its target over this many epochs. */
  klWarmupEpochs?: number;
  optimizer?: 'adam' | 'sgd';
}

/** Per-image losses in nats. total = reconstruction + β·kl; elbo = −(reconstruction + kl). */
export interface LossBreakdown {
  reconstruction: number;
  kl: number;
  total: number;
  elbo: number;
  /** KL per latent dimension (VAEs; empty otherwise). */
  klPerDim: Float32Array;
}

export interface StepReport {
  /** 0-based epoch and batch of the step just taken. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** 1-based count of steps taken. */
  step: number;
  /** β used for this batch (after warm-up). */
  beta: number;
  loss: LossBreakdown;
  examplesPerSecond: number;
  epochFinished: boolean;
  /** Mean over the epoch, when epochFinished. */
  epochLoss?: LossBreakdown;
  /** 0..1 over all epochs. */
  progress: number;
  finished: boolean;
}

/** A model's WASM memory is freed by dispose(), by `using`, or by lab.scope(). */
export declare class Model {
  private constructor();
  readonly config: ResolvedModelConfig;
  readonly latentSize: number;
  readonly imageSize: number;
  readonly parameterCount: number;
  /** The most rows (images, codes, samples) one call accepts: limits.batchValues over this model's activations per image. */
  readonly maxBatchRows: number;
  readonly isVariational: boolean;
  readonly isConditional: boolean;
  readonly disposed: boolean;
  /** N×latentSize codes (a VAE's posterior mean). */
  encode(images: Floats, labels?: Labels): Float32Array;
  /** VAEs only: the posterior's mean and log-variance, each N×latentSize. */
  encodeDistribution(images: Floats, labels?: Labels): { mu: Float32Array; logvar: Float32Array };
  /** N×imageSize pixel probabilities. */
  decode(codes: Floats, labels?: Labels): Float32Array;
  /** decode(encode(images)). */
  reconstruct(images: Floats, labels?: Labels): Float32Array;
  /** count×imageSize images decoded from the prior N(0, temperature²·I). */
  sample(count: number, options?: { temperature?: number; seed?: number; labels?: Labels }): Float32Array;
  /** steps codes on the line (or great circle) from one code to another, and their decodings. */
  interpolate(from: Floats, to: Floats, steps: number, options?: { spherical?: boolean; labels?: Labels }):
    { codes: Float32Array; images: Float32Array };
  /** Per-image score: reconstruction error (AE) or negative ELBO (VAE). */
  anomalyScores(images: Floats, options?: { labels?: Labels; seed?: number }): Float32Array;
  /** Mean losses over a set (with the model's denoising corruption, if any). */
  evaluate(images: Floats, options?: { labels?: Labels; seed?: number }): LossBreakdown;
  /** safetensors bytes with the config in the metadata; float16 halves the size. */
  save(options?: { float16?: boolean }): Uint8Array;
  /** Replaces the weights (same architecture), all or nothing. */
  loadWeights(bytes: Bytes): void;
  setBeta(beta: number): void;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** Trains its model in place, one batch per step(); throws once the model is disposed. */
export declare class Trainer {
  private constructor();
  readonly model: Model;
  readonly finished: boolean;
  readonly progress: number;
  readonly batchesPerEpoch: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly disposed: boolean;
  /** One batch. Throws an Error whose message contains "diverged" when the loss or gradient is not finite. */
  step(): StepReport;
  setLearningRate(learningRate: number): void;
  /** The target β (after warm-up). */
  setBeta(beta: number): void;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface DisposeScope {
  track<T extends { dispose(): void }>(object: T): T;
}

/** An inclusive range; integer: only whole numbers are accepted. */
export interface Limit {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** Every range the C++ side checks (src/models/limits.hpp); docs/API.md lists them. */
export interface Limits {
  /** Model config: latent size, dense widths and layer count, conv channels and layer count, image shape. */
  readonly latent: Limit;
  readonly hiddenWidth: Limit;
  readonly hiddenLayers: Limit;
  readonly convChannels: Limit;
  readonly convLayers: Limit;
  readonly imageChannels: Limit;
  readonly imageSide: Limit;
  readonly beta: Limit;
  readonly classes: Limit;
  /** Corruption level (corrupt(), a denoising model's denoise.level). */
  readonly noiseLevel: Limit;
  /** Train config. */
  readonly learningRate: Limit;
  readonly epochs: Limit;
  readonly batchSize: Limit;
  readonly klWarmupEpochs: Limit;
  /** Every seed (models, trainers, sampling, corruption). */
  readonly seed: Limit;
  /** sample() count and temperature; interpolate() steps. */
  readonly sampleCount: Limit;
  readonly temperature: Limit;
  readonly interpolationSteps: Limit;
  /** Height and width of a bitmap given to mnistify() or corrupt(). */
  readonly bitmapSide: Limit;
  /** Sizes (docs/API.md, Limits): parameters of a model; rows × a model's activations per image in one call. */
  readonly modelParameters: Limit;
  readonly batchValues: Limit;
  /** Values in one array passed in; interpolate() steps × code length. */
  readonly arrayValues: Limit;
  readonly outputValues: Limit;
  /** Bytes of a weights or IDX file (after gunzip), of a safetensors header; nesting of any JSON. */
  readonly fileBytes: Limit;
  readonly weightsHeaderBytes: Limit;
  readonly jsonDepth: Limit;
}

export declare class LatentLab {
  private constructor();
  /** Threads the kernels share work over: 1 in the single-threaded build. */
  readonly threads: number;
  /** The ranges every call checks, frozen; a form reads its slider bounds from here. */
  readonly limits: Limits;
  createModel(config: ModelConfig | string, options?: { seed?: number }): Model;
  /** config is needed only for files without Latent Lab metadata (e.g. written by PyTorch); if given, it must match. */
  loadModel(bytes: Bytes, config?: ModelConfig | string): Model;
  /** The images (and labels) are copied into the trainer. */
  createTrainer(model: Model, data: { images: Floats; labels?: Labels }, config?: TrainConfig): Trainer;
  /** A drawn bitmap (height×width ink in [0, 1]) to a 28×28 MNIST-style image. */
  mnistify(ink: Floats, height: number, width: number): Float32Array;
  corrupt(images: Floats, options: { kind: CorruptionKind; level: number; seed?: number; height?: number; width?: number }):
    Float32Array;
  psnr(a: Floats, b: Floats): number;
  /** steps×Z codes from one code to another. */
  interpolate(from: Floats, to: Floats, steps: number, options?: { spherical?: boolean }): Float32Array;
  /** Raw or gzipped IDX bytes. */
  parseIdx(bytes: Bytes): Promise<{ dims: number[]; values: Uint8Array }>;
  /** Bytes malloc holds in the WASM heap now. */
  heapBytesInUse(): number;
  /** Runs fn and disposes everything it tracked when fn returns, throws, or (if async) settles. */
  scope<T>(fn: (scope: DisposeScope) => T): T;
}

export declare function hasWasmSimd(): boolean;

/** The stable codes of src/nn/errors.hpp (docs/API.md lists what each means). */
export type LatentLabErrorCode =
  | 'invalid_argument' | 'shape_mismatch' | 'bad_weights_file' | 'weights_mismatch' | 'missing_config'
  | 'config_invalid' | 'diverged' | 'disposed' | 'unsupported' | 'too_large' | 'out_of_memory' | 'internal';

/** Every error a C++ call reports: branch on code, show message to people. */
export declare class LatentLabError extends Error {
  constructor(code: LatentLabErrorCode, message: string);
  readonly code: LatentLabErrorCode;
}

/** Rejected by loadLatentLab() when the browser lacks WebAssembly SIMD. */
export declare class LatentLabUnsupportedError extends Error {}

/** True where the threads build can run: Node, or a cross-origin isolated page or Worker. */
export declare function canUseThreads(): boolean;

/**
 * Loads the WASM module once per baseUrl (the folder holding wasm/; default: beside latentlab.js)
 * and thread count. threads: 'auto' (default: the threads build, up to 4, only in a cross-origin
 * isolated page; 1 in Node) or a count; more than 1 where canUseThreads() is false rejects with
 * LatentLabUnsupportedError.
 */
export declare function loadLatentLab(options?: { baseUrl?: URL | string; threads?: 'auto' | number }): Promise<LatentLab>;

// ---- training-worker.js messages (docs/API.md describes the protocol) ----

export interface DataSet {
  images: Float32Array;
  labels?: Int32Array;
}

export interface StartMessage {
  type: 'start';
  model: { config: ModelConfig | string; seed?: number } | { weights: Uint8Array; config?: ModelConfig | string };
  train: DataSet;
  test?: DataSet;
  options: TrainConfig;
  /** Default 100. */
  progressIntervalMs?: number;
  /** k×784 images reconstructed after every epoch. */
  preview?: Float32Array;
  /** Labels of the preview images (conditional models need them). */
  previewLabels?: Int32Array;
  /** Images encoded after every epoch. */
  scatter?: DataSet;
}

export type WorkerRequest =
  | StartMessage
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'setLearningRate'; value: number }
  | { type: 'setBeta'; value: number }
  | { type: 'snapshot' };

/** Mean over the batches since the previous progress message. */
export interface ProgressLoss {
  reconstruction: number;
  kl: number;
  total: number;
  elbo: number;
}

export interface StartedMessage {
  type: 'started';
  parameterCount: number;
  batchesPerEpoch: number;
  config: ResolvedModelConfig;
  /** Threads the worker's module trains on. */
  threads: number;
}

export interface ProgressMessage {
  type: 'progress';
  /** 0-based epoch and batch of the last step. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Steps taken (1-based count). */
  step: number;
  progress: number;
  loss: ProgressLoss;
  examplesPerSecond: number;
  /** null until a speed has been measured. */
  etaSeconds: number | null;
  beta: number;
  learningRate: number;
}

export interface EpochMessage {
  type: 'epoch';
  /** 0-based index of the epoch just finished. */
  epoch: number;
  train: LossBreakdown;
  test?: LossBreakdown;
  previews?: Float32Array;
  codes?: Float32Array;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
  /**
   * true: the worker still holds its model (after a divergence, whose message
   * contains "diverged", training is paused with the last checkpoint's weights:
   * lower the learning rate and resume). false: the worker is idle; send start.
   */
  recoverable: boolean;
}

export type WorkerResponse =
  | StartedMessage
  | ProgressMessage
  | EpochMessage
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'snapshot'; weights: Uint8Array }
  | { type: 'finished'; weights: Uint8Array }
  /** weights is null when there was no training session to stop. */
  | { type: 'stopped'; weights: Uint8Array | null }
  | ErrorMessage;
