// Hostile input through the page and its server (issue 11): URL values that
// name inherited properties ('constructor', '__proto__') are unknown ids like
// any other, and scripts/serve.py sends nosniff and a Content-Security-Policy
// under which the page still runs (a violation is a console error), and lists
// no folders.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPrerequisites, gotoView, hook, launchBrowser, openPage, startServer } from './helpers.js';

describe('hostile URLs and server headers', () => {
  let server, browser;
  before(async () => {
    checkPrerequisites();
    // Not isolated: the page then loads the single-threaded module only, so
    // the test needs no threads build and runs the same on every machine.
    server = await startServer({ isolation: false });
    browser = (await launchBrowser()).browser;
  });
  after(async () => {
    await browser?.close();
    server?.stop();
  });

  it('sends nosniff and a CSP that allows Embind (unsafe-eval) and nothing inline, and lists no folders', async () => {
    const page = await fetch(server.url);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const policy = page.headers.get('content-security-policy');
    assert.match(policy, /script-src 'self' 'unsafe-eval';/);
    assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
    assert.match(policy, /object-src 'none'/);
    const example = await fetch(new URL('examples/decode-latent.html', server.url));
    assert.match(example.headers.get('content-security-policy'), /script-src 'self' 'unsafe-eval' 'unsafe-inline'/);
    for (const folder of ['views/', 'wasm/', 'vendor/', 'models/']) {
      const response = await fetch(new URL(folder, server.url));
      assert.equal(response.status, 404, `${folder} is listed`);
      await response.arrayBuffer();
    }
  });

  it('a WASM module the browser cannot download rejects with io_error', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}styles.css`);
      // The glue script missing (a folder without the build), then only its .wasm (answered 404).
      await page.route('**/wasm/mjs/latentlab.wasm', (route) => route.fulfill({ status: 404, body: '' }));
      const failures = await page.evaluate(async () => {
        const { loadLatentLab } = await import('/latentlab.js');
        const codeOf = (baseUrl) => loadLatentLab({ baseUrl: new URL(baseUrl, location.href), threads: 1 })
          .then(() => 'loaded', (error) => `${error.code}: ${error.message}`);
        return [await codeOf('/no-such-folder/'), await codeOf('/')];
      });
      assert.match(failures[0], /^io_error: cannot load .*no-such-folder\/wasm\/mjs\/latentlab\.mjs/);
      assert.match(failures[1], /^io_error: cannot load .*\/wasm\/mjs\/latentlab\.wasm: HTTP 404/);
    } finally {
      await context.close();
    }
  });

  it('?view=interpolate with z<constructor> or z<__proto__> endpoints falls back with a notice', async () => {
    for (const id of ['constructor', '__proto__', 'hasOwnProperty']) {
      const { context, page, problems } = await openPage(browser);
      try {
        await gotoView(page, `${server.url}?view=interpolate&lang=en&a=z${id}:0,0&b=z${id}:1,1`);
        const notices = await page.locator('.message-notice').allInnerTexts();
        assert.ok(notices.some((n) => n.includes(`z${id}`)), `${id}: ${notices.join('\n')}`);
        assert.equal(await page.locator('.message-error').count(), 0, await page.locator('#messages').innerText());
        assert.deepEqual(problems, [], `${id}: console errors (a CSP violation is one)`);
        const state = await hook(page, 'interpolate');
        assert.ok(state && state.renders > 0, `${id}: the view did not render`);
        assert.equal(new URL(page.url()).searchParams.get('a')[0], 't', `${id}: the URL keeps the bad endpoint`);
      } finally {
        await context.close();
      }
    }
  });
});
