// The DQN view in headless Chromium: training in the worker shows episode
// returns and changing Q bars; the gridworld shows greedy arrows over every
// free cell; the pretrained agent balances from its first frames; Spanish
// and English, desktop and phone, screenshots into test-artifacts/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { browserSuite, hook, openPage, root, screenshot } from './helpers.js';

// Not cross-origin isolated: the page then loads the single-threaded module, the one the worker uses.
const suite = browserSuite({ isolation: false });

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 800 } };

async function waitFor(page, predicate, arg, timeout = 60000) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 200 });
}

describe('dqn view', () => {
  for (const [lang, device, size] of [['en', 'desktop', DESKTOP], ['es', 'phone', PHONE], ['es', 'desktop', DESKTOP], ['en', 'phone', PHONE]]) {
    it(`CartPole trains: returns appear and the Q bars change (${lang}, ${device})`, async () => {
      const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=dqn&lang=${lang}&width=32`, size);
      await page.click('button[data-name=start]');
      await waitFor(page, () => {
        const v = window.__latentlab.views.dqn;
        return v && v.episodes >= 20 && v.qChanges >= 5;
      });
      const view = await hook(page, 'dqn');
      assert.equal(view.env, 'cartpole');
      assert.ok(view.returns.length >= 20, `${view.returns.length} returns charted`);
      assert.ok(view.returns.every((r) => r >= 1 && r <= 500));
      assert.equal(view.q.length, 2);
      assert.equal(await page.locator('.dqn-qbar').count(), 2);
      assert.equal(await page.locator('.katex').count() >= 2, true, 'Bellman target and loss typeset');
      await page.waitForTimeout(400);  // charts redraw at most every 250 ms
      await screenshot(page, `dqn-cartpole-${lang}-${device}`);
      assert.equal(await page.locator('.message-error').count(), 0);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  it('the gridworld shows an arrow on every free cell and Q-values for 4 actions', async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=dqn&lang=es&env=gridworld&width=32`, DESKTOP);
    await page.click('button[data-name=start]');
    await waitFor(page, () => (window.__latentlab.views.dqn?.steps ?? 0) >= 3000);
    const view = await hook(page, 'dqn');
    assert.equal(view.env, 'gridworld');
    assert.equal(view.q.length, 4);
    assert.equal(await page.locator('.dqn-qbar').count(), 4);
    const arrows = [...view.arrows].filter((c) => c !== ' ');
    assert.ok(arrows.length > 20 && arrows.every((c) => '↑→↓←'.includes(c)), view.arrows);
    await screenshot(page, 'dqn-gridworld-es-desktop');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('URL state: the settings come back from the address', async () => {
    const { context, page } = await openPage(suite.browser, `${suite.server.url}?view=dqn&lang=en&replay=0&target=0&double=0&gamma=0.95`, DESKTOP);
    assert.equal(await page.locator('[data-name=replay]').inputValue(), '0');
    assert.equal(await page.locator('input[data-name=target]').isChecked(), false);
    assert.equal(await page.locator('input[data-name=double]').isChecked(), false);
    assert.equal(Number(await page.locator('input[data-name=gamma]').inputValue()), 0.95);
    await context.close();
  });

  it('the pretrained agent balances from its first frames', { skip: !existsSync(join(root, 'models/dqn_cartpole.safetensors')) }, async () => {
    const { context, page, problems } = await openPage(suite.browser, `${suite.server.url}?view=dqn&lang=en`, DESKTOP);
    await page.click('button[data-name=pretrained]');
    // Real time: 50 steps a second; after 6 s the first episode is still running.
    await page.waitForTimeout(6000);
    const view = await hook(page, 'dqn');
    assert.ok(view.steps >= 200, `${view.steps} steps`);
    assert.equal(view.episodes, Math.floor(view.steps / 500), 'every episode lasted 500 steps');
    await screenshot(page, 'dqn-pretrained-en-desktop');
    // The same file loaded back through the page's file input plays too.
    await page.locator('input[data-name=upload]').setInputFiles(join(root, 'models/dqn_cartpole.safetensors'));
    await page.waitForFunction(() => window.__latentlab.views.dqn.state === 'running' && window.__latentlab.views.dqn.steps >= 50,
      null, { timeout: 20000 });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
