// The page as the demo serves it (scripts/serve.sh): build/page/, written by
// scripts/build_page.mjs, in front of web/. Its modules are esbuild's bundle,
// not web/'s sources; every view must open from it, and the workers, the WASM
// build, the models and KaTeX's style sheet that the bundled code finds by URL
// must still be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { browserSuite, hook, openPage, root, screenshot } from './helpers.js';

const pageDir = join(root, 'build/page');
const suite = browserSuite({
  page: pageDir,
  prepare: () => {
    if (!existsSync(join(pageDir, 'index.html'))) throw new Error(`${pageDir} is missing: run node scripts/build_page.mjs`);
  },
});

const VIEWS = [...readFileSync(join(root, 'web/app.js'), 'utf8').matchAll(/\{ id: '(\w+)', chapter:/g)].map((m) => m[1]);

// The page's requests for its own files, as paths.
function recordRequests(page) {
  const paths = [];
  page.on('request', (request) => paths.push(new URL(request.url()).pathname.slice(1)));
  return paths;
}

describe('bundled page', () => {
  it('reconstructs on Draw from bundled modules, loading no source module', async () => {
    const { context, page, problems } = await openPage(suite.browser, null, { viewport: { width: 1366, height: 800 } });
    try {
      const paths = recordRequests(page);
      await page.goto(`${suite.server.url}?view=draw&lang=en&digit=t3`);
      await page.waitForFunction(() => Object.keys(window.__latentlab?.views?.draw?.reconstructions ?? {}).length >= 3,
        null, { timeout: 60000 });
      const scripts = paths.filter((p) => p.endsWith('.js') && !p.startsWith('wasm/'));
      assert.ok(scripts.includes('app.js') && scripts.some((p) => /^chunk-\w+\.js$/.test(p)), scripts.join(' '));
      const sources = scripts.filter((p) => p.includes('/'));
      assert.deepEqual(sources, [], 'web/ source modules were loaded beside the bundle');
      const preloaded = await page.locator('link[rel=modulepreload]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
      assert.ok(preloaded.length > 0 && preloaded.every((href) => /^chunk-\w+\.js$/.test(href)), preloaded.join(' '));
      assert.ok(preloaded.every((href) => paths.includes(href)));
      assert.equal(await page.locator('.message-error').count(), 0);
      await screenshot(page, 'bundled-draw-en-desktop');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('opens every view, and the workers and KaTeX load beside the bundle', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=draw&lang=es`);
    try {
      assert.ok(VIEWS.length >= 12, VIEWS.join(' '));
      for (const view of VIEWS) {
        await page.click(`nav a[data-view=${view}]`);
        await page.waitForFunction((v) => window.__latentlab.view === v && window.__latentlab.ready, view, { timeout: 60000 });
        assert.equal(await page.locator('.view-failure').count(), 0, `${view} failed to mount`);
      }
      // Reduce fits its PCA in the apps worker (apps-worker.js, found from a chunk).
      await page.click('nav a[data-view=reduce]');
      await page.waitForFunction(() => window.__latentlab.views.reduce?.aeAccuracy != null, null, { timeout: 120000 });
      assert.equal((await hook(page, 'reduce')).pcaFittedIn, 'worker');
      // KL typesets with KaTeX, whose style sheet is linked from vendor/.
      await page.click('nav a[data-view=kl]');
      await page.waitForFunction(() => window.__latentlab.view === 'kl' && window.__latentlab.ready);
      await page.waitForFunction(() => [...document.styleSheets].some((s) => /katex\.min\.css$/.test(s.href ?? '') && s.cssRules.length > 0));
      // The DQN lab trains in rl-worker.js, the Train view in training-worker.js.
      await page.click('nav a[data-view=dqn]');
      await page.waitForFunction(() => window.__latentlab.view === 'dqn' && window.__latentlab.ready);
      await page.click('button[data-name=start]');
      await page.waitForFunction(() => (window.__latentlab.views.dqn?.episodes ?? 0) >= 3, null, { timeout: 60000 });
      await page.goto(`${suite.server.url}?view=train&lang=es&kind=vae&latent=2&epochs=1&batch=64`);
      await page.waitForFunction(() => window.__latentlab?.ready === true);
      await page.click('[data-name=start]');
      await page.waitForFunction(() => window.__latentlab.views.train?.state === 'finished', null, { timeout: 120000 });
      assert.equal(await page.locator('.message-error').count(), 0, await page.locator('#messages').innerText());
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
