// The threads build in Chromium. scripts/serve.py makes the page cross-origin
// isolated, so 'auto' loads the -pthread module for the page and for the
// training worker; served without the headers the page stays single-threaded
// and says so when more threads are asked for. Either way it trains.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { checkPrerequisites, gotoView, hook, launchBrowser, inContext, openPage, screenshot, startServer } from './helpers.js';

let isolated;
let plain;
let course; // another origin: a course page that embeds the demo (see the embed tests)
let chromium;

// Serves /slides.html, an <iframe> of the demo; ?isolated=1 sends COOP/COEP with it.
function startCoursePage(demoUrl) {
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://x');
    const headers = { 'Content-Type': 'text/html' };
    if (url.searchParams.get('isolated') === '1') {
      Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    }
    response.writeHead(200, headers).end(`<!doctype html><title>slides</title><iframe allow="cross-origin-isolated"
      src="${demoUrl}?view=draw&lang=es&embed=1" width="900" height="700"></iframe>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/slides.html`, stop: () => server.close(),
  })));
}

before(async () => {
  checkPrerequisites();
  [isolated, plain] = await Promise.all([startServer(), startServer({ isolation: false })]);
  course = await startCoursePage(isolated.url);
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  isolated?.stop();
  plain?.stop();
  course?.stop();
});

// Trains a small VAE for one epoch in the train view; returns the view's hook and the speed text.
async function trainOneEpoch(page) {
  await page.click('[data-name=start]');
  await page.waitForFunction(() => window.__latentlab.views.train?.state === 'finished', null, { timeout: 60000 });
  const result = await hook(page, 'train');
  const losses = result.reconstruction;
  assert.ok(losses.at(-1) < losses[0], `the loss falls (${losses[0]} -> ${losses.at(-1)})`);
  return result;
}

const TRAIN_QUERY = 'view=train&lang=en&kind=vae&latent=2&epochs=1&batch=64';

describe('threads', () => {
  it("an isolated page loads the threads build ('auto') for the page and the worker", async () => {
    await inContext(chromium.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, `${isolated.url}?${TRAIN_QUERY}`);
      const { isolatedPage, cores } = await page.evaluate(() => ({
        isolatedPage: crossOriginIsolated, cores: navigator.hardwareConcurrency,
      }));
      assert.equal(isolatedPage, true, 'scripts/serve.py sends COOP/COEP');
      const expected = Math.min(4, cores);
      await page.waitForFunction(() => window.__latentlab.threads !== null);
      assert.equal(await page.evaluate(() => window.__latentlab.threads), expected);
      assert.match(await page.locator('#engine').innerText(), new RegExp(`threads: ${expected}`));
      const result = await trainOneEpoch(page);
      assert.equal(result.threads, expected);
      if (expected > 1) assert.match(await page.locator('[data-stat=speed] .stat-value').innerText(), /threads/);
      console.log(`isolated page: ${expected} threads (${cores} logical cores)`);
      await screenshot(page, 'train-threads');
      assert.deepEqual(problems, []);
    });
  });

  it('threads=1 on an isolated page keeps the single-threaded build, worker included', async () => {
    await inContext(chromium.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, `${isolated.url}?${TRAIN_QUERY}&threads=1`);
      await page.waitForFunction(() => window.__latentlab.threads !== null);
      assert.equal(await page.evaluate(() => window.__latentlab.threads), 1);
      const result = await trainOneEpoch(page);
      assert.equal(result.threads, 1);
      assert.deepEqual(problems, []);
    });
  });

  it('without COOP/COEP the page runs on one thread and says why when asked for more', async () => {
    await inContext(chromium.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, `${plain.url}?${TRAIN_QUERY}&threads=2`);
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      await page.waitForFunction(() => window.__latentlab.threads !== null);
      assert.equal(await page.evaluate(() => window.__latentlab.threads), 1);
      assert.match(await page.locator('.message-notice').first().innerText(), /not cross-origin isolated/);
      assert.equal(new URL(page.url()).searchParams.get('threads'), '1', 'the URL is corrected');
      assert.match(await page.locator('#engine').innerText(), /threads: 1/);
      const result = await trainOneEpoch(page);
      assert.equal(result.threads, 1);
      assert.deepEqual(problems, []);
    });
  });

  it('an out-of-range or non-numeric threads value is corrected with a notice', async () => {
    await inContext(chromium.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, `${isolated.url}?view=draw&lang=es&threads=99`);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      await page.waitForFunction(() => window.__latentlab.threads !== null);
      assert.equal(await page.evaluate(() => window.__latentlab.threads), cores);
      assert.equal(new URL(page.url()).searchParams.get('threads'), String(cores));
      assert.match(await page.locator('.message-notice').first().innerText(), /threads=99/);
      await page.goto(`${isolated.url}?view=draw&lang=en&threads=lots`);
      await page.waitForFunction(() => window.__latentlab?.ready === true && window.__latentlab.threads !== null);
      assert.match(await page.locator('.message-notice').first().innerText(), /threads=lots is not a number/);
      assert.equal(new URL(page.url()).searchParams.get('threads'), 'auto');
      assert.deepEqual(problems, []);
    });
  });

  it("'auto' falls back to one thread when the threads build cannot start", async () => {
    await inContext(chromium.browser, {}, async (context) => {
      await context.route('**/wasm/threads-mjs/**', (route) => route.abort());
      const page = await context.newPage();
      const warnings = [];
      page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      await gotoView(page, `${isolated.url}?view=draw&lang=en`);
      await page.waitForFunction(() => window.__latentlab.threads !== null);
      assert.equal(await page.evaluate(() => window.__latentlab.threads), 1);
      assert.ok(warnings.some((w) => /threads build did not start/.test(w)), warnings.join('\n'));
      assert.equal(await page.locator('.message-error').count(), 0, await page.locator('#messages').innerText());
      assert.equal(await page.locator('.view-failure').count(), 0);
    });
  });

  // A course page on another origin embeds the demo. Not isolated itself, it
  // gets a working single-threaded embed; isolated and allowing it, the embed
  // is isolated too (scripts/serve.py's CORP: cross-origin lets it be embedded).
  for (const parentIsolated of [false, true]) {
    it(`an embed in ${parentIsolated ? 'an isolated' : 'a plain'} page on another origin works (threads: ${parentIsolated ? 'auto' : '1'})`, async () => {
      await inContext(chromium.browser, {}, async (context) => {
        const page = await context.newPage();
        const problems = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        await page.goto(`${course.url}${parentIsolated ? '?isolated=1' : ''}`);
        await page.waitForFunction(() => document.querySelector('iframe')?.contentWindow != null);
        const frame = page.frames().find((f) => f !== page.mainFrame());
        assert.ok(frame, 'the iframe is there');
        await frame.waitForFunction(() => window.__latentlab?.ready === true && window.__latentlab.threads !== null,
          null, { timeout: 30000 });
        const inside = await frame.evaluate(() => ({ isolated: crossOriginIsolated, threads: window.__latentlab.threads,
          cores: navigator.hardwareConcurrency }));
        assert.equal(inside.isolated, parentIsolated);
        assert.equal(inside.threads, parentIsolated ? Math.min(4, inside.cores) : 1);
        assert.equal(await frame.locator('.view-failure').count(), 0);
        assert.equal(await frame.locator('header.app-header').isVisible(), false, 'embed=1 hides the chrome');
        assert.deepEqual(problems, []);
      });
    });
  }
});
