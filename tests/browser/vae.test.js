// "Inside the VAE" (?view=vae) in Chromium: draws a digit with the mouse and
// checks what is shown against the model through the same client in the page
// (encodeDistribution, evaluate): μ, σ, ε and z = μ + σ⊙ε per VAE, the 2-D
// ellipse, the AE's point, Σ KL per dimension = the model's KL within 1e-4,
// the β total, the re-roll, URL state, the link to Train, the test-split KL
// per dimension (β = 4 collapses dimensions), embed, both languages, phone and desktop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, ellipsePoints, gotoView, hook, openPage, screenshot } from './helpers.js';

const suite = browserSuite();

const close = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

async function drawWithMouse(page, points) {
  await page.click('[data-name=clear]');
  await page.locator('.drawpad-canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('.drawpad-canvas').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
  await page.mouse.up();
}

// The same numbers recomputed in the page from the models, through the public client.
function recompute(page, seed) {
  return page.evaluate(async ({ seed }) => {
    const { loadLatentLab } = await import('/latentlab.js');
    const { models } = await import('/models.js');
    const lab = await loadLatentLab({ threads: 1 });
    const input = Float32Array.from(window.__latentlab.views.vae.input);
    const out = {};
    for (const id of ['vae2', 'vae16', 'vae16_beta4']) {
      const model = await models.get(id);
      const { mu, logvar } = model.encodeDistribution(input);
      const loss = model.evaluate(input, { seed });
      out[id] = { mu: Array.from(mu), sigma: Array.from(logvar, (v) => Math.exp(v / 2)), kl: loss.kl, reconstruction: loss.reconstruction };
    }
    out.ae2 = Array.from((await models.get('ae2')).encode(input));
    return out;
  }, { seed });
}

describe('Inside the VAE', () => {
  it('follows the drawing: μ, σ, ε, z, the maps and the loss all agree with the models', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=vae&lang=en&threads=1&loss=vae16`);
    const before = await hook(page, 'vae');
    await drawWithMouse(page, ellipsePoints());
    await page.waitForFunction((n) => window.__latentlab.views.vae.updates > n, before.updates);
    await page.waitForTimeout(200);
    const shown = await hook(page, 'vae');
    assert.notDeepEqual(shown.input, before.input, 'the drawing replaced the example digit');
    const truth = await recompute(page, shown.seed);
    for (const id of ['vae2', 'vae16']) {
      const p = shown.posteriors[id];
      const Z = p.mu.length;
      assert.deepEqual(p.mu, truth[id].mu, `${id} μ`);
      p.sigma.forEach((s, j) => close(s, truth[id].sigma[j], 1e-6 * s, `${id} σ${j}`));
      assert.equal(p.z.length, 12 * Z, '12 samples of z');
      for (let j = 0; j < Z; ++j) close(p.z[j], p.mu[j] + p.sigma[j] * p.eps[j], 1e-5, `${id} z${j} = μ + σε`);
      const card = page.locator(`.vae-card[data-model=${id}]`);
      assert.equal(await card.locator('.vae-strip canvas').count(), 12);
      assert.match(await card.locator('.vae-mu-value').first().innerText(), new RegExp(p.mu[0].toFixed(2).replace('-', '')));
      assert.match(await card.locator('.vae-z').innerText(), new RegExp(p.z[0].toFixed(2).replace('-', '')));
    }
    assert.deepEqual(shown.ae2, truth.ae2, 'the AE’s point');
    const { loss } = shown;
    assert.equal(loss.model, 'vae16');
    close(loss.sumPerDim, truth.vae16.kl, 1e-4, 'Σ KL per dimension = the model’s KL');
    close(loss.kl, truth.vae16.kl, 1e-9, 'KL shown');
    close(loss.reconstruction, truth.vae16.reconstruction, 1e-9, 'reconstruction shown');
    close(loss.total, loss.reconstruction + loss.beta * loss.kl, 1e-3, 'total = reconstruction + β·KL');
    assert.match(await page.locator('.vae-loss-kl').innerText(), new RegExp(loss.kl.toFixed(2)));
    assert.ok(new URL(page.url()).searchParams.get('digit').startsWith('d'), 'the drawing is in the URL');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('re-rolls ε, moves β, keeps both in the URL, and links to Train with that β', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=vae&lang=es&threads=1&digit=t7&loss=vae2`);
    const first = await hook(page, 'vae');
    await page.click('[data-name=reroll]');
    await page.waitForFunction((n) => window.__latentlab.views.vae.updates > n, first.updates);
    const second = await hook(page, 'vae');
    assert.equal(second.seed, first.seed + 1);
    assert.deepEqual(second.posteriors.vae2.mu, first.posteriors.vae2.mu, 'the same posterior');
    assert.notDeepEqual(second.posteriors.vae2.eps, first.posteriors.vae2.eps, 'a new ε');
    assert.equal(new URL(page.url()).searchParams.get('seed'), String(second.seed));
    const truth = await recompute(page, second.seed);
    close(second.loss.reconstruction, truth.vae2.reconstruction, 1e-9, 'the loss uses the shown ε');
    await page.locator('input[data-name=beta]').evaluate((input) => {
      input.value = '3.5';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const atBeta = (await hook(page, 'vae')).loss;
    assert.equal(atBeta.beta, 3.5);
    close(atBeta.total, atBeta.reconstruction + 3.5 * atBeta.kl, 1e-3, 'total at β = 3.5');
    assert.equal(new URL(page.url()).searchParams.get('beta'), '3.5');
    const reloaded = page.url();
    await gotoView(page, reloaded);
    const restored = await hook(page, 'vae');
    assert.equal(restored.seed, second.seed);
    assert.equal(restored.loss.beta, 3.5);
    assert.deepEqual(restored.input, second.input, 'digit=t7 restores the test digit');
    await page.click('[data-name=train-link]');
    await page.waitForFunction(() => window.__latentlab.view === 'train' && window.__latentlab.ready);
    const url = new URL(page.url()).searchParams;
    assert.equal(url.get('beta'), '3.5');
    assert.equal(url.get('kind'), 'vae');
    assert.equal(await page.locator('input[data-name=beta]').inputValue(), '3.5');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('shows the test split’s KL per dimension: β = 4 leaves dimensions at the prior', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=vae&lang=en&threads=1`);
    const { collapse } = await hook(page, 'vae');
    for (const id of ['vae2', 'vae16', 'vae16_beta4']) {
      const sum = collapse[id].klPerDim.reduce((a, b) => a + b, 0);
      close(sum, collapse[id].kl, 1e-4, `${id}: Σ mean KL per dimension = mean KL`);
    }
    assert.equal(collapse.vae16_beta4.beta, 4);
    assert.ok(collapse.vae16_beta4.active < collapse.vae16.active,
      `active dimensions: β = 1 ${collapse.vae16.active}, β = 4 ${collapse.vae16_beta4.active}`);
    assert.match(await page.locator('[data-model=vae16_beta4] .vae-collapse-summary').innerText(),
      new RegExp(`${collapse.vae16_beta4.active} of 16`));
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('works embedded, at phone and desktop size, in both languages', async () => {
    // One page per language, resized from desktop to phone (each mount costs seconds on a loaded machine).
    for (const lang of ['es', 'en']) {
      const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=vae&lang=${lang}&threads=1&digit=t3`,
        { viewport: { width: 1366, height: 800 } });
      assert.ok(await page.locator('.katex math').count() > 10, 'KaTeX wrote MathML');
      for (const [width, height] of [[1366, 800], [390, 844]]) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(300);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `no horizontal scrolling at ${width} px (${overflow} px)`);
        await screenshot(page, `vae-${lang}-${width}`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=vae&lang=en&embed=1&threads=1`);
    assert.equal(await page.locator('.chrome').evaluateAll((els) => els.filter((e) => e.offsetParent).length), 0);
    assert.ok((await hook(page, 'vae')).loss.kl > 0);
    assert.ok((await page.locator('[data-name=train-link]').getAttribute('href')).includes('embed=1'));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
