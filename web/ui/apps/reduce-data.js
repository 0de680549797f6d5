// What the dimensionality-reduction view measures, computed once per session
// and kept in ctx.shared (the PCA fit takes seconds, the rest a few hundred ms):
//   pca          lab.fitPca of the 7,996 training digits with 64 components, in
//                a Worker (the basis is nested: the PCA with any k ≤ 64 is its first k)
//   pcaCurve     test squared error Σ (x̂ − x)² per image for k = 1 … 64
//   aeErrors     Map(k -> the same for the shipped dense AE with a k-D code)
//   separability k-NN accuracy (k = 5, training codes as reference, test
//                codes as queries) of PCA's first two components and of ae2's code
import { isOffline } from '../../assets.js';
import { inSlices } from '../slices.js';
import { afterPaint, appsWorker } from './worker.js';

export const MAX_COMPONENTS = 64;
export const KNN_K = 5;
const PIXELS = 784;

// Per-image Σ (a − b)² for each row.
export function squaredErrors(a, b) {
  const n = a.length / PIXELS;
  const out = new Float32Array(n);
  for (let row = 0; row < n; ++row) {
    let sum = 0;
    for (let j = row * PIXELS; j < (row + 1) * PIXELS; ++j) sum += (a[j] - b[j]) ** 2;
    out[row] = sum;
  }
  return out;
}

export const mean = (values) => values.reduce((s, v) => s + v, 0) / values.length;

// Columns [0, 2) of an N×k array of codes.
export function firstTwo(codes, k) {
  const n = codes.length / k;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; ++i) (out[2 * i] = codes[i * k]), (out[2 * i + 1] = codes[i * k + 1]);
  return out;
}

// k-NN accuracy over query slices (each a bound call), so the page keeps drawing.
export async function knnInSlices(lab, reference, query, life) {
  const rows = query.labels.length, dims = query.codes.length / rows;
  let correct = 0;
  const slice = 200;
  for (let start = 0; start < rows; start += slice) {
    if (life.left) return null;
    const end = Math.min(rows, start + slice);
    const part = { codes: query.codes.subarray(start * dims, end * dims), labels: query.labels.subarray(start, end) };
    correct += Math.round(lab.knnAccuracy(reference, part, { k: KNN_K }) * (end - start));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return correct / rows;
}

// The PCA fit, shared by every visit: in a Worker (web/apps-worker.js), so the
// page keeps drawing. The one-file page opened from disk may not start a
// module Worker; there the fit runs on the page, after the view has painted.
// Resolves { pca, where: 'worker' | 'page' }.
export function sharedPca(ctx, lab, train) {
  ctx.shared.reducePca ??= (isOffline ? fitOnPage(lab, train) : fitInWorker(lab, train))
    .then((pca) => ({ pca, where: isOffline ? 'page' : 'worker' }));
  ctx.shared.reducePca.catch(() => delete ctx.shared.reducePca);
  return ctx.shared.reducePca;
}

async function fitOnPage(lab, train) {
  await afterPaint();
  return lab.fitPca(train.images, MAX_COMPONENTS);
}

async function fitInWorker(lab, train) {
  const worker = appsWorker('PCA');
  try {
    // A copy: the data set stays the page's.
    return lab.pcaFromParts(await worker.request({ type: 'fitPca', images: train.images.slice(), components: MAX_COMPONENTS }));
  } finally {
    worker.terminate();
  }
}

// Test errors of the AEs (one per code size) and PCA's curve.
export async function measuredErrors(ctx, { pca, aes, test, life }) {
  const cache = (ctx.shared.reduceErrors ??= new Map());
  if (!cache.has('pca')) cache.set('pca', pca.squaredErrorCurve(test.images));
  const aeErrors = new Map();
  for (const [k, model] of aes) {
    const key = `ae${k}`;
    if (!cache.has(key) || cache.get(key).model !== model) {
      const errors = await inSlices(test.images, (rows) => squaredErrors(model.reconstruct(rows), rows), { life });
      if (!errors) return null;
      cache.set(key, { model, error: mean(errors) });
    }
    aeErrors.set(k, cache.get(key).error);
  }
  return { pcaCurve: cache.get('pca'), aeErrors };
}

// The two 2-D codes of the test digits and their k-NN accuracies.
export async function twoDimensional(ctx, { lab, pca, ae2, train, test, life }) {
  if (ctx.shared.reduceCodes?.model === ae2) return ctx.shared.reduceCodes;
  const pcaTest = firstTwo(pca.project(test.images), MAX_COMPONENTS);
  const pcaTrain = firstTwo(pca.project(train.images), MAX_COMPONENTS);
  const aeTest = ae2.encodeAll(test.images);
  const aeTrain = ae2.encodeAll(train.images);
  const pcaAccuracy = await knnInSlices(lab, { codes: pcaTrain, labels: train.labels }, { codes: pcaTest, labels: test.labels }, life);
  const aeAccuracy = pcaAccuracy === null ? null
    : await knnInSlices(lab, { codes: aeTrain, labels: train.labels }, { codes: aeTest, labels: test.labels }, life);
  if (aeAccuracy === null) return null;
  ctx.shared.reduceCodes = { model: ae2, pcaTest, aeTest, pcaAccuracy, aeAccuracy };
  return ctx.shared.reduceCodes;
}
