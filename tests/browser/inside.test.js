// The Inside view in headless Chromium: the diagram's blocks carry the model's
// own shapes (ae_conv and vae16, read against their configs), drawing changes
// the feature maps, clicking a map shows its filters, the dense-vs-conv
// numbers are those of their definitions, the training demo shows batches
// whose target is the input, and the view works in both languages, embedded
// and on a phone. Screenshots go to test-artifacts/inside-*.png.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browserSuite, hook, openPage, screenshot, webDir } from './helpers.js';

// Single-threaded (no COOP/COEP): the view does not depend on the threads
// build, and the demo's worker then trains on one thread of a shared CI machine.
const suite = browserSuite({ isolation: false });

const viewUrl = (query) => `${suite.server.url}?view=inside&${query}`;
const blockShapes = (page) => page.$$eval('.inside-diagram .inside-block', (blocks) => blocks.map((b) => b.dataset.shape));

async function drawWithMouse(page, points) {
  await page.locator('.drawpad-canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('.drawpad-canvas').boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
  await page.mouse.up();
}

const squaredError = (a, b) => a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0);

describe('the Inside view', () => {
  it('draws ae_conv as 1×28×28 → 16×14×14 → 32×7×7 → 32 → … → 1×28×28, and drawing changes every feature map', async () => {
    const { context, page, problems } = await openPage(suite.browser, viewUrl('lang=en'), { viewport: { width: 1366, height: 800 } });
    assert.deepEqual(await blockShapes(page), ['1×28×28', '16×14×14', '32×7×7', '32', '1568', '16×14×14', '1×28×28', '1×28×28']);
    const before = await hook(page, 'inside');
    // The blocks are the model's own layers (architecture() in the hook), with its parameter count.
    const fromModel = before.blocks.map((b) => b.shape.join('×'));
    assert.deepEqual(await blockShapes(page), fromModel);
    const parameters = await page.$$eval('.inside-block', (blocks) => blocks.reduce((s, b) => s + Number(b.dataset.parameters), 0));
    assert.equal(parameters, 111521);
    assert.equal(await page.locator('.inside-block.is-code').getAttribute('data-shape'), '32');
    assert.equal(await page.locator('.inside-map-grid[data-name="encoder.1"] canvas').count(), 16);
    assert.equal(await page.locator('.inside-map-grid[data-name="encoder.3"] canvas').count(), 32);
    assert.equal(await page.locator('.inside-stage[data-name="encoder.6"] .code-bar').count(), 32);
    await screenshot(page, 'inside-desktop-en');

    await page.locator('[data-name="clear"]').click();
    await drawWithMouse(page, [[0.3, 0.2], [0.7, 0.2], [0.45, 0.85]]);
    await page.waitForFunction((n) => window.__latentlab.views.inside.updates > n, before.updates);
    const drawn = await hook(page, 'inside');
    for (const [name, sum] of Object.entries(before.maps)) {
      if (name === 'output' || name === 'input' || !Number.isFinite(sum)) continue;
      assert.notEqual(drawn.maps[name], sum, `${name} did not change`);
    }
    assert.notEqual(drawn.maps.input, before.maps.input);

    // Clicking a map of the second conv shows its 16 filters of 3×3.
    await page.locator('.inside-map-grid[data-name="encoder.3"] canvas').nth(5).click();
    const picked = await hook(page, 'inside');
    assert.deepEqual(picked.filters.shape, [16, 3, 3]);
    assert.equal(picked.filters.channel, 5);
    assert.equal(await page.locator('.inside-filters canvas').count(), 16);
    assert.match(page.url(), /map=encoder\.3%3A5|map=encoder\.3:5/);

    // Dense vs conv: the numbers shown are Σ(x − x̂)² of the arrays the view used.
    const { compare, input } = picked;
    for (const [id, m] of Object.entries(compare.models)) {
      assert.ok(Math.abs(m.error - squaredError(m.reconstruction, input)) < 1e-3, id);
      assert.ok(Math.abs(m.noisyError - squaredError(m.fromNoisy, input)) < 1e-3, id);
    }
    assert.equal(compare.models.ae_conv.parameters, 111521);
    // What the cards say is those numbers, as the page formats them.
    for (const [id, m] of Object.entries(compare.models)) {
      const shown = await page.$$eval(`.inside-compare-card[data-model="${id}"] dd`, (dds) => dds.map((d) => d.textContent));
      assert.deepEqual(shown, [m.parameters.toLocaleString('en'), id === 'ae2' ? '2' : '32', m.error.toFixed(1), m.noisyError.toFixed(1)]);
    }
    const noisyText = await page.locator('.inside-compare').locator('xpath=..').locator('.figure-metric').nth(1).textContent();
    assert.equal(noisyText, `error ${squaredError(compare.noisy, input).toFixed(1)}`);
    // The dense side is the shipped dense AE with ae_conv's code size.
    assert.equal(picked.denseTwin, 'ae32');
    assert.equal(await page.locator('.inside-warning').count(), 0);
    assert.equal(await page.locator('.inside-compare-card[data-model="ae32"]').count(), 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('a VAE is drawn with its two heads and the sampling step, from its config', async () => {
    const { context, page, problems } = await openPage(suite.browser, viewUrl('lang=es&model=vae16'), { viewport: { width: 1366, height: 800 } });
    const shapes = await blockShapes(page);
    // vae16: dense [320], z = 16.
    assert.deepEqual(shapes, ['1×28×28', '320', '16', '16', '16', '320', '784', '1×28×28']);
    assert.deepEqual(await page.$$eval('.inside-block.part-heads', (b) => b.map((x) => x.dataset.name)), ['fc_mu', 'fc_logvar', 'z']);
    assert.equal(await page.locator('.inside-block.is-code').getAttribute('data-kind'), 'Sample');
    assert.match(await page.locator('.inside-block.kind-Sample').innerText(), /z = μ \+ σ ⊙ ε/);
    assert.ok(await page.getByText('Un modelo denso no tiene mapas de características').isVisible());
    await screenshot(page, 'inside-desktop-es-vae16');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('the training demo shows batches whose target is the input (plain) ', async () => {
    const { context, page, problems } = await openPage(suite.browser, viewUrl('lang=en'));
    await page.locator('[data-name="demo-start"]').click();
    await page.waitForFunction(() => (window.__latentlab.views.inside.demo?.batches ?? 0) >= 2, null, { timeout: 60000 });
    const { demo } = await hook(page, 'inside');
    assert.equal(demo.last.count, 4);
    assert.deepEqual(demo.last.input, demo.last.target);
    await page.locator('[data-name="demo-stop"]').click();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('works in the one-file page opened from disk, its training demo included', async () => {
    const offlineFile = join(webDir, 'latentlab-offline.html');
    if (!existsSync(offlineFile)) throw new Error(`${offlineFile} is missing: run node scripts/build_offline_page.mjs`);
    const url = `${pathToFileURL(offlineFile).href}?view=inside&lang=es`;
    const { context, page, problems } = await openPage(suite.browser, url);
    assert.deepEqual(await blockShapes(page), ['1×28×28', '16×14×14', '32×7×7', '32', '1568', '16×14×14', '1×28×28', '1×28×28']);
    await page.locator('[data-name="demo-start"]').click();
    await page.waitForFunction(() => (window.__latentlab.views.inside.demo?.batches ?? 0) >= 1, null, { timeout: 60000 });
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const lang of ['es', 'en']) {
    it(`phone layout (${lang}) and embed=1 have no sideways scrolling`, async () => {
      const { context, page, problems } = await openPage(suite.browser, viewUrl(`lang=${lang}&demo=denoise`),
        { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
      await page.locator('[data-name="demo-start"]').click();
      await page.waitForFunction(() => (window.__latentlab.views.inside.demo?.batches ?? 0) >= 1, null, { timeout: 60000 });
      await page.waitForTimeout(600);
      await screenshot(page, `inside-phone-${lang}`);
      const { demo } = await hook(page, 'inside');
      assert.notDeepEqual(demo.last.input, demo.last.target, 'a denoising AE is fed a noisy copy');
      await page.goto(viewUrl(`lang=${lang}&embed=1`));
      await page.waitForFunction(() => window.__latentlab?.ready === true);
      assert.equal(await page.locator('header.app-header').isVisible(), false);
      assert.ok(await page.locator('.inside-diagram').isVisible());
      if (lang === 'es') {
        await page.setViewportSize({ width: 1366, height: 800 });
        await screenshot(page, 'inside-desktop-es-embed');
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
