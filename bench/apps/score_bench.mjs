// Times the anomaly view's scoring in headless Chromium: VAE 16-D (−ELBO, one
// posterior sample per image) on the 2,004 MNIST test digits plus the 2,000
// Fashion-MNIST images (4,004 images), the way the view does it (slices of 256
// rows, yielding to the page between slices) and as one bound call per set,
// with the single-threaded build (what embeds and the one-file page run) and
// with the page's default (the threads build when cross-origin isolated).
// Prints the median and range of 7 runs after one warm-up, as wall time and as
// the page's main-thread CPU time (with threads, the pool's work is not in
// the latter); target ≤ 300 ms.
//
//   node bench/apps/score_bench.mjs        (after the WASM build; starts scripts/serve.py itself)
import { loadavg } from 'node:os';

import { launchBrowser, startServer } from '../../tests/browser/helpers.js';

const RUNS = 7;
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

// Runs in the page: the same modules the view imports; window.__bench keeps them between runs.
async function prepare() {
  const { models } = await import('/models.js');
  const { data } = await import('/data.js');
  const { lab } = await import('/lab.js');
  const { scoreSets } = await import('/ui/apps/scoring.js');
  const [client, model, test, fashion] = await Promise.all([lab(), models.get('vae16'), data.load('mnist-test'), data.load('fashion-test')]);
  window.__bench = { client, model, test, fashion, scoreSets };
  return { images: test.count + fashion.count, threads: client.threads };
}

// One run; a fresh cache each time, so all 4,004 images are scored.
async function scoreOnce(variant) {
  const { client, model, test, fashion, scoreSets } = window.__bench;
  const start = performance.now();
  if (variant === 'sliced') {
    const sets = [{ name: 'mnist', images: test.images }, { name: 'fashion', images: fashion.images }];
    await scoreSets({ lab: client, model, kind: 'model', sets, shared: {}, life: { left: false, own: (x) => x } });
  } else {
    const scorer = client.createAnomalyScorer(model, { seed: 4242 });
    scorer.score(test.images);
    scorer.score(fashion.images);
    scorer.dispose();
  }
  return performance.now() - start;
}

// Wall time of each run and the page's main-thread CPU time (CDP ThreadTime),
// which the machine's other work inflates much less than the wall time.
async function measure(page, cdp, variant) {
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
  const wall = [], cpu = [];
  for (let run = 0; run <= RUNS; ++run) {
    const before = await threadTime();
    const ms = await page.evaluate(scoreOnce, variant);
    const used = 1000 * ((await threadTime()) - before);
    if (run > 0) (wall.push(ms), cpu.push(used));
  }
  return { wall, cpu };
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
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const info = await page.evaluate(prepare);
    const sliced = await measure(page, cdp, 'sliced');
    const whole = await measure(page, cdp, 'whole');
    console.log(`threads=${threads} (${info.threads} WASM thread(s)), ${info.images} images (target ≤ 300 ms):`);
    console.log(`  in slices of 256 rows, as the view scores: wall ${summary(sliced.wall)}; main-thread CPU ${summary(sliced.cpu)}`);
    console.log(`  one call per set:                          wall ${summary(whole.wall)}; main-thread CPU ${summary(whole.cpu)}`);
    await page.close();
  }
  console.log(`load average ${loadBefore} before, ${load()} after (other work on the machine slows every figure)`);
} finally {
  await close();
  server.stop();
}
