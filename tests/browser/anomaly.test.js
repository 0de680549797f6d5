// The anomaly view in headless Chromium: the threshold moved by keyboard, the
// shown confusion counts, rates, AUROC and the drawing's verdict checked
// against their definitions computed here from the scores the view exposes;
// URL state, embed, phone layout; screenshots in both languages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browserSuite, gotoView, hook, openPage, root, screenshot, webDir } from './helpers.js';

const suite = browserSuite();

const url = (query) => `${suite.server.url}?view=anomaly&${query}`;
// "1,980" (en) or "1980" / "1.980" (es) -> 1980; "99,0 %" -> 99.
const parseNumber = (text, lang) => Number((lang === 'es' ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '')).replace(/[^\d.-]/g, ''));

async function scored(page) {
  await page.waitForFunction(() => window.__latentlab.views.anomaly?.normal != null, null, { timeout: 60000 });
  return hook(page, 'anomaly');
}

function definitionCounts(normal, anomalous, threshold) {
  const tp = anomalous.filter((s) => s >= threshold).length, fp = normal.filter((s) => s >= threshold).length;
  return { tp, fp, tn: normal.length - fp, fn: anomalous.length - tp };
}

// P(anomalous > normal) + ½ P(equal), counted over every pair.
function pairwiseAuroc(normal, anomalous) {
  const sorted = Float64Array.from(normal).sort();
  let wins = 0;
  for (const a of anomalous) {
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < a) lo = mid + 1; else hi = mid; }
    let equal = lo;
    while (equal < sorted.length && sorted[equal] === a) ++equal;
    wins += lo + (equal - lo) / 2;
  }
  return wins / (normal.length * anomalous.length);
}

// The threshold the slider's label shows.
const shownThreshold = async (page, lang) =>
  parseNumber(await page.locator('.control-slider:has(input[data-name=threshold]) output').innerText(), lang);
const oneDecimal = (value) => Math.round(10 * value) / 10;

async function shownCounts(page, lang) {
  const counts = {};
  for (const key of ['tp', 'fp', 'tn', 'fn']) counts[key] = parseNumber(await page.locator(`[data-count=${key}]`).innerText(), lang);
  return counts;
}

