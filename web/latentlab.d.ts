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
  /**
   * Strength in [0, 1] of the seeded data augmentation of each batch (random rotation ±15°·s,
   * scale 1 ± 0.15·s, shear ±0.3·s, shift ±2·s px, stroke thickening/thinning). Default 0: none.
   */
  augment?: number;
}

/** src/data/augment.hpp's DigitTransform: the map is about the image centre. */
export interface DigitTransform {
  /** Degrees, counter-clockwise on screen. */
  rotation?: number;
  scale?: number;
  /** col += shear · (row − centre). */
  shear?: number;
  shiftRows?: number;
  shiftCols?: number;
  /** In [−1, 1]: share of the way to the 3×3-cross dilation (> 0) or erosion (< 0). */
  stroke?: number;
}

/** A 2-D map's extent in latent coordinates. */
export interface MapExtent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface CoverageOptions {
  /** Default 1000. */
  count?: number;
  /** T of N(0, T²I); default 1. */
  temperature?: number;
  seed?: number;
  /** Default 0.95. */
  quantile?: number;
}

export interface PriorCoverage {
  threshold: number;
  /** Share of samples farther than threshold from every training code. */
  farShare: number;
  /** count×Z. */
  samples: Float32Array;
  distances: Float32Array;
}

export interface SampleCoverage extends PriorCoverage {
  /** The training codes (a VAE's means), N×Z. */
  codes: Float32Array;
  latent: number;
  temperature: number;
  count: number;
  /** Per class, how many decoded samples are nearest a training digit of that class. */
  histogram: Int32Array;
  sampleLabels: Int32Array;
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

/** One step of a model as it built its layers (Model.architecture()); shape is per image. */
export interface LayerInfo {
  /** PyTorch's parameter prefix ("encoder.1", "fc_mu") or the step's name ("input", "z", "output", "encoder.concat"). */
  name: string;
  /** The layer's kind (Dense, Conv2d, ConvTranspose2d, ReLU, Reshape, Flatten, ...), or Input, Concat, Sample (the VAE's z = μ + σ⊙ε), Sigmoid (the output). */
  kind: string;
  /** "heads": the VAE's μ, log σ² and sampling. */
  part: 'encoder' | 'heads' | 'decoder';
  shape: number[];
  /** Conv layers only (0 otherwise). */
  kernel: number;
  stride: number;
  padding: number;
  /** Weights plus biases. */
  parameters: number;
  /** The code: the AE's last encoder layer, the VAE's z. */
  code: boolean;
}

/** A layer's output for the images given (Model.activations()); shape is [N, ...]. */
export interface LayerActivation extends LayerInfo {
  values: Float32Array;
}

/** The kernels making one output channel of a conv layer: weights [Cin, K, K] and its bias. */
export interface ConvFilters {
  shape: number[];
  weights: Float32Array;
  bias: number;
}

/** A few images of a training batch as the loss saw them (Trainer.preview()), each count×imageSize. */
export interface BatchPreview {
  /** The step it comes from (1-based). */
  step: number;
  count: number;
  /** What the model was fed: the corrupted copy for a denoising model. */
  input: Float32Array;
  /** What its output was compared with: the clean image. */
  target: Float32Array;
  /** The model's output for input, before the step's update (a VAE decodes μ). */
  output: Float32Array;
}

/**
 * How a weights file's tensor names became the model's (docs/PYTORCH.md has the table).
 * layout: 'latentlab' (Latent Lab's own names), 'pytorch-examples-vae' (fc1, fc21, fc22, fc3, fc4),
 * 'sequential' (nn.Sequential numbering: encoder.N / decoder.N, or one top-level Sequential).
 */
export interface WeightsMapping {
  layout: 'latentlab' | 'pytorch-examples-vae' | 'sequential';
  /** The wrapper prefix removed from every name ('module.' from DataParallel/DDP, '_orig_mod.'), or ''. */
  prefix: string;
  /** Each tensor's name in the file → the model parameter it was loaded into. */
  names: Record<string, string>;
}

/** A model's WASM memory is freed by dispose(), by `using`, or by lab.scope(). */
export declare class Model {
  private constructor();
  readonly config: ResolvedModelConfig;
  /** The naming of the file it was loaded from (or last loadWeights), null for a created model. */
  readonly mappedFrom: WeightsMapping | null;
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
  /** encode() over any number of images, in calls of at most maxBatchRows rows; one array of codes. */
  encodeAll(images: Floats, labels?: Labels): Float32Array;
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
  /** Replaces the weights (same architecture), all or nothing; returns the naming it read. */
  loadWeights(bytes: Bytes): WeightsMapping;
  setBeta(beta: number): void;
  /** Every step of the network in order: encoder, (VAE) heads and sampling, decoder, output. */
  architecture(): LayerInfo[];
  /** Every step's output for these images; a VAE's z is μ, so the last equals reconstruct(). */
  activations(images: Floats, labels?: Labels): LayerActivation[];
  /** Output channel `channel` of conv layer `layer` (a name from architecture()). */
  filters(layer: string, channel: number): ConvFilters;
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
  /**
   * One batch. When the loss or its gradient is not finite it throws a LatentLabError with code
   * 'diverged' before the optimizer runs: the model keeps the weights of the last good step.
   */
  step(): StepReport;
  setLearningRate(learningRate: number): void;
  /** The target β (after warm-up). */
  setBeta(beta: number): void;
  /** The next step keeps its first count (1..16) images for preview(). */
  requestPreview(count: number): void;
  /** The last requested batch preview, or null before one. */
  preview(): BatchPreview | null;
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
  /** TrainConfig.augment: strength of the seeded augmentation. */
  readonly augment: Limit;
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

/** A 1-D normal N(mu, sigma²). */
export interface Normal {
  mu: number;
  sigma: number;
}

/** weight·N(first) + (1 − weight)·N(second), 0 < weight < 1. */
export interface Mixture {
  weight: number;
  first: Normal;
  second: Normal;
}

export interface DiscreteKl {
  /** The inputs divided by their sums. */
  p: Float64Array;
  q: Float64Array;
  /** p_i log(p_i / q_i) per category: 0 where p_i = 0, Infinity where q_i = 0 < p_i. */
  terms: Float64Array;
  /** D_KL(P‖Q) in nats (Infinity if any term is). */
  total: number;
  /** The categories with q_i = 0 < p_i. */
  infiniteAt: number[];
}

/** A fit's trajectory: index 0 is the start, then one entry per step. */
export interface FitPath {
  mu: Float64Array;
  sigma: Float64Array;
  /** KL(p‖q) at each point. */
  forward: Float64Array;
  /** KL(q‖p) at each point. */
  reverse: Float64Array;
}

/** The ranges the KL functions accept (src/models/divergence.hpp). */
export interface KlLimits {
  minCategories: number;
  maxCategories: number;
  minSigma: number;
  maxSigma: number;
  maxAbsMean: number;
  maxFitSteps: number;
  maxLearningRate: number;
  maxPosteriorSamples: number;
}

export declare class LatentLab {
  private constructor();
  /** Threads the kernels share work over: 1 in the single-threaded build. */
  readonly threads: number;
  /** The ranges every call checks, frozen; a form reads its slider bounds from here. */
  readonly limits: Limits;
  createModel(config: ModelConfig | string, options?: { seed?: number }): Model;
  /**
   * config is needed only for files without Latent Lab metadata (e.g. written by PyTorch); if given, it must match.
   * Names of PyTorch's usual layouts are mapped (see Model.mappedFrom); a file that fits none, or fits ambiguously,
   * throws a LatentLabError with code 'weights_mismatch' listing the file's tensors and the model's side by side.
   */
  loadModel(bytes: Bytes, config?: ModelConfig | string): Model;
  /** The images (and labels) are copied into the trainer. */
  createTrainer(model: Model, data: { images: Floats; labels?: Labels }, config?: TrainConfig): Trainer;
  /** A DQN training run in WASM (src/rl): an environment, its Q-network, target network and replay buffer. */
  /** The shipped DQN settings (src/rl/dqn_config.hpp), every key filled in. */
  dqnDefaults(): Required<DqnConfig>;
  createDqn(config?: DqnConfig): DqnAgent;
  /** A saved agent (DqnAgent.save()); config, if given, replaces the file's training settings. */
  loadDqn(bytes: Bytes, config?: DqnConfig): DqnAgent;
  /** A drawn bitmap (height×width ink in [0, 1]) to a 28×28 MNIST-style image. */
  mnistify(ink: Floats, height: number, width: number): Float32Array;
  corrupt(images: Floats, options: { kind: CorruptionKind; level: number; seed?: number; height?: number; width?: number }):
    Float32Array;
  psnr(a: Floats, b: Floats): number;
  /** steps×Z codes from one code to another. */
  interpolate(from: Floats, to: Floats, steps: number, options?: { spherical?: boolean }): Float32Array;
  /** The seeded random augmentation TrainConfig.augment applies to each batch (images N×height×width, default 28×28). */
  augment(images: Floats, options: { strength: number; seed?: number; height?: number; width?: number }): Float32Array;
  /** One fixed transform of every image: rotation (degrees), scale, shear, shifts (px) and stroke change. */
  transformDigits(images: Floats, transform?: DigitTransform, options?: { height?: number; width?: number }): Float32Array;
  /** M distances from each query code (M×Z) to its nearest code among codes (N×Z). */
  nearestDistances(codes: Floats, queries: Floats, latent: number): Float32Array;
  /** The quantile (default 0.95) of each code's distance to its nearest other code: beyond it, a code is "far". */
  coverageThreshold(codes: Floats, latent: number, options?: { quantile?: number }): number;
  /** rows×cols distances from each cell centre of a 2-D map to the nearest code (N×2), top row (y = yMax) first. */
  distanceGrid(codes: Floats, extent: MapExtent, cols: number, rows: number): Float32Array;
  /** count samples z ~ N(0, T²I) and their distances to the nearest training code. */
  priorCoverage(codes: Floats, latent: number, options?: CoverageOptions): PriorCoverage;
  /** Each query image takes the label of its nearest reference image (pixel space). */
  nearestLabels(reference: { images: Floats; labels: Labels }, queries: Floats, options?: { width?: number; classes?: number }):
    { histogram: Int32Array; perQuery: Int32Array };
  /** Prior coverage of a model's training codes plus the classes (nearest training digit) of the decoded samples. */
  sampleCoverage(model: Model, train: { images: Floats; labels: Labels }, options?: CoverageOptions): SampleCoverage;
  /** Raw or gzipped IDX bytes. */
  parseIdx(bytes: Bytes): Promise<{ dims: number[]; values: Uint8Array }>;
  /**
   * PCA with `components` components fitted in C++ on N×imageSize rows (imageSize default 784):
   * the linear baseline of an autoencoder with as many code dimensions (`latentlab eval --pca`).
   */
  fitPca(images: Floats, components: number, options?: { imageSize?: number }): Pca;
  /** A Pca rebuilt from another's mean, components and explainedVariance (e.g. fitted in a Worker). */
  pcaFromParts(parts: { mean: Floats; components: Floats; explainedVariance: Floats }): Pca;
  /** Anomaly scores in slices with one random stream: see AnomalyScorer. */
  createAnomalyScorer(model: Model, options?: { seed?: number }): AnomalyScorer;
  /** The ROC curve of "anomalous when score >= threshold" and its area (`latentlab eval`'s anomaly_auroc). */
  roc(normalScores: Floats, anomalousScores: Floats): RocCurve;
  /** P(random anomalous score > random normal one), ties counting one half. */
  auroc(normalScores: Floats, anomalousScores: Floats): number;
  /**
   * Fraction of query rows whose class is the majority class of their k (default 5) nearest
   * reference rows (Euclidean; a tie goes to the class of the nearest); rows have
   * codes.length / labels.length values.
   */
  knnAccuracy(reference: LabelledCodes, query: LabelledCodes, options?: { k?: number }): number;
  /** D_KL(P‖Q) for two discrete distributions given as non-negative weights (normalised here). */
  discreteKl(p: Floats | Float64Array, q: Floats | Float64Array): DiscreteKl;
  /** KL(p‖q) between two normals, closed form. */
  gaussianKl(p: Normal, q: Normal): number;
  /** The same by numerical integration (Simpson over μ_p ± 12σ_p). */
  gaussianKlNumeric(p: Normal, q: Normal): number;
  /** Density at `points` evenly spaced x in [lo, hi]. */
  normalDensity(normal: Normal, lo: number, hi: number, points: number): Float64Array;
  mixtureDensity(mixture: Mixture, lo: number, hi: number, points: number): Float64Array;
  /** The mixture's mean and standard deviation: the minimiser of KL(p‖q). */
  mixtureMoments(mixture: Mixture): Normal;
  /** Fits one normal to the mixture by natural-gradient descent on KL(p‖q) ('forward') or KL(q‖p) ('reverse'). */
  fitGaussian(mixture: Mixture, options: { direction: 'forward' | 'reverse'; start: Normal; steps?: number; learningRate?: number }):
    FitPath;
  /** ½(σ² + μ² − 1 − log σ²): the VAE's KL of one dimension, by the loss it trains with. */
  vaeKlTerm(mu: number, sigma: number): number;
  /** The VAE's KL per dimension for one posterior (mu, logvar as from encodeDistribution). */
  klPerDimension(mu: Floats, logvar: Floats): Float32Array;
  /**
   * σ = exp(½ log σ²) (Z), and count×Z ε from the seed (sample 0 is the ε model.evaluate(image, { seed }) uses)
   * with z = μ + σ⊙ε, computed as the VAE computes them.
   */
  samplePosterior(mu: Floats, logvar: Floats, options?: { count?: number; seed?: number }):
    { sigma: Float32Array; eps: Float32Array; z: Float32Array };
  klLimits(): KlLimits;
  /** Bytes malloc holds in the WASM heap now. */
  heapBytesInUse(): number;
  /** Runs fn and disposes everything it tracked when fn returns, throws, or (if async) settles. */
  scope<T>(fn: (scope: DisposeScope) => T): T;
}

/** Principal component analysis fitted in C++; dispose() frees it. Its basis is nested. */
export declare class Pca {
  private constructor();
  /** k, the number of components fitted. */
  readonly componentCount: number;
  readonly imageSize: number;
  readonly disposed: boolean;
  /** k×imageSize orthonormal rows, the largest variance first. */
  readonly components: Float32Array;
  /** imageSize values: the mean of the fitted rows. */
  readonly mean: Float32Array;
  /** k variances along the components (eigenvalues of the covariance), descending. */
  readonly explainedVariance: Float32Array;
  /** N×k codes: (x − mean)·componentsᵀ. */
  project(images: Floats): Float32Array;
  /** N×imageSize rows rebuilt from the first componentCount (default k) components: the PCA with that many. */
  reconstruct(images: Floats, options?: { componentCount?: number }): Float32Array;
  /** k values: the mean over the rows of Σ (x̂ − x)² with 1, 2, …, k components. */
  squaredErrorCurve(images: Floats): Float64Array;
  dispose(): void;
  [Symbol.dispose](): void;
}

/**
 * Model.anomalyScores with one random stream across calls (seed default 1): scoring a set in
 * slices, in order, gives exactly the scores of one call over the whole set. Throws once its
 * model is disposed.
 */
export declare class AnomalyScorer {
  private constructor();
  readonly model: Model;
  readonly disposed: boolean;
  /** Per image: reconstruction error (AE) or negative ELBO with one posterior sample (VAE). */
  score(images: Floats, options?: { labels?: Labels }): Float32Array;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** Points from the highest threshold (+Infinity: (0, 0)) down to the lowest ((1, 1)). */
export interface RocCurve {
  thresholds: Float64Array;
  /** Fraction of normal scores >= each threshold. */
  falsePositiveRate: Float64Array;
  /** Fraction of anomalous scores >= each threshold. */
  truePositiveRate: Float64Array;
  auroc: number;
}

/** Rows of codes (N×dims, row-major) and their N class ids. */
export interface LabelledCodes {
  codes: Floats;
  labels: Labels;
}

export declare function hasWasmSimd(): boolean;

/** DQN settings (src/rl/dqn_config.hpp); missing keys keep the shipped defaults. */
export interface DqnConfig {
  env?: 'cartpole' | 'gridworld';
  /** Widths of the Q-network's hidden Dense+ReLU layers. */
  hidden?: number[];
  learningRate?: number;
  gamma?: number;
  /** Transitions the replay buffer holds; 0: no replay (train on the newest batchSize transitions). */
  replaySize?: number;
  batchSize?: number;
  learningStarts?: number;
  trainFrequency?: number;
  /** Updates every trainFrequency steps. */
  gradientSteps?: number;
  /** Environment steps between target-network updates; 0: no target network. */
  targetPeriod?: number;
  /** 1: copy the online network; below 1: Polyak averaging. */
  tau?: number;
  doubleDqn?: boolean;
  epsilon?: { kind?: 'linear' | 'exponential'; start?: number; end?: number; steps?: number };
  /** Global gradient-norm clip; 0: off. */
  maxGradNorm?: number;
  loss?: 'huber' | 'mse';
  seed?: number;
}

export interface DqnCounters {
  steps: number;
  updates: number;
  episodes: number;
  /** Mean return of the last (up to) 100 episodes. */
  meanReturn: number;
  /** 100 episodes with a mean return of at least 475. */
  solved: boolean;
}

export interface DqnTrainReport extends DqnCounters {
  epsilon: number;
  /** Means over the updates of this call; NaN when there were none. */
  loss: number;
  meanQ: number;
  gradientNorm: number;
  updatesInCall: number;
  /** Returns and lengths of the episodes that ended during this call. */
  returns: Float32Array;
  lengths: Float32Array;
}

export interface DqnGrid {
  rows: number;
  cols: number;
  /** rows×cols characters: . # S G P */
  layout: string;
  agent: number;
  /** Q(cell, action) for the 4 actions up, right, down, left: rows×cols×4. */
  q: Float32Array;
}

export interface DqnAgent {
  readonly config: DqnConfig;
  readonly parameterCount: number;
  readonly disposed: boolean;
  train(steps: number): DqnTrainReport;
  counters(): DqnCounters;
  observation(): Float32Array;
  qValues(observation: Floats): Float32Array;
  greedyAction(observation: Floats): number;
  evaluate(options?: { episodes?: number; seed?: number }): number;
  grid(): DqnGrid;
  cartpoleState(): { x: number; xDot: number; theta: number; thetaDot: number; step: number };
  save(): Uint8Array;
  loadWeights(bytes: Bytes): void;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** The stable codes of src/nn/errors.hpp (docs/API.md lists what each means). */
export type LatentLabErrorCode =
  | 'invalid_argument' | 'shape_mismatch' | 'bad_weights_file' | 'weights_mismatch' | 'missing_config'
  | 'config_invalid' | 'diverged' | 'disposed' | 'unsupported' | 'too_large' | 'out_of_memory' | 'io_error'
  | 'internal';

/** Every error the client throws (a C++ call's or its own argument checks): branch on code, show message to people. */
export declare class LatentLabError extends Error {
  constructor(code: LatentLabErrorCode, message: string);
  readonly code: LatentLabErrorCode;
}

/**
 * Rejected by loadLatentLab() when the browser lacks WebAssembly SIMD or threads are asked for
 * without cross-origin isolation; code 'unsupported'.
 */
export declare class LatentLabUnsupportedError extends LatentLabError {
  constructor(message: string);
  readonly code: 'unsupported';
}

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
  /** Post a BatchMessage (count images, default 4, up to 16) every intervalMs (default 500, at least 250). */
  batchPreview?: { count?: number; intervalMs?: number };
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

/**
 * { type: 'error', code, message, recoverable }. Branch on code (the LatentLabError code of
 * the failure; 'internal' for anything else), show message to people.
 */
export interface ErrorMessage {
  type: 'error';
  /**
   * 'diverged': training is paused with the weights of the last checkpoint (the start or the
   * last finished epoch); lower the learning rate and resume. Anything else: see recoverable.
   */
  code: LatentLabErrorCode;
  message: string;
  /** true: the worker still holds its model. false: the worker is idle; send start. */
  recoverable: boolean;
}

/** A few images of one training batch as the loss saw them (see BatchPreview), each count×784. */
export interface BatchMessage {
  type: 'batch';
  step: number;
  count: number;
  input: Float32Array;
  target: Float32Array;
  output: Float32Array;
}

export type WorkerResponse =
  | StartedMessage
  | ProgressMessage
  | EpochMessage
  | BatchMessage
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'snapshot'; weights: Uint8Array }
  | { type: 'finished'; weights: Uint8Array }
  /** weights is null when there was no training session to stop. */
  | { type: 'stopped'; weights: Uint8Array | null }
  | ErrorMessage;
