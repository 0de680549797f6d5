// The dimensionality-reduction view in headless Chromium: picking k, the shown
// per-digit errors against Σ (x̂ − x)² of the exposed images, the error table
// against the exposed curve and the model cards (PCA's error does not depend on
// any weights, so it must equal the card's pca_squared_error), a drawing, the
// k-NN figures, URL state, embed, phone; screenshots in both languages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browserSuite, ellipsePoints, gotoView, hook, openPage, root, screenshot, webDir } from './helpers.js';

const suite = browserSuite();

const url = (query) => `${suite.server.url}?view=reduce&${query}`;
const fixed = (value, digits, lang) => value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
const card = (name) => JSON.parse(readFileSync(join(root, 'models', `${name}.json`), 'utf8')).test_metrics;
const squaredError = (a, b) => a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0);

async function measured(page) {
  await page.waitForFunction(() => window.__latentlab.views.reduce?.aeAccuracy != null, null, { timeout: 120000 });
  return hook(page, 'reduce');
}

describe('reduce view', () => {
  for (const lang of ['en', 'es']) {
    it(`picking k shows both reconstructions with their errors, the curve and the 2-D codes (${lang})`, async () => {
      const { context, page, problems } = await openPage(suite.browser, url(`lang=${lang}`), { viewport: { width: 1366, height: 800 } });
      let state = await measured(page);
      assert.equal(state.k, 16);
      assert.equal(state.pcaFittedIn, 'worker');
      await page.locator('[data-name=k] label', { hasText: /^2$/ }).click();
      await page.waitForFunction(() => window.__latentlab.views.reduce.k === 2);
      state = await hook(page, 'reduce');
      assert.equal(new URL(page.url()).searchParams.get('k'), '2');
      for (const name of ['pca', 'ae']) {
        const error = squaredError(state[name].reconstruction, state.input);
        assert.ok(Math.abs(error - state[name].error) < 1e-3, `${name}: ${error} vs ${state[name].error}`);
        assert.ok((await page.locator(`[data-metric=${name}]`).innerText()).includes(fixed(state[name].error, 1, lang)));
      }
      assert.equal(state.pcaCurve.length, 64);
      for (const [k, name] of [[2, 'ae2'], [16, 'ae16'], [32, 'ae32']]) {
        const metrics = card(name);
        assert.ok(Math.abs(state.pcaCurve[k - 1] - metrics.pca_squared_error) < 1e-3, `PCA k = ${k}`);
        // The cards were measured on the float32 weights; the page runs the float16 files.
        assert.ok(Math.abs(state.aeErrors[k] - metrics.squared_error) < 0.05, `${name}: ${state.aeErrors[k]} vs ${metrics.squared_error}`);
        const cells = await page.locator(`[data-name=errors] tr[data-k="${k}"] td`).allInnerTexts();
        assert.deepEqual(cells.slice(0, 3), [String(k), fixed(state.pcaCurve[k - 1], 2, lang), fixed(state.aeErrors[k], 2, lang)]);
      }
      for (const name of ['pca', 'ae']) {
        const value = state[`${name}Accuracy`];
        assert.ok(value > 0.1 && value <= 1);
        assert.ok((await page.locator(`[data-accuracy=${name}]`).innerText()).includes(fixed(100 * value, 1, lang)));
      }
      assert.ok(state.aeAccuracy > state.pcaAccuracy, 'the 2-D AE code separates the classes better than PCA');
      await screenshot(page, `reduce-desktop-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  it('a drawing is reconstructed by both, and the link restores it with k', async () => {
    const { context, page, problems } = await openPage(suite.browser, url('lang=en&k=32'));
    await measured(page);
    const canvas = page.locator('.drawpad-canvas');
    await page.locator('.drawpad button[data-name=clear]').click();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const points = ellipsePoints();
    await page.mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 2 });
    await page.mouse.up();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('digit')?.startsWith('d'));
    await page.waitForTimeout(200);
    const state = await hook(page, 'reduce');
    assert.equal(state.k, 32);
    assert.ok(state.input.reduce((a, b) => a + b, 0) > 20, 'the drawing is the input');
    for (const name of ['pca', 'ae']) assert.ok(Math.abs(squaredError(state[name].reconstruction, state.input) - state[name].error) < 1e-3);
    await gotoView(page, page.url());
    const again = await measured(page);
    assert.equal(again.k, 32);
    assert.ok(again.input.every((v, i) => Math.abs(v - state.input[i]) <= 0.5 / 255 + 1e-6), 'the link restores the drawing');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('works embedded on a phone (es and en)', async () => {
    const { context, page, problems } = await openPage(suite.browser, url('lang=es&embed=1&digit=t7'),
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await measured(page);
    assert.equal(await page.locator('header.app-header').isVisible(), false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling (page is ${width} px wide)`);
    await screenshot(page, 'reduce-phone-es');
    await gotoView(page, url('lang=en'));
    await measured(page);
    await screenshot(page, 'reduce-phone-en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('the one-file page fits the PCA on the page and shows the same figures', async () => {
    const offlineFile = join(webDir, 'latentlab-offline.html');
    assert.ok(existsSync(offlineFile), 'run node scripts/build_offline_page.mjs');
    const { context, page, problems } = await openPage(suite.browser, `${pathToFileURL(offlineFile).href}?view=reduce&lang=en`);
    const state = await measured(page);
    assert.equal(state.pcaFittedIn, 'page');
    for (const [k, name] of [[2, 'ae2'], [16, 'ae16'], [32, 'ae32']])
      assert.ok(Math.abs(state.pcaCurve[k - 1] - card(name).pca_squared_error) < 1e-3, `PCA k = ${k}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
