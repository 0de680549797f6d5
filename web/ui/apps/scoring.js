// Scores whole data sets for the anomaly view without freezing the page: a
// slice of rows per task, yielding to the browser between slices. The scores
// of a model, score kind and set are computed once per session (kept in
// ctx.shared, keyed by the model object, so a retrained model is rescored).
//
// Score kinds:
//   model   the model's own anomaly score through lab.createAnomalyScorer: an
//           AE's reconstruction error, a VAE's −ELBO with one posterior sample.
//           The test digits and then the Fashion images are scored from one
//           stream seeded 4242, exactly as `latentlab eval` does, so the AUROC
//           is the CLI's; every other set has a stream of its own.
//   recon   Σ per-pixel cross-entropy of the deterministic reconstruction
//           (a VAE decodes its posterior mean), as the error map shows it.
import { reconstructionErrors } from './anomaly-math.js';
import { inSlices } from '../slices.js';

export const CLI_SEED = 4242;
const PIXELS = 784;

function cacheFor(shared, model) {
  shared.anomalyScores ??= new WeakMap();
  if (!shared.anomalyScores.has(model)) shared.anomalyScores.set(model, new Map());
  return shared.anomalyScores.get(model);
}

// sets: [{ name, images }] in the order they are scored (normal first).
// Resolves { <name>: Float32Array } or null when the view was left.
export async function scoreSets({ lab, model, kind, sets, shared, life, onProgress }) {
  const cache = cacheFor(shared, model);
  const total = sets.reduce((sum, set) => sum + set.images.length / PIXELS, 0);
  // Fashion's −ELBO continues the test digits' stream, so both are scored together.
  const cliPair = kind === 'model' && sets.some((set) => set.name === 'fashion') && !cache.has('model:fashion');
  const stream = cliPair ? lab.createAnomalyScorer(model, { seed: CLI_SEED }) : null;
  const result = {};
  let done = 0;
  try {
    for (const [index, set] of sets.entries()) {
      const key = `${kind}:${set.name}`;
      const inStream = stream && (set.name === 'mnist' || set.name === 'fashion');
      if (!cache.has(key) || inStream) {
        const scores = await scoreOne(set, index, inStream ? stream : null);
        if (!scores) return null;
        cache.set(key, scores);
      }
      result[set.name] = cache.get(key);
      done += set.images.length / PIXELS;
      onProgress?.(done, total);
    }
  } finally {
    stream?.dispose();
  }
  return result;

  async function scoreOne(set, index, scorer) {
    const progress = (n) => onProgress?.(done + n, total);
    if (kind === 'recon') return inSlices(set.images, (images) => reconstructionErrors(images, model.reconstruct(images)), { life, onProgress: progress });
    // The test digits always start the CLI's stream; other sets have their own.
    const seed = set.name === 'mnist' ? CLI_SEED : CLI_SEED + 1 + index;
    const own = scorer ?? lab.createAnomalyScorer(model, { seed });
    try {
      return await inSlices(set.images, (images) => own.score(images), { life, onProgress: progress });
    } finally {
      if (own !== scorer) own.dispose();
    }
  }
}