describe('anomaly view', () => {
  for (const lang of ['en', 'es']) {
    it(`moving the threshold shows the counts, rates and ROC point of the definition (${lang})`, async () => {
      const { context, page, problems } = await openPage(suite.browser, url(`lang=${lang}`), { viewport: { width: 1366, height: 800 } });
      let state = await scored(page);
      assert.equal(state.model, 'vae16');
      assert.equal(state.normal.length, 2004);
      assert.equal(state.anomalous.length, 2000);
      // The AUROC shown is the pairwise definition of the scores (and the CLI's, tests/node/apps.test.js).
      assert.ok(Math.abs(state.auroc - pairwiseAuroc(state.normal, state.anomalous)) < 1e-9);
      const aurocText = await page.locator('[data-name=auroc]').innerText();
      assert.ok(aurocText.includes(state.auroc.toLocaleString(lang, { minimumFractionDigits: 4, maximumFractionDigits: 4 })), aurocText);
      assert.equal(await shownThreshold(page, lang), oneDecimal(state.threshold), 'the default threshold shows as itself');
      const slider = page.locator('input[data-name=threshold]');
      const before = state.threshold;
      await slider.focus();
      for (let i = 0; i < 40; ++i) await page.keyboard.press('ArrowLeft');
      await page.waitForFunction((b) => window.__latentlab.views.anomaly.threshold < b, before);
      state = await hook(page, 'anomaly');
      const expected = definitionCounts(state.normal, state.anomalous, state.threshold);
      assert.deepEqual(await shownCounts(page, lang), expected);
      assert.equal(await shownThreshold(page, lang), oneDecimal(state.threshold));
      assert.deepEqual({ tp: state.counts.tp, fp: state.counts.fp, tn: state.counts.tn, fn: state.counts.fn }, expected);
      const tpr = parseNumber(await page.locator('[data-rate=tpr]').innerText(), lang);
      const fpr = parseNumber(await page.locator('[data-rate=fpr]').innerText(), lang);
      assert.ok(Math.abs(tpr - (100 * expected.tp) / 2000) < 0.051, `TPR ${tpr}`);
      assert.ok(Math.abs(fpr - (100 * expected.fp) / 2004) < 0.051, `FPR ${fpr}`);
      // The threshold is in the URL (5 significant digits).
      await page.waitForFunction(() => new URL(location.href).searchParams.has('threshold'));
      const linked = Number(new URL(page.url()).searchParams.get('threshold'));
      assert.ok(Math.abs(linked - state.threshold) / state.threshold < 1e-4, `${linked} vs ${state.threshold}`);
      await screenshot(page, `anomaly-desktop-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  it('a drawing is scored live and its verdict and percentile follow the definitions', async () => {
    const { context, page, problems } = await openPage(suite.browser, url('lang=en&model=ae2'));
    await scored(page);
    // A filled box with a hole: nothing like a digit.
    const canvas = page.locator('.drawpad-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + 0.15 * box.width, box.y + 0.15 * box.height);
    await page.mouse.down();
    for (const [x, y] of [[0.85, 0.15], [0.85, 0.85], [0.15, 0.85], [0.15, 0.15], [0.85, 0.85]])
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(() => window.__latentlab.views.anomaly.drawing?.score > 0);
    await page.waitForTimeout(300); // the stroke's last update
    const state = await hook(page, 'anomaly');
    const { score } = state.drawing;
    assert.equal(state.drawing.anomalous, score >= state.threshold);
    const verdict = await page.locator('[data-name=verdict]').innerText();
    const below = (100 * state.normal.filter((s) => s < score).length) / state.normal.length;
    assert.ok(verdict.includes(score.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })), verdict);
    assert.ok(verdict.includes(below.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })), verdict);
    assert.match(verdict, state.drawing.anomalous ? /anomaly/ : /normal/);
    // The error map now shows the drawing; an AE's map adds up to its score.
    assert.equal(state.pick, 'drawing');
    assert.ok(Math.abs(state.map.sum - state.map.score) < 1e-3 * state.map.score, `${state.map.sum} vs ${state.map.score}`);
    assert.ok(new URL(page.url()).searchParams.get('digit')?.startsWith('d'));
    await screenshot(page, 'anomaly-drawing-en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('restores every control from the URL, and works embedded on a phone', async () => {
    const { context, page, problems } = await openPage(suite.browser,
      url('lang=es&model=vae2&score=recon&set=rotated&threshold=150&pick=n5&embed=1'),
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const state = await scored(page);
    assert.deepEqual([state.model, state.kind, state.set, state.pick], ['vae2', 'recon', 'rotated', 'n5']);
    assert.ok(Math.abs(state.threshold - 150) < 1e-9);
    assert.equal(await page.locator('select[data-name=model]').inputValue(), 'vae2');
    assert.equal(await page.locator('select[data-name=set]').inputValue(), 'rotated');
    assert.equal(await page.locator('header.app-header').isVisible(), false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling (page is ${width} px wide)`);
    assert.deepEqual(await shownCounts(page, 'es'), definitionCounts(state.normal, state.anomalous, 150));
    assert.equal(await shownThreshold(page, 'es'), 150);
    await screenshot(page, 'anomaly-phone-es');
    await gotoView(page, url('lang=en'));
    await scored(page);
    await screenshot(page, 'anomaly-phone-en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('the one-file page scores the same sets to the same AUROC as the card', async () => {
    const offlineFile = join(webDir, 'latentlab-offline.html');
    assert.ok(existsSync(offlineFile), 'run node scripts/build_offline_page.mjs');
    const { context, page, problems } = await openPage(suite.browser, `${pathToFileURL(offlineFile).href}?view=anomaly&lang=es&model=ae2`);
    const state = await scored(page);
    // ae2's card: the CLI's AUROC on the float32 weights (4 decimals); the page runs the float16 file.
    const expected = JSON.parse(readFileSync(join(root, 'models/ae2.json'), 'utf8')).test_metrics.anomaly_auroc;
    assert.ok(Math.abs(state.auroc - expected) < 1e-3, `${state.auroc} vs ${expected}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
