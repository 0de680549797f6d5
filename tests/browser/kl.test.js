// The KL lab (?view=kl) in Chromium: drags P's bars and moves the sliders,
// then checks every value shown against closed forms computed here; the
// presets (the infinite case, P = Q), the animated fits' end points, URL
// state, ?embed=1, both languages, and typeset formulas with MathML.
// Also: every literal t('…') key of the KL and VAE modules exists in both languages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DICTIONARIES } from '../../web/i18n/index.js';
import { browserSuite, gotoView, hook, openPage, screenshot, webDir } from './helpers.js';

const suite = browserSuite();

const gaussianKl = (p, q) => Math.log(q.sigma / p.sigma) + (p.sigma ** 2 + (p.mu - q.mu) ** 2) / (2 * q.sigma ** 2) - 0.5;
const discreteKl = (p, q) => p.reduce((sum, pi, i) => sum + (pi === 0 ? 0 : pi * Math.log(pi / q[i])), 0);
const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

// Sets a range input to a value as a student's drag would (input events).
async function setSlider(page, name, value) {
  await page.locator(`input[data-name=${name}]`).evaluate((input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

describe('KL lab', () => {
  it('shows discrete KL both ways, term by term, and changes as P is dragged', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=kl&lang=en&threads=1`);
    const before = (await hook(page, 'kl')).discrete;
    close(before.pq, discreteKl(before.p, before.q), 1e-12, 'D(P‖Q)');
    close(before.qp, discreteKl(before.q, before.p), 1e-12, 'D(Q‖P)');
    assert.notEqual(before.pq.toFixed(6), before.qp.toFixed(6), 'not symmetric');
    before.termsPq.forEach((term, i) => close(term, before.p[i] * Math.log(before.p[i] / before.q[i]), 1e-12, `term ${i}`));
    // Drag P's first bar up to the top.
    const editor = page.locator('.kl-bars-editor').first();
    const box = await editor.boundingBox();
    await page.mouse.move(box.x + box.width * 0.125, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.125, box.y + 5, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(100);
    const dragged = (await hook(page, 'kl')).discrete;
    assert.ok(dragged.p[0] > before.p[0] + 0.2, `P's first category grew: ${before.p[0]} -> ${dragged.p[0]}`);
    close(dragged.pq, discreteKl(dragged.p, dragged.q), 1e-12, 'D(P‖Q) after the drag');
    assert.match(new URL(page.url()).searchParams.get('p'), /^100,/);
    const shown = await page.locator('.kl-big').first().innerText();
    assert.match(shown, new RegExp(dragged.pq.toFixed(4)));
    // Keyboard: ArrowUp on the focused editor raises the selected bar.
    await editor.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    assert.match(new URL(page.url()).searchParams.get('p'), /^100,35,/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('explains the infinite case and shows 0 only when P = Q', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=kl&lang=es&threads=1`);
    await page.click('[data-name=preset-zero]');
    let d = (await hook(page, 'kl')).discrete;
    assert.equal(d.pq, Infinity);
    assert.equal(d.termsPq[1], Infinity);
    assert.deepEqual(d.infiniteAt, [1]);
    assert.ok(Number.isFinite(d.qp));
    assert.match(await page.locator('.kl-alert').innerText(), /infinita/);
    await page.click('[data-name=preset-equal]');
    d = (await hook(page, 'kl')).discrete;
    assert.equal(d.pq, 0);
    assert.equal(d.qp, 0);
    assert.match(await page.locator('.kl-ok').innerText(), /exactamente 0/);
    assert.equal(new URL(page.url()).searchParams.get('q'), '40,30,20,10');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('two normals: sliders move p and q; closed form and integral agree to 1e-6 both ways', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=kl&lang=en&threads=1`);
    for (const [name, value] of [['pm', -1.2], ['ps', 0.6], ['qm', 2.3], ['qs', 1.7]]) await setSlider(page, name, value);
    const n = (await hook(page, 'kl')).normals;
    assert.deepEqual(n.p, { mu: -1.2, sigma: 0.6 });
    assert.deepEqual(n.q, { mu: 2.3, sigma: 1.7 });
    close(n.pq, gaussianKl(n.p, n.q), 1e-12, 'KL(p‖q)');
    close(n.qp, gaussianKl(n.q, n.p), 1e-12, 'KL(q‖p)');
    close(n.pqNumeric, n.pq, 1e-6, 'numeric KL(p‖q)');
    close(n.qpNumeric, n.qp, 1e-6, 'numeric KL(q‖p)');
    assert.equal(await page.locator('.kl-pq').innerText(), n.pq.toFixed(6));
    assert.equal(await page.locator('.kl-qp-numeric').innerText(), n.qpNumeric.toFixed(6));
    const url = new URL(page.url()).searchParams;
    assert.deepEqual(['pm', 'ps', 'qm', 'qs'].map((k) => url.get(k)), ['-1.2', '0.6', '2.3', '1.7']);
    // A link restores the state.
    await gotoView(page, page.url());
    assert.deepEqual((await hook(page, 'kl')).normals.q, { mu: 2.3, sigma: 1.7 });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('animates the fits: forward ends at the mixture’s mean and σ, reverse at one mode', async () => {
    const { context, page, problems } = await openPage(suite.browser,
      `${suite.server.url}?view=kl&lang=en&threads=1&fa=-3&fb=3&fs=0.6&fw=0.5&f0=0.8`);
    await page.click('[data-name=fit-run]');
    const early = (await hook(page, 'kl')).fit;
    assert.ok(early.step < 200, `the fit is animated (step ${early.step})`);
    await page.waitForFunction(() => window.__latentlab.views.kl.fit.done, null, { timeout: 20000 });
    const { forward, reverse, moments } = (await hook(page, 'kl')).fit;
    close(moments.mu, 0, 1e-12, 'mixture mean');
    close(moments.sigma, Math.sqrt(0.36 + 9), 1e-12, 'mixture σ');
    close(forward.mu, moments.mu, 1e-6, 'forward fit μ');
    close(forward.sigma, moments.sigma, 1e-6, 'forward fit σ');
    close(reverse.mu, 3, 2e-3, 'reverse fit μ (the mode on the start’s side)');
    close(reverse.sigma, 0.6, 2e-3, 'reverse fit σ');
    assert.equal(await page.locator('.fit-forward-sigma').innerText(), moments.sigma.toFixed(3));
    // Starting on the other side, the reverse fit picks the other mode.
    await setSlider(page, 'f0', -0.8);
    close((await hook(page, 'kl')).fit.reverse.mu, -3, 2e-3, 'reverse fit from the left');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('the VAE case: ½(σ² + μ² − 1 − log σ²) from the C++ loss', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=kl&lang=es&threads=1&vm=0.7&vs=1.4`);
    let v = (await hook(page, 'kl')).vae;
    close(v.term, 0.5 * (1.96 + 0.49 - 1 - Math.log(1.96)), 1e-6, 'KL term');
    await setSlider(page, 'vs', 1);
    await setSlider(page, 'vm', 0);
    v = (await hook(page, 'kl')).vae;
    assert.equal(v.term, 0);
    assert.match(await page.locator('.kl-vae-value').innerText(), /^0,0000 nats/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('typesets formulas as MathML, works embedded, and at phone and desktop size in both languages', async () => {
    // One page per language, resized from desktop to phone (each mount costs seconds on a loaded machine).
    for (const lang of ['es', 'en']) {
      const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=kl&lang=${lang}&threads=1`,
        { viewport: { width: 1366, height: 800 } });
      await page.waitForFunction(() => window.__latentlab.views.kl?.fit?.done, null, { timeout: 20000 });
      assert.ok(await page.locator('.katex math').count() > 20, 'KaTeX wrote MathML');
      assert.equal(await page.locator('.katex-error').count(), 0);
      for (const [width, height] of [[1366, 800], [390, 844]]) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(300);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `no horizontal scrolling at ${width} px (${overflow} px)`);
        await screenshot(page, `kl-${lang}-${width}`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=kl&lang=en&embed=1&threads=1`);
    assert.equal(await page.locator('.chrome').evaluateAll((els) => els.filter((e) => e.offsetParent).length), 0);
    assert.ok((await hook(page, 'kl')).normals.pq > 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('the one-file page (web/latentlab-offline.html)', () => {
  it('typesets with the inlined KaTeX fonts and shows the KL lab and Inside the VAE from disk', async () => {
    const file = join(webDir, 'latentlab-offline.html');
    assert.ok(existsSync(file), `${file} is missing: run node scripts/build_offline_page.mjs`);
    const requests = [];
    const { context, page, problems } = await openPage(suite.browser, '');
    page.on('request', (request) => requests.push(request.url()));
    await gotoView(page, `${pathToFileURL(file).href}?view=kl&lang=es&pm=0.5&qs=1.5`);
    assert.equal(await page.evaluate(() => location.protocol), 'file:');
    assert.equal(await page.locator('link[data-katex]').count(), 0, 'no stylesheet link offline');
    assert.equal(await page.locator('style[data-katex]').count(), 1);
    await page.evaluate(() => document.fonts.ready);
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')));
    assert.ok(loaded.includes('KaTeX_Main') && loaded.includes('KaTeX_Math'), `the KaTeX fonts loaded from data: URLs (${loaded})`);
    assert.ok(await page.locator('.katex math').count() > 20);
    const n = (await hook(page, 'kl')).normals;
    close(n.pq, gaussianKl({ mu: 0.5, sigma: 1 }, { mu: 1.5, sigma: 1.5 }), 1e-12, 'KL(p‖q) offline');
    await page.click('nav a[data-view=vae]');
    await page.waitForFunction(() => window.__latentlab.view === 'vae' && window.__latentlab.ready, null, { timeout: 60000 });
    const vae = await hook(page, 'vae');
    close(vae.loss.sumPerDim, vae.loss.kl, 1e-4, 'Σ KL per dimension offline');
    assert.equal(vae.collapse.vae16_beta4.beta, 4, 'the β = 4 model is embedded');
    await screenshot(page, 'offline-vae-es');
    assert.deepEqual(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:')), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('KL and VAE strings', () => {
  it('every literal key of ui/kl, ui/vae and their views exists in both languages', () => {
    const files = ['views/kl.js', 'views/vae.js', 'ui/math.js',
      ...['ui/kl', 'ui/vae'].flatMap((dir) => readdirSync(join(webDir, dir)).map((f) => `${dir}/${f}`))];
    const missing = [];
    for (const file of files) {
      for (const [, key] of readFileSync(join(webDir, file), 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g))
        for (const lang of ['es', 'en']) if (!(key in DICTIONARIES[lang])) missing.push(`${file}: ${key} (${lang})`);
    }
    assert.deepEqual(missing, []);
  });
});
