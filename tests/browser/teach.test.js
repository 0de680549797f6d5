// Teachers' workflow in Chromium: the guided lesson walked step by step in
// both languages (arrow keys and buttons), presenter mode, an embed driven by
// postMessage from another origin (and ignored when that origin is not
// trusted), the iframe sizing itself to its content, and exported figures
// decoded (PNG at 2×, an animated GIF's size and frame count).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { checkPrerequisites, gifFrames, gotoView, launchBrowser, openPage, root, screenshot, startServer } from './helpers.js';

const lecture = JSON.parse(readFileSync(join(root, 'web/lessons/lecture.json'), 'utf8'));
let server;
let deck; // another origin (another port): a slide deck that embeds the lab
let chromium;

// Serves /deck.html?lab=<lab URL>: an iframe of the lab and embed/host.js, from the lab's server.
function startDeckServer() {
  const http = createServer((request, response) => {
    const lab = new URL(request.url, 'http://x').searchParams.get('lab');
    if (!lab) return response.writeHead(404).end(); // e.g. /favicon.ico
    response.writeHead(200, { 'Content-Type': 'text/html' }).end(deckHtml(lab));
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${http.address().port}/deck.html`, stop: () => http.close(),
  })));
}

before(async () => {
  checkPrerequisites();
  [server, deck] = await Promise.all([startServer(), startDeckServer()]);
  chromium = await launchBrowser();
});
after(async () => {
  await chromium?.close();
  server?.stop();
  deck?.stop();
});

// PNG: width and height from the IHDR chunk.
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}


const stepOf = (page) => page.evaluate(() => ({
  step: document.querySelector('.lesson-bar')?.dataset.step,
  title: document.querySelector('.lesson-step-title')?.textContent,
  view: window.__latentlab.view,
  search: location.search,
}));

describe('guided lesson', () => {
  for (const lang of ['es', 'en']) {
    it(`walks the whole lecture in ${lang}, each step's view in the step's state`, async () => {
      const { context, page, problems } = await openPage(chromium.browser, `${server.url}?lesson=lecture&lang=${lang}`);
      try {
        const views = await page.evaluate(() => [...document.querySelectorAll('#view-nav a')].map((a) => a.dataset.view));
        const steps = lecture.steps.filter((s) => views.includes(s.view));
        for (const [i, step] of steps.entries()) {
          await page.waitForFunction((n) => window.__latentlab.ready && document.querySelector('.lesson-bar')?.dataset.step === String(n), i + 1);
          const shown = await stepOf(page);
          assert.equal(shown.title, step.title[lang], `step ${i + 1} title`);
          assert.equal(shown.view, step.view, `step ${i + 1} view`);
          const query = new URLSearchParams(shown.search);
          assert.equal(query.get('step'), String(i + 1));
          for (const [name, value] of Object.entries(step.params)) assert.equal(query.get(name), String(value), `step ${i + 1}: ${name}`);
          if (i === 1) await screenshot(page, `lesson-${lang}-desktop`);
          if (i < steps.length - 1) {
            // Alternate the two ways forward: the arrow key (focus outside any control) and the button.
            if (i % 2 === 0) {
              await page.evaluate(() => document.activeElement?.blur());
              await page.keyboard.press('ArrowRight');
            } else {
              await page.click('.lesson-next');
            }
          }
        }
        assert.equal(await page.locator('.lesson-next').isDisabled(), true, 'Next is disabled on the last step');
        await page.keyboard.press('PageUp');
        await page.waitForFunction((n) => document.querySelector('.lesson-bar')?.dataset.step === String(n), steps.length - 1);
        await page.goBack();
        await page.waitForFunction((n) => document.querySelector('.lesson-bar')?.dataset.step === String(n), steps.length);
        await page.click('.lesson-exit');
        assert.equal(await page.locator('.lesson-bar').count(), 0);
        assert.equal(new URL(page.url()).searchParams.get('lesson'), null);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  it('presenter mode on a phone, and a lesson that does not exist says so', async () => {
    const { context, page, problems } = await openPage(chromium.browser, `${server.url}?lesson=lecture&step=2&present=1&lang=es`,
      { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      assert.equal(await page.evaluate(() => document.body.classList.contains('present')), true);
      const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.lesson-text')).fontSize));
      assert.ok(size >= 20, `presenter text is ${size}px`);
      await screenshot(page, 'lesson-es-phone-present');
      await gotoView(page, `${server.url}?lesson=no-such-lesson&lang=en`);
      const text = await page.locator('.messages').innerText();
      assert.match(text, /There is no lesson/);
      assert.equal(await page.evaluate(() => window.__latentlab.view), 'draw', 'the page still shows a view');
      assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
    } finally {
      await context.close();
    }
  });
});

// A slide deck on another origin embedding the lab.
function deckHtml(labUrl) {
  return `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="margin:0">
    <iframe id="lab" data-latentlab title="lab" style="width:800px;border:0" src="${labUrl}"></iframe>
    <script src="${new URL('embed/host.js', labUrl).href}"></script>
    <script>
      window.events = [];
      const lab = LatentLabEmbed.connect(document.getElementById('lab'));
      for (const type of ['ready', 'error', 'epoch', 'trained']) lab.on(type, (m) => window.events.push(m));
      window.lab = lab;
    </script></body></html>`;
}

describe('embeds', () => {
  async function openDeck(labQuery) {
    const { context, page, problems } = await openPage(chromium.browser);
    await page.goto(`${deck.url}?lab=${encodeURIComponent(`${server.url}?${labQuery}`)}`);
    return { context, page, problems };
  }

  it('a deck on another origin drives the lab, reads its state and gets its events; the iframe fits its content', async () => {
    const { context, page, problems } = await openDeck('view=sample&embed=1&lang=en&model=vae16&n=4');
    try {
      await page.waitForFunction(() => window.events.some((m) => m.type === 'ready'), null, { timeout: 30000 });
      assert.deepEqual(await page.evaluate(() => window.events[0].params), { model: 'vae16', n: '4' });
      const fit = async () => {
        await page.waitForTimeout(300);
        return page.evaluate(() => ({ iframe: document.getElementById('lab').getBoundingClientRect().height }));
      };
      const before = await fit();
      assert.ok(before.iframe > 300, `the iframe grew to its content (${before.iframe}px; an unsized iframe is 150px)`);
      const lab = page.frame({ url: /view=sample/ });
      const contentHeight = await lab.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      assert.ok(Math.abs(before.iframe - contentHeight) <= 2, `iframe ${before.iframe}px vs content ${contentHeight}px`);

      await page.evaluate(() => window.lab.setState('train', { kind: 'vae', latent: 2 }));
      await page.waitForFunction(() => window.events.filter((m) => m.type === 'ready').length >= 2);
      const state = await page.evaluate(() => window.lab.getState());
      assert.equal(state.view, 'train');
      assert.equal(state.params.kind, 'vae');
      assert.equal(state.lang, 'en');
      const after = await fit();
      assert.ok(after.iframe > before.iframe + 50, `the taller Train view makes the iframe taller (${before.iframe} → ${after.iframe})`);
      const trainHeight = await page.frame({ url: /view=train/ }).evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      assert.ok(Math.abs(after.iframe - trainHeight) <= 2, `iframe ${after.iframe}px vs content ${trainHeight}px`);

      // A run started in the embedded Train view reports each epoch and its end to the deck.
      await page.evaluate(() => window.lab.setState('train', { kind: 'ae', latent: 2, epochs: 2 }));
      await page.waitForFunction(() => window.events.filter((m) => m.type === 'ready').length >= 3);
      await page.frame({ url: /view=train/ }).click('[data-name=start]');
      await page.waitForFunction(() => window.events.some((m) => m.type === 'trained'), null, { timeout: 90000 });
      const run = await page.evaluate(() => window.events.filter((m) => m.type === 'epoch' || m.type === 'trained'));
      assert.deepEqual(run.map((m) => [m.type, m.view, m.epoch ?? m.epochs]), [['epoch', 'train', 1], ['epoch', 'train', 2], ['trained', 'train', 2]]);
      assert.ok(run[1].train.reconstruction > 0 && run[1].train.reconstruction < run[0].train.reconstruction * 1.5, JSON.stringify(run[1]));
      assert.equal(run[2].state, 'finished');

      await page.evaluate(() => window.lab.setState('no-such-view', {}));
      await page.waitForFunction(() => window.events.some((m) => m.type === 'error'));
      assert.equal(await page.evaluate(() => window.events.find((m) => m.type === 'error').code), 'invalid_argument');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('commands from an origin the lab does not trust are ignored', async () => {
    const { context, page } = await openDeck('view=sample&embed=1&lang=en&n=4&host=https://deck.example.org');
    try {
      const lab = await (async () => {
        for (let i = 0; i < 100; ++i) {
          const frame = page.frame({ url: /view=sample/ });
          if (frame) return frame;
          await page.waitForTimeout(100);
        }
        throw new Error('no lab frame');
      })();
      await lab.waitForFunction(() => window.__latentlab?.ready === true, null, { timeout: 30000 });
      await page.evaluate(() => window.lab.setState('draw', {}));
      const answered = await page.evaluate(() => window.lab.getState().then(() => true, () => false));
      assert.equal(answered, false, 'getState from an untrusted origin gets no answer');
      assert.equal(await lab.evaluate(() => window.__latentlab.view), 'sample', 'setState from an untrusted origin changed nothing');
      assert.equal(await page.evaluate(() => window.events.length), 0, 'the lab sends nothing to an untrusted origin');
    } finally {
      await context.close();
    }
  });

  it('the page copies an <iframe> snippet for the current state', async () => {
    const { context, page } = await openPage(chromium.browser, `${server.url}?view=sample&lang=en&n=5&temp=1.5`);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await page.click('.share-embed');
      const code = await page.evaluate(() => navigator.clipboard.readText());
      const src = new URL(code.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&'));
      assert.equal(src.searchParams.get('embed'), '1');
      assert.equal(src.searchParams.get('view'), 'sample');
      assert.equal(src.searchParams.get('n'), '5');
      assert.match(code, /embed\/host\.js/);
    } finally {
      await context.close();
    }
  });
});

describe('figures', () => {
  it('saves a figure as a PNG at 2× its size on screen', async () => {
    const { context, page } = await openPage(chromium.browser, `${server.url}?view=sample&lang=en&n=4`, { acceptDownloads: true });
    try {
      await page.click('.figure-menu > summary');
      const item = page.locator('.figure-item', { hasText: '×2' }).first();
      const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
      assert.match(download.suggestedFilename(), /^latentlab-sample-.*n4.*2x\.png$/);
      const { width, height } = pngSize(readFileSync(await download.path()));
      const shown = await page.evaluate(() => {
        const r = document.querySelector('canvas.samples').getBoundingClientRect();
        return { width: Math.round(r.width * 2), height: Math.round(r.height * 2) };
      });
      assert.deepEqual({ width, height }, shown);
    } finally {
      await context.close();
    }
  });

  it('Interpolate offers each side\'s morph A → B → A as an animated GIF', async () => {
    const { context, page } = await openPage(chromium.browser, `${server.url}?view=interpolate&lang=en`);
    try {
      await page.waitForFunction(() => window.__latentlab.ready && window.__latentlab.views.interpolate?.renders > 0);
      await page.click('.figure-menu > summary');
      const item = page.locator('.figure-item', { hasText: 'Morph A → B → A, left model' });
      const [download] = await Promise.all([page.waitForEvent('download'), item.click()]);
      assert.match(download.suggestedFilename(), /^latentlab-interpolate-.*\.gif$/);
      // 24 frames from A to B and 22 back, each 28×28 at 4×.
      assert.deepEqual(gifFrames(Uint8Array.from(readFileSync(await download.path()))), { width: 112, height: 112, frames: 46 });
    } finally {
      await context.close();
    }
  });

  it('encodes digit frames as an animated GIF of the right size and frame count', async () => {
    const { context, page } = await openPage(chromium.browser, `${server.url}?view=draw&lang=en`);
    try {
      const bytes = await page.evaluate(async () => {
        const { digitAnimationGif } = await import('./ui/export.js');
        const frames = new Float32Array(7 * 784).map((_, i) => (i % 784) / 784);
        return [...digitAnimationGif(frames, { count: 7, scale: 4 })];
      });
      assert.deepEqual(gifFrames(Uint8Array.from(bytes)), { width: 112, height: 112, frames: 7 });
    } finally {
      await context.close();
    }
  });
});
