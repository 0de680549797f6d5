// The one-file page (web/latentlab-offline.html, scripts/build_offline_page.mjs)
// opened from disk as file://, where the browser allows no module imports,
// fetches or Workers from other files: the views work on the embedded models
// and data, training runs in a Blob worker, and the served page links to it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browserSuite, hook, inContext, openPage, screenshot, webDir } from './helpers.js';

const offlineFile = join(webDir, 'latentlab-offline.html');
const suite = browserSuite({
  prepare: () => {
    if (!existsSync(offlineFile)) throw new Error(`${offlineFile} is missing: run node scripts/build_offline_page.mjs`);
  },
});

const offlineUrl = (query) => `${pathToFileURL(offlineFile).href}?${query}`;

describe('offline page', () => {
  it('denoises from disk with the embedded models and data, single-threaded', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, offlineUrl('view=denoise&lang=en&level=0.5'));
      assert.equal(await page.evaluate(() => location.protocol), 'file:');
      await page.waitForFunction(() => window.__latentlab.views.denoise?.psnr?.plain != null, null, { timeout: 30000 });
      const { psnr } = await hook(page, 'denoise');
      assert.ok(psnr.denoised > psnr.noisy + 3, `denoised ${psnr.denoised} dB > noisy ${psnr.noisy} dB`);
      assert.equal(await page.evaluate(() => window.__latentlab.threads), 1);
      assert.equal(await page.locator('#offline-link').count(), 0, 'the one-file page offers no copy of itself');
      assert.equal(await page.locator('.message-error').count(), 0, await page.locator('#messages').innerText());
      await screenshot(page, 'offline-denoise');
      assert.deepEqual(problems, []);
    });
  });

  it('trains in a worker from disk and keeps URL state across views and languages', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, offlineUrl('view=train&lang=es&kind=vae&latent=2&epochs=1&batch=64'));
      await page.click('[data-name=start]');
      await page.waitForFunction(() => window.__latentlab.views.train?.state === 'finished', null, { timeout: 60000 });
      const result = await hook(page, 'train');
      assert.ok(result.reconstruction.at(-1) < result.reconstruction[0], 'the loss falls');
      assert.equal(result.threads, 1);
      await page.locator('#lang-select').selectOption('en');
      await page.waitForFunction(() => window.__latentlab.lang === 'en' && window.__latentlab.ready);
      await page.click('nav a[data-view=sample]');
      await page.waitForFunction(() => window.__latentlab.view === 'sample' && window.__latentlab.ready);
      assert.match(page.url(), /^file:.*view=sample.*/);
      assert.match(page.url(), /lang=en/);
      assert.equal(await page.locator('.view-failure').count(), 0);
      assert.deepEqual(problems, []);
    });
  });

  it('the served page links to the one-file page', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, `${suite.server.url}?view=draw&lang=en`);
      const href = await page.locator('#offline-link').getAttribute('href');
      const response = await page.request.get(new URL(href, page.url()).href);
      assert.equal(response.status(), 200);
      assert.ok((await response.body()).length > 1e6, 'it carries the models and the data');
      assert.deepEqual(problems, []);
    });
  });
});
