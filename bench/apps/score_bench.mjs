// Times the anomaly view's scoring in headless Chromium: VAE 16-D (−ELBO, one
// posterior sample per image) on the 2,004 MNIST test digits plus the 2,000
// Fashion-MNIST images (4,004 images), the way the view does it (slices of 256
// rows, yielding to the page between slices) and as one bound call per set,
// with the single-threaded build (what embeds and the one-file page run) and
// with the page's default (the threads build when cross-origin isolated).
// Prints the median and range of 7 runs after one warm-up; target ≤ 300 ms.
//
//   node bench/apps/score_bench.mjs        (after the WASM build; starts scripts/serve.py itself)
import { loadavg } from 'node:os';

import { launchBrowser, startServer } from '../../tests/browser/helpers.js';

const RUNS = 7;
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

// Runs in the page: the same modules the view imports, fresh caches each run.
async function timeScoring(runs) {
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
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${sorted[sorted.length >> 1].toFixed(1)} ms (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`;
}

const loadBefore = load();
const server = await startServer();
const { browser, close } = await launchBrowser();
try {
  console.log(`Chromium ${browser.version()}, VAE 16-D −ELBO, ${RUNS} runs after a warm-up:`);
  for (const threads of ['1', 'auto']) {
    const page = await browser.newPage();
    await page.goto(`${server.url}?view=draw&lang=en&threads=${threads}`);
    await page.waitForFunction(() => window.__latentlab?.ready === true, null, { timeout: 60000 });
    const result = await page.evaluate(timeScoring, RUNS);
    console.log(`threads=${threads} (${result.threads} WASM thread(s)), ${result.images} images:`);
    console.log(`  in slices of 256 rows, as the anomaly view scores: ${summary(result.sliced)}  (target ≤ 300 ms)`);
    console.log(`  as one call per set:                                ${summary(result.whole)}`);
    await page.close();
  }
  console.log(`load average ${loadBefore} before, ${load()} after (other work on the machine slows every figure)`);
} finally {
  await close();
  server.stop();
}
