// Times the anomaly view's scoring in headless Chromium: VAE 16-D (−ELBO, one
// posterior sample per image) on the 2,004 MNIST test digits plus the 2,000
// Fashion-MNIST images (4,004 images), the way the view does it (slices of 256
// rows, yielding to the page between slices) and as one bound call. Prints
// the median and range of 7 runs after one warm-up; target ≤ 300 ms.
//
//   node bench/apps/score_bench.mjs        (after the WASM build; starts scripts/serve.py itself)
import { loadavg } from 'node:os';

import { launchBrowser, startServer } from '../../tests/browser/helpers.js';

const RUNS = 7;
const loadBefore = loadavg().map((v) => v.toFixed(2)).join(' ');
const server = await startServer();
const { browser, close } = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}?view=draw&lang=en`);
  await page.waitForFunction(() => window.__latentlab?.ready === true, null, { timeout: 60000 });
  const result = await page.evaluate(async (runs) => {
    const { models } = await import('/models.js');
    const { data } = await import('/data.js');
    const { lab } = await import('/lab.js');
    const { scoreSets } = await import('/ui/apps/scoring.js');
    const [client, model, test, fashion] = await Promise.all([lab(), models.get('vae16'), data.load('mnist-test'), data.load('fashion-test')]);
    const sets = [{ name: 'mnist', images: test.images }, { name: 'fashion', images: fashion.images }];
    const life = { left: false, own: (x) => x };
    const sliced = [], whole = [];
    for (let run = 0; run <= runs; ++run) {
      let start = performance.now();
      // A fresh cache each run, so every run scores all 4,004 images.
      await scoreSets({ lab: client, model, kind: 'model', sets, shared: {}, life });
      const a = performance.now() - start;
      start = performance.now();
      const scorer = client.createAnomalyScorer(model, { seed: 4242 });
      scorer.score(test.images);
      scorer.score(fashion.images);
      scorer.dispose();
      const b = performance.now() - start;
      if (run > 0) (sliced.push(a), whole.push(b));
    }
    return { sliced, whole, images: test.count + fashion.count, threads: client.threads };
  }, RUNS);
  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `median ${sorted[sorted.length >> 1].toFixed(1)} ms (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`;
  };
  const version = browser.version();
  console.log(`Chromium ${version}, ${result.threads} WASM thread(s), VAE 16-D −ELBO on ${result.images} images, ${RUNS} runs after a warm-up:`);
  console.log(`  in slices of 256 rows, as the anomaly view scores: ${summary(result.sliced)}  (target ≤ 300 ms)`);
  console.log(`  as one call per set:                                ${summary(result.whole)}`);
  console.log(`load average ${loadBefore} before, ${loadavg().map((v) => v.toFixed(2)).join(' ')} after (the machine's other work slows every figure)`);
} finally {
  await close();
  server.stop();
}
