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
import { afterPaint, appsWorker } from '../apps/worker.js';

export function coverageMeasurer({ life }, { lab, train }) {
  let worker = null;
  let latest = 0;
  const current = (id, result) => (id === latest && !life.left ? result : null);

  function startWorker() {
    worker = life.own(appsWorker('coverage'));
    // Copies: the data set stays the page's.
    worker.post({ type: 'train', images: train.images.slice(), labels: train.labels.slice() });
  }

  async function onPage(id, model, options) {
    await afterPaint();
    if (id !== latest || life.left || model.disposed) return null;
    return lab.sampleCoverage(model, train, options);
  }

  return {
    async measure(model, options) {
      const id = ++latest;
      if (isOffline) return onPage(id, model, options);
      if (!worker) startWorker();
      const reply = await worker.request({ type: 'sampleCoverage', weights: model.save(), options });
      return current(id, reply.result);
    },
  };
}
