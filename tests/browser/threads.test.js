// The threads build in Chromium. scripts/serve.py makes the page cross-origin
// isolated, so 'auto' loads the -pthread module for the page and for the
// training worker; served without the headers the page stays single-threaded
// and says so when more threads are asked for. Either way it trains.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPrerequisites, gotoView, hook, launchBrowser, openPage, screenshot, startServer } from './helpers.js';

let isolated;
let plain;
let chromium;

before(async () => {
  checkPrerequisites();
  [isolated, plain] = await Promise.all([startServer(), startServer({ isolation: false })]);
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  isolated?.stop();
  plain?.stop();
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
    const { context, page, problems } = await openPage(chromium.browser, `${isolated.url}?${TRAIN_QUERY}`);
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
    await context.close();
  });

  it('threads=1 on an isolated page keeps the single-threaded build, worker included', async () => {
    const { context, page, problems } = await openPage(chromium.browser, `${isolated.url}?${TRAIN_QUERY}&threads=1`);
    await page.waitForFunction(() => window.__latentlab.threads !== null);
    assert.equal(await page.evaluate(() => window.__latentlab.threads), 1);
    const result = await trainOneEpoch(page);
    assert.equal(result.threads, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('without COOP/COEP the page runs on one thread and says why when asked for more', async () => {
    const { context, page, problems } = await openPage(chromium.browser, `${plain.url}?${TRAIN_QUERY}&threads=2`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    await page.waitForFunction(() => window.__latentlab.threads !== null);
    assert.equal(await page.evaluate(() => window.__latentlab.threads), 1);
    assert.match(await page.locator('.message-notice').first().innerText(), /not cross-origin isolated/);
    assert.equal(new URL(page.url()).searchParams.get('threads'), '1', 'the URL is corrected');
    assert.match(await page.locator('#engine').innerText(), /threads: 1/);
    const result = await trainOneEpoch(page);
    assert.equal(result.threads, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('an out-of-range or non-numeric threads value is corrected with a notice', async () => {
    const { context, page, problems } = await openPage(chromium.browser, `${isolated.url}?view=draw&lang=es&threads=99`);
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
    await context.close();
  });

  it("'auto' falls back to one thread when the threads build cannot start", async () => {
    const context = await chromium.browser.newContext();
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
    await context.close();
  });
});
