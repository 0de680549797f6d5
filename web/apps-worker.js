// The applications views' worker: work that takes seconds, off the page's
// thread. One thread: the page keeps the other cores.
//   fitPca          the dimensionality-reduction view's PCA (7,996 × 784 rows); the
//                   page rebuilds the same Pca from its parts (lab.pcaFromParts)
//   sampleCoverage  where a model's prior samples land (lab.sampleCoverage) for the
//                   Sample view's coverage panel; the training set is sent once
//   request  { type: 'fitPca', id, images: Float32Array N×D, components, imageSize? }
//            { type: 'train', images, labels }                 (no reply)
//            { type: 'sampleCoverage', id, weights: Uint8Array, options }
//   response { type: 'pca', id, mean, components, explainedVariance }
//            { type: 'coverage', id, result }
//            { type: 'error', id?, message, code }
import { loadLatentLab } from './latentlab.js';

const labReady = loadLatentLab({ threads: 1 });
let train = null;

const handlers = {
  fitPca(lab, request) {
    const pca = lab.fitPca(request.images, request.components, { imageSize: request.imageSize ?? 784 });
    try {
      const parts = { mean: pca.mean, components: pca.components, explainedVariance: pca.explainedVariance };
      self.postMessage({ type: 'pca', id: request.id, ...parts }, [parts.mean.buffer, parts.components.buffer, parts.explainedVariance.buffer]);
    } finally {
      pca.dispose();
    }
  },
  train(lab, request) {
    train = { images: request.images, labels: request.labels };
  },
  sampleCoverage(lab, request) {
    if (!train) throw new Error('apps-worker: sampleCoverage before the training set was sent');
    const model = lab.loadModel(request.weights);
    try {
      const result = lab.sampleCoverage(model, train, request.options);
      const buffers = new Set([result.samples, result.distances, result.codes, result.sampleLabels].map((a) => a?.buffer)
        .filter((b) => b instanceof ArrayBuffer));
      self.postMessage({ type: 'coverage', id: request.id, result }, [...buffers]);
    } finally {
      model.dispose();
    }
  },
};

self.onmessage = async ({ data: request }) => {
  try {
    const handler = Object.hasOwn(handlers, request?.type) ? handlers[request.type] : null;
    if (!handler) throw new Error(`apps-worker: unknown request ${JSON.stringify(request?.type)}`);
    handler(await labReady, request);
  } catch (error) {
    self.postMessage({ type: 'error', id: request?.id, message: error?.message ?? String(error), code: error?.code ?? 'internal' });
  }
};
