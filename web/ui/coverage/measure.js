// A model's prior coverage (lab.sampleCoverage: 7,996 training codes, 1,000
// samples labelled by their nearest training digit) takes seconds, so it runs
// in web/apps-worker.js, which gets the training set once. The one-file page
// opened from disk may not start a module Worker; there it runs on the page
// after a frame. The newest request wins: an older one resolves null, as does
// any request once the view was left.
//
//   const coverage = coverageMeasurer({ life }, { lab, train });
//   const result = await coverage.measure(model, { count: 1000, temperature, seed });
import { isOffline } from '../../assets.js';
import { LatentLabError } from '../../latentlab.js';

export function coverageMeasurer({ life }, { lab, train }) {
  let worker = null;
  let latest = 0;
  const pending = new Map(); // request id -> { resolve, reject }

  function startWorker() {
    worker = life.own(new Worker(new URL('../../apps-worker.js', import.meta.url), { type: 'module' }));
    worker.onmessage = ({ data: reply }) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.type === 'coverage') waiting.resolve(reply.id === latest && !life.left ? reply.result : null);
      else waiting.reject(new LatentLabError(reply.code, reply.message));
    };
    worker.onerror = (event) => {
      for (const waiting of pending.values()) waiting.reject(new Error(`the coverage worker failed: ${event.message ?? 'no message'}`));
      pending.clear();
    };
    // Copies: the data set stays the page's.
    worker.postMessage({ type: 'train', images: train.images.slice(), labels: train.labels.slice() });
  }

  async function onPage(id, model, options) {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    if (id !== latest || life.left || model.disposed) return null;
    return lab.sampleCoverage(model, train, options);
  }

  return {
    measure(model, options) {
      const id = ++latest;
      if (isOffline) return onPage(id, model, options);
      if (!worker) startWorker();
      const weights = model.save();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'sampleCoverage', id, weights, options });
      });
    },
  };
}
