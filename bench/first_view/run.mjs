// First impression of the page, in headless Chromium over the demo server as
// `bash scripts/serve.sh` runs it (scripts/serve.py, cross-origin isolated,
// serving the bundled page build/page/ in front of web/; PAGE=sources serves
// web/'s modules as they are, as BUNDLED=0 bash scripts/serve.sh does):
//   - time from navigation to the first view (window.__latentlab.readyAt, the page's clock),
//   - time from navigation to the first reconstruction on Draw, two ways (link: by the
//     page's clock, views.draw.completeAt; draw: when the test hook shows it):
//       link:  the page opened on a link with a drawing (?view=draw&digit=d…),
//              done when the Draw view's hook (views.draw.reconstructions) has all models;
//       draw:  a student's first stroke, drawn as soon as the pad is on screen,
//              done when the hook shows the first reconstruction of that stroke,
//   - bytes downloaded until then (the page's Resource Timing transfer sizes, per file type),
//   - frames per second while drawing (requestAnimationFrame callbacks during
//     a scripted 2-second stroke of pointer moves, one per ~16 ms),
// each without and with 4× CPU throttling (CDP Emulation.setCPUThrottlingRate).
// Every figure is the median of RUNS fresh browser contexts (empty caches).
// DevTools' network domain is left off: with it on, every request cost the
// page's main thread enough to add ~10 % at 4× here.
//
//   node scripts/build_page.mjs && node bench/first_view/run.mjs      # RUNS=3 by default
//   RUNS=5 node bench/first_view/run.mjs
//   PAGE=sources node bench/first_view/run.mjs
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { launchBrowser, root, startServer } from '../../tests/browser/helpers.js';

const RUNS = Number(process.env.RUNS ?? 3);
const PAGE = process.env.PAGE ?? 'bundled';
const pageDir = join(root, 'build/page');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Bytes the page fetched (transfer sizes: headers and encoded bodies), by kind.
function transferred() {
  const byKind = {};
  let total = 0;
  const files = [];
  for (const entry of performance.getEntriesByType('resource')) {
    const url = entry.name;
    const kind = /\/models\//.test(url) ? 'models' : /\/data\//.test(url) ? 'data' : /\.wasm$/.test(url) ? 'wasm' : 'code';
    byKind[kind] = (byKind[kind] ?? 0) + entry.transferSize;
    total += entry.transferSize;
    files.push(url.replace(/^https?:\/\/[^/]+\//, ''));
  }
  return { total, byKind, files };
}

async function freshPage(browser, throttle) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const downloaded = () => page.evaluate(transferred);
  return { context, page, downloaded };
}

async function stroke(page, points, { pause = 0 } = {}) {
  const box = await page.locator('.drawpad-canvas').first().boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) {
    await page.mouse.move(...at(p));
    if (pause) await page.waitForTimeout(pause);
  }
  await page.mouse.up();
}

// A "3": two arcs, in pad fractions.
function threePoints(steps = 60) {
  const points = [];
  for (let i = 0; i <= steps / 2; ++i) {
    const a = -Math.PI * 0.8 + (i / (steps / 2)) * Math.PI * 1.3;
    points.push([0.5 + 0.18 * Math.sin(a), 0.32 - 0.14 * Math.cos(a)]);
  }
  for (let i = 0; i <= steps / 2; ++i) {
    const a = -Math.PI * 0.5 + (i / (steps / 2)) * Math.PI * 1.3;
    points.push([0.5 + 0.2 * Math.sin(a), 0.66 - 0.16 * Math.cos(a)]);
  }
  return points;
}

const allReconstructed = () => {
  const d = window.__latentlab?.views?.draw;
  return d?.input != null && Object.keys(d.reconstructions ?? {}).length >= 3;
};

async function linkRun(browser, url, throttle) {
  const { context, page, downloaded } = await freshPage(browser, throttle);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__latentlab?.ready === true, null, { timeout: 60000, polling: 10 });
  const firstView = Math.round(await page.evaluate(() => window.__latentlab.readyAt));
  await page.waitForFunction(allReconstructed, null, { timeout: 60000, polling: 10 });
  // The page's own clock (ms since navigation) when the three reconstructions were drawn:
  // polling can lag behind it while the page computes the maps' codes.
  const firstReconstruction = Math.round(await page.evaluate(() => window.__latentlab.views.draw.completeAt));
  const result = { firstView, firstReconstruction, ...(await downloaded()) };
  await context.close();
  return result;
}

