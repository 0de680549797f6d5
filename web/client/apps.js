// The client of the applications bindings (src/wasm/bindings_apps.cpp): PCA
// fitted in C++, anomaly scoring in slices, the ROC curve and AUROC of
// `latentlab eval`, and k-nearest-neighbour accuracy. LatentLab delegates to
// the functions here (lab.fitPca, lab.createAnomalyScorer, lab.roc, lab.auroc,
// lab.knnAccuracy); latentlab.d.ts types them.
import { asFloat32, asLabels, call, checked, Disposable, handleOf, LatentLabError, moduleOf } from './internals.js';

// Principal component analysis with k components fitted on N×imageSize rows.
// The basis is nested: reconstruct(images, { componentCount: j }) is the PCA
// with j ≤ k components, and squaredErrorCurve gives the error for every j at once.
export class Pca extends Disposable {
  constructor(module, handle) {
    super(module, handle);
    this.componentCount = call(this, 'components');
    this.imageSize = call(this, 'imageSize');
  }
  /** N×k codes: (x − mean) · componentᵀ. */
  project(images) {
    return call(this, 'project', asFloat32(images, 'images'));
  }
  /** N×imageSize rows rebuilt from the first componentCount components (default all k). */
  reconstruct(images, { componentCount = this.componentCount } = {}) {
    return call(this, 'reconstruct', asFloat32(images, 'images'), componentCount);
  }
  /** k values: the mean over the rows of Σ (x̂ − x)² with 1, 2, …, k components. */
  squaredErrorCurve(images) {
    return call(this, 'squaredErrorCurve', asFloat32(images, 'images'));
  }
  /** k×imageSize orthonormal rows, the largest variance first. */
  get components() {
    return call(this, 'basis');
  }
  get mean() {
    return call(this, 'mean');
  }
  /** k variances along the components (eigenvalues of the covariance), descending. */
  get explainedVariance() {
    return call(this, 'explainedVariance');
  }
}

export function fitPca(lab, images, components, { imageSize = 784 } = {}) {
  const module = moduleOf(lab);
  return new Pca(module, checked(module, module.Pca.fit(asFloat32(images, 'images'), imageSize, components)));
}

// A Pca rebuilt from what another Pca's mean, components and explainedVariance
// returned (e.g. fitted in a Worker): the same projections, bit for bit.
export function pcaFromParts(lab, { mean, components, explainedVariance }) {
  const module = moduleOf(lab);
  return new Pca(module, checked(module, module.Pca.fromParts(asFloat32(mean, 'mean'), asFloat32(components, 'components'),
    asFloat32(explainedVariance, 'explainedVariance'))));
}

// Model.anomalyScores with one random stream across calls: scoring a set in
// slices, in order, gives exactly the scores of one call over the whole set
// (a VAE's −ELBO draws one posterior sample per image from it; an AE's score
// is deterministic). Refuses to run once its model is disposed.
export class AnomalyScorer extends Disposable {
  #model;
  constructor(model, module, handle) {
    super(module, handle);
    this.#model = model;
  }
  get model() {
    return this.#model;
  }
  score(images, { labels } = {}) {
    if (this.#model.disposed) throw new LatentLabError('disposed', 'AnomalyScorer: its model was disposed');
    return call(this, 'score', handleOf(this.#model), asFloat32(images, 'images'), asLabels(labels));
  }
}

export function createAnomalyScorer(lab, model, { seed = 1 } = {}) {
  const module = moduleOf(lab);
  if (typeof model?.anomalyScores !== 'function') throw new TypeError('createAnomalyScorer: the first argument must be a Model');
  return new AnomalyScorer(model, module, checked(module, module.AnomalyScorer.create(seed)));
}

export function roc(lab, normalScores, anomalousScores) {
  const module = moduleOf(lab);
  return checked(module, module.roc(asFloat32(normalScores, 'normal scores'), asFloat32(anomalousScores, 'anomalous scores')));
}

export function auroc(lab, normalScores, anomalousScores) {
  const module = moduleOf(lab);
  return checked(module, module.auroc(asFloat32(normalScores, 'normal scores'), asFloat32(anomalousScores, 'anomalous scores')));
}

export function knnAccuracy(lab, reference, query, { k = 5 } = {}) {
  const module = moduleOf(lab);
  return checked(module, module.knnAccuracy(asFloat32(reference.codes, 'reference codes'), asLabels(reference.labels),
    asFloat32(query.codes, 'query codes'), asLabels(query.labels), k));
}
