// The coverage components (web/ui/coverage/) mounted on a blank page of the
// demo server (the example page, emptied): the ae2 map (LatentScatter) with the measured holes overlay and
// the prior's circles on a MapLayer, and the coverage panel for ae2, in both
// languages at desktop and phone size. Checks that what is drawn is what was
// measured: shaded pixels only where the grid says "far", the panel's figures
// the ones lab.sampleCoverage returned. Then the same in the views that use
// them: Sample's coverage panel against lab.sampleCoverage run in Node on the
// same module, Latent's holes on the 2-D maps only. Screenshots:
// test-artifacts/coverage-*.png, sample-coverage-*.png, latent-holes-*.png.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite, hook, openPage, root, screenshot } from './helpers.js';
import { labPromise, loadMnist } from '../node/helpers.js';

const suite = browserSuite();

// Runs in the page: builds the demo and returns what the checks need.
async function mountDemo(lang) {
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/styles.css' }));
  const [{ loadLatentLab }, { createTranslator }, { LatentScatter }, layerModule, holesModule, priorModule, panelModule, { lifetime }] =
    await Promise.all(['/latentlab.js', '/i18n/index.js', '/ui/scatter.js', '/ui/coverage/layer.js', '/ui/coverage/holes.js',
      '/ui/coverage/prior.js', '/ui/coverage/panel.js', '/ui/lifecycle.js'].map((path) => import(path)));
  // The demo page lives as long as the test's page: a signal that never aborts.
  const life = lifetime(new AbortController().signal);
  const t = createTranslator(lang);
  // One thread: the demo needs no pool, and the suite builds the mjs flavour first.
  const lab = await loadLatentLab({ baseUrl: new URL('/', location.href), threads: 1 });
  const bytes = async (path) => new Uint8Array(await (await fetch(path)).arrayBuffer());
  const images = await lab.parseIdx(await bytes('/data/mnist-train-images-idx3-ubyte.gz'));
  const labels = await lab.parseIdx(await bytes('/data/mnist-train-labels-idx1-ubyte.gz'));
  const train = { images: Float32Array.from(images.values, (v) => v / 255), labels: Int32Array.from(labels.values) };
  const model = lab.loadModel(await bytes('/models/ae2.safetensors'));

  document.body.replaceChildren();
  document.body.style.margin = '8px';
  const plot = new LatentScatter({ t, life, label: 'ae2' });
  const panel = panelModule.coveragePanel({ t });
  const legend = document.createElement('p');
  legend.className = 'panel-note';
  legend.textContent = t('coverage.holesLegend');
  document.body.append(plot.root, legend, panel.root);
  plot.root.style.maxWidth = '520px';

  const result = lab.sampleCoverage(model, train, { count: 1000, temperature: 1, seed: 1 });
  plot.setPoints(result.codes, train.labels);
  const holes = holesModule.holesGrid(lab, result.codes, plot.bounds);
  const layer = new layerModule.MapLayer(plot.canvas);
  const paint = () => layer.draw((ctx) => {
    holesModule.drawHoles(ctx, plot.toScreen.bind(plot), holes);
    priorModule.drawPriorCircles(ctx, plot.toScreen.bind(plot), { temperature: 1, t });
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  paint();
  const summary = panel.show(result);

  const alphaAt = (cell) => {
    const { extent, cols, rows } = holes;
    const c = cell % cols, r = Math.floor(cell / cols);
    const x = extent.xMin + ((c + 0.5) * (extent.xMax - extent.xMin)) / cols;
    const y = extent.yMax - ((r + 0.5) * (extent.yMax - extent.yMin)) / rows;
    const [sx, sy] = plot.toScreen(x, y);
    const dpr = window.devicePixelRatio || 1;
    const inside = sx >= 0 && sy >= 0 && sx < layer.canvas.clientWidth && sy < layer.canvas.clientHeight;
    return inside ? layer.canvas.getContext('2d').getImageData(Math.floor(sx * dpr), Math.floor(sy * dpr), 1, 1).data[3] : null;
  };
  // Probe the layer: the farthest grid cell on screen is shaded, the nearest one is clear.
  let far = -1, near = -1;
  holes.grid.forEach((d, i) => {
    if (alphaAt(i) === null) return;
    if (far < 0 || d > holes.grid[far]) far = i;
    if (near < 0 || d < holes.grid[near]) near = i;
  });
  const out = {
    farShare: result.farShare, threshold: result.threshold, histogram: Array.from(result.histogram),
    lessons: summary.lessons, codesOutside: summary.codesOutside, rare: summary.rare,
    headline: panel.root.querySelector('.coverage-headline').textContent,
    lesson: panel.root.querySelector('.coverage-lesson').textContent,
    bars: [...panel.root.querySelectorAll('.coverage-column')].map((c) => Number(c.dataset.count)),
    farCell: { distance: holes.grid[far], alpha: alphaAt(far) }, nearCell: { distance: holes.grid[near], alpha: alphaAt(near) },
    layerSize: [layer.canvas.clientWidth, layer.canvas.clientHeight], plotSize: [plot.canvas.clientWidth, plot.canvas.clientHeight],
  };
  model.dispose();
  return out;
}

describe('coverage components', () => {
  for (const [lang, viewport] of [['en', { width: 1366, height: 800 }], ['es', { width: 390, height: 844 }]]) {
    it(`show the measured holes, prior circles and sample classes of ae2 (${lang}, ${viewport.width}×${viewport.height})`, async () => {
      const { context, page, problems } = await openPage(suite.browser, null, { viewport });
      // A page of the server with no app on it (its own tiny script is replaced).
      await page.goto(`${suite.server.url}examples/decode-latent.html`);
      await page.waitForFunction(() => document.getElementById("status")?.textContent !== "Loading…");
      const got = await page.evaluate(mountDemo, lang);
      console.log(`ae2 coverage (${lang}): far share ${got.farShare}, threshold ${got.threshold.toFixed(3)}, ` +
        `classes ${got.histogram.join(' ')}, codes outside the samples' 95% radius ${got.codesOutside}`);
      assert.deepEqual(got.bars, got.histogram, 'one bar per class with the measured count');
      assert.equal(got.histogram.reduce((a, b) => a + b, 0), 1000);
      const share = (100 * got.farShare).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      assert.ok(got.headline.includes(share), `the headline shows the measured share ${share}: ${got.headline}`);
      assert.ok(got.farCell.distance > got.threshold && got.farCell.alpha > 0, `the farthest cell is shaded: ${JSON.stringify(got.farCell)}`);
      assert.equal(got.nearCell.alpha, 0, 'a cell on the codes is clear');
      assert.deepEqual(got.layerSize, got.plotSize, 'the layer covers the map exactly');
      for (const c of got.rare) assert.ok(got.lesson.includes(String(c)), `the lesson names rare class ${c}`);
      await screenshot(page, `coverage-${lang}-${viewport.width}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});

// The same measurements through the Node client (the same WASM module, one thread): what the views must show.
async function reference(name, temperature) {
  const lab = await labPromise;
  const train = await loadMnist('train');
  const model = lab.loadModel(readFileSync(join(root, 'models', `${name}.safetensors`)));
  try {
    const result = lab.sampleCoverage(model, train, { count: 1000, temperature, seed: 1 });
    return { farShare: result.farShare, threshold: result.threshold, histogram: Array.from(result.histogram), codes: result.codes, lab };
  } finally {
    model.dispose();
  }
}

describe('coverage in the views', () => {
  for (const [lang, viewport] of [['en', { width: 1366, height: 800 }], ['es', { width: 390, height: 844 }]]) {
    it(`Sample measures where ae2's and vae16's prior samples land (${lang}, ${viewport.width})`, async () => {
      const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=sample&model=ae2&temp=2&lang=${lang}`, { viewport });
      const coverageOf = async (model, temperature) => {
        await page.waitForFunction(([m, tt]) => {
          const c = window.__latentlab.views.sample?.coverage;
          return c?.model === m && c.temperature === tt;
        }, [model, temperature], { timeout: 60000 });
        return (await hook(page, 'sample')).coverage;
      };
      const ae2 = await coverageOf('ae2', 2);
      const expected = await reference('ae2', 2);
      assert.deepEqual(ae2.histogram, expected.histogram, 'the classes the page shows are lab.sampleCoverage\'s');
      assert.equal(ae2.farShare, expected.farShare);
      const panel = page.locator('.coverage-panel');
      assert.equal(await panel.getAttribute('data-histogram'), expected.histogram.join(','));
      const share = (100 * expected.farShare).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      assert.ok((await panel.locator('.coverage-headline').innerText()).includes(share));
      await screenshot(page, `sample-coverage-ae2-${lang}-${viewport.width}`);
      await page.selectOption('select[data-name=model]', 'vae16');
      const vae16 = await coverageOf('vae16', 2);
      assert.equal(vae16.farShare, (await reference('vae16', 2)).farShare);
      await page.selectOption('select[data-name=model]', 'cvae');
      await page.waitForFunction(() => window.__latentlab.views.sample?.model === 'cvae');
      assert.equal((await hook(page, 'sample')).coverage, null, 'a conditional model is not measured');
      assert.equal(await panel.isVisible(), false);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  it('Latent shades the 2-D maps where every training code is far, and not a 16-D projection', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=latent&left=ae2&right=vae16&lang=en`,
      { viewport: { width: 1366, height: 800 } });
    await page.waitForFunction(() => window.__latentlab.views.latent?.left?.holes != null, null, { timeout: 60000 });
    const { left, right } = await hook(page, 'latent');
    const { codes, lab } = await reference('ae2', 1);
    const threshold = lab.coverageThreshold(codes, 2);
    assert.ok(Math.abs(left.holes.threshold - threshold) < 1e-6, `threshold ${left.holes.threshold} vs ${threshold}`);
    assert.ok(left.holes.farCells > 0 && left.holes.farCells < 1, `ae2's map has holes and covered cells: ${left.holes.farCells}`);
    assert.equal(right.holes, null, 'no holes are drawn on a projection of 16 dimensions');
    const legends = page.locator('.panel-note', { hasText: 'Shaded:' });
    assert.equal(await legends.count(), 2);
    assert.equal(await legends.nth(0).isVisible(), true);
    assert.equal(await legends.nth(1).isVisible(), false);
    assert.equal(await page.locator('canvas.map-layer').count(), 2);
    await screenshot(page, 'latent-holes-en-1366');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
