// The applications views' worker: fits the PCA of the dimensionality-reduction
// view off the page's thread (a fit of 7,996 × 784 rows takes seconds) and
// sends back its parts, from which the page rebuilds the same Pca
// (lab.pcaFromParts). One thread: the page keeps the other cores.
//   request  { type: 'fitPca', images: Float32Array N×D, components, imageSize? }
//   response { type: 'pca', mean, components, explainedVariance } | { type: 'error', message, code }
import { loadLatentLab } from './latentlab.js';

const labReady = loadLatentLab({ threads: 1 });

self.onmessage = async ({ data: request }) => {
  try {
    if (request?.type !== 'fitPca') throw new Error(`apps-worker: unknown request ${JSON.stringify(request?.type)}`);
    const lab = await labReady;
    const pca = lab.fitPca(request.images, request.components, { imageSize: request.imageSize ?? 784 });
    try {
      const parts = { mean: pca.mean, components: pca.components, explainedVariance: pca.explainedVariance };
      self.postMessage({ type: 'pca', ...parts }, [parts.mean.buffer, parts.components.buffer, parts.explainedVariance.buffer]);
    } finally {
      pca.dispose();
    }
  } catch (error) {
    self.postMessage({ type: 'error', message: error?.message ?? String(error), code: error?.code ?? 'internal' });
  }
};