async function drawRun(browser, url, throttle) {
  const { context, page, downloaded } = await freshPage(browser, throttle);
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('.drawpad-canvas').first().waitFor({ state: 'visible', timeout: 60000 });
  const padVisible = Date.now() - start;
  await stroke(page, threePoints(12));
  const strokeDone = Date.now() - start;
  await page.waitForFunction(() => (window.__latentlab?.views?.draw?.updates ?? 0) >= 1 &&
    Object.keys(window.__latentlab.views.draw.reconstructions ?? {}).length >= 1, null, { timeout: 60000, polling: 10 });
  const firstReconstruction = Date.now() - start;
  await page.waitForFunction(allReconstructed, null, { timeout: 60000, polling: 10 });
  const allModels = Date.now() - start;
  // Frame rate while drawing: once everything has loaded, a 2-second stroke.
  await page.click('[data-name=clear]');
  await page.evaluate(() => {
    window.__frames = 0;
    window.__counting = true;
    const tick = () => {
      if (!window.__counting) return;
      window.__frames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const drawStart = await page.evaluate(() => performance.now());
  await stroke(page, threePoints(120), { pause: 16 });
  const { frames, ms, updates } = await page.evaluate((t0) => {
    window.__counting = false;
    return { frames: window.__frames, ms: performance.now() - t0, updates: window.__latentlab.views.draw?.updates ?? 0 };
  }, drawStart);
  const result = { padVisible, strokeDone, firstReconstruction, allModels, fps: (frames * 1000) / ms, strokeMs: ms, updates, ...(await downloaded()) };
  await context.close();
  return result;
}

async function main() {
  if (PAGE === 'bundled' && !existsSync(join(pageDir, 'index.html'))) {
    throw new Error('build/page/ is missing: run node scripts/build_page.mjs (or PAGE=sources)');
  }
  if (PAGE !== 'bundled' && PAGE !== 'sources') throw new Error(`PAGE must be bundled or sources, got ${PAGE}`);
  const server = await startServer({ page: PAGE === 'bundled' ? pageDir : '' });
  const { browser, close } = await launchBrowser();
  try {
    // A link with a drawn digit, as the page writes it after a stroke.
    const { context, page } = await freshPage(browser, 1);
    await page.goto(`${server.url}?view=draw&lang=es`);
    await page.waitForFunction(() => window.__latentlab?.ready === true, null, { timeout: 60000 });
    await stroke(page, threePoints(40));
    await page.waitForFunction(() => /digit=d/.test(location.href), null, { timeout: 60000 });
    const link = page.url();
    await context.close();

    console.log(`first view bench: ${RUNS} fresh contexts per row, median; server ${server.url} (COOP/COEP), ${PAGE === 'bundled' ? 'bundled page (build/page)' : "web/'s source modules"}, 1366×800; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    for (const throttle of [1, 4]) {
      const links = [], draws = [];
      for (let r = 0; r < RUNS; ++r) links.push(await linkRun(browser, link, throttle));
      for (let r = 0; r < RUNS; ++r) draws.push(await drawRun(browser, `${server.url}?view=draw&lang=es`, throttle));
      const m = (rows, key) => median(rows.map((x) => x[key]));
      const kb = (n) => `${(n / 1e6).toFixed(2)} MB`;
      console.log(`\nCPU ${throttle}×:`);
      console.log(`  link with a drawing: first view ${m(links, 'firstView')} ms, first reconstruction (all 3 models) ${m(links, 'firstReconstruction')} ms, downloaded ${kb(m(links, 'total'))}`);
      const kinds = links[0].byKind;
      console.log(`    by kind (first run): ${Object.entries(kinds).map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
      console.log(`    files: ${links[0].files.filter((f) => /models|data|wasm/.test(f)).join(', ')}`);
      console.log(`  first stroke: pad visible ${m(draws, 'padVisible')} ms, stroke (13 pointer moves) done ${m(draws, 'strokeDone')} ms, first reconstruction ${m(draws, 'firstReconstruction')} ms, all 3 models ${m(draws, 'allModels')} ms after navigation`);
      console.log(`  drawing (2 s stroke, a pointer move per ~16 ms): ${m(draws, 'fps').toFixed(1)} fps (requestAnimationFrame), ${m(draws, 'updates')} live updates, stroke took ${Math.round(m(draws, 'strokeMs'))} ms`);
    }
    console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (the figures scale with it)`);
  } finally {
    await close();
    server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
