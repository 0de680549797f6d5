// The page in headless Chromium: every view, real pointer input, the worker,
// errors shown in the page, languages, URL state and a phone-sized run with
// touch. Screenshots of every view go to test-artifacts/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  browserSuite, correlation, ellipsePoints, gifFrames, gotoView, hook, inContext, maxAbsDifference, openPage, root, screenshot,
} from './helpers.js';

const VIEWS = ['draw', 'denoise', 'interpolate', 'latent', 'sample', 'train'];
const suite = browserSuite();

const viewUrl = (query) => `${suite.server.url}?${query}`;

async function drawWithMouse(page, points) {
  await page.locator('.drawpad-canvas').first().scrollIntoViewIfNeeded();
  const box = await page.locator('.drawpad-canvas').first().boundingBox();
  const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
  await page.mouse.up();
}

describe('every view', () => {
  for (const view of VIEWS) {
    for (const lang of ['es', 'en']) {
      it(`${view} (${lang}) loads without console errors`, async () => {
        await inContext(suite.browser, {}, async (context) => {
          const { page, problems } = await openPage(context, viewUrl(`view=${view}&lang=${lang}`));
          await page.waitForTimeout(300);
          assert.equal(await page.locator('.message-error').count(), 0, await page.locator('#messages').innerText());
          assert.equal(await page.locator('.view-failure').count(), 0);
          assert.equal(await page.locator(`nav a[data-view=${view}]`).getAttribute('aria-current'), 'page');
          if (lang === 'en') await screenshot(page, `view-${view}`);
          assert.deepEqual(problems, []);
        });
      });
    }
  }

  it('embed=1 shows the view without the page chrome', async () => {
    await inContext(suite.browser, { viewport: { width: 800, height: 600 } }, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=latent&lang=en&embed=1'));
      assert.equal(await page.locator('header.app-header').isVisible(), false);
      assert.equal(await page.locator('nav.view-nav').isVisible(), false);
      assert.equal(await page.locator('.scatter-canvas').first().isVisible(), true);
      await screenshot(page, 'embed-latent');
      assert.deepEqual(problems, []);
    });
  });
});

describe('draw & reconstruct', () => {
  it('stamps completeAt (bench/first_view) only once every model has drawn, not the ones loaded so far', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const page = await context.newPage();
      // The 16-D VAE's weights arrive 1.5 s late: the two others are drawn long before.
      await page.route('**/models/vae16.safetensors', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      await page.goto(viewUrl('view=draw&lang=en&digit=t0'));
      await page.waitForFunction(() => window.__latentlab?.views?.draw?.completeAt != null, null, { timeout: 60000, polling: 10 });
      const { reconstructions, completeAt } = await hook(page, 'draw');
      assert.deepEqual(Object.keys(reconstructions).sort(), ['ae2', 'vae16', 'vae2']);
      assert.ok(completeAt >= 1500, `completeAt ${completeAt} ms, before the delayed model arrived`);
    });
  });

  it('reconstructs a digit drawn with real pointer moves', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=draw&lang=en'));
      await drawWithMouse(page, ellipsePoints());
      await page.waitForFunction(() => window.__latentlab.views.draw?.input != null);
      await page.waitForTimeout(200);
      const result = await hook(page, 'draw');
      const ink = result.input.reduce((a, b) => a + b, 0);
      assert.ok(ink > 40, `the 28×28 input has ink (sum ${ink})`);
      const scores = Object.fromEntries(Object.entries(result.reconstructions).map(([id, r]) => [id, correlation(result.input, r)]));
      console.log('correlation of reconstruction with input:', scores);
      assert.deepEqual(Object.keys(scores).sort(), ['ae2', 'vae16', 'vae2']);
      assert.ok(Math.max(...Object.values(scores)) > 0.75, `the best reconstruction is close to the input: ${JSON.stringify(scores)}`);
      for (const [id, score] of Object.entries(scores)) assert.ok(score > 0.4, `${id} reconstruction resembles the input: ${score}`);
      assert.ok(result.updates >= 3, `updated live while drawing (${result.updates} updates)`);
      // The pad reads only the region its strokes can have inked: the same digit as mnistify of the whole pad.
      const wholePad = await page.evaluate(async () => {
        const lab = await (await import('/lab.js')).lab();
        const canvas = document.querySelector('.drawpad-canvas');
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        return Array.from(lab.mnistify(Float32Array.from({ length: data.length / 4 }, (_, i) => data[4 * i] / 255), canvas.height, canvas.width));
      });
      assert.equal(maxAbsDifference(wholePad, result.input), 0, 'digit() is mnistify of the whole pad');
      assert.match(page.url(), /digit=d[A-Za-z0-9_-]{100,}/, 'the drawing is kept in the URL');
      await screenshot(page, 'draw-zero');

      // The URL restores the drawing.
      await gotoView(page, page.url());
      await page.waitForFunction(() => window.__latentlab.views.draw?.input != null);
      const restored = await hook(page, 'draw');
      assert.ok(maxAbsDifference(restored.input, result.input) < 0.02, 'a link reproduces the drawing');

      // Undo and clear.
      await page.click('[data-name=clear]');
      await page.waitForFunction(() => window.__latentlab.views.draw?.input === null);
      assert.deepEqual(problems, []);
    });
  });
});

describe('denoise', () => {
  it('moving the noise slider keeps the denoised PSNR above the noisy PSNR', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=denoise&lang=en&noise=gaussian&level=0.1'));
      const slider = page.locator('input[data-name=level]');
      await slider.scrollIntoViewIfNeeded();
      const box = await slider.boundingBox();
      // Drag the thumb with the mouse to about 60 %.
      const before = await hook(page, 'denoise');
      await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
      await page.waitForTimeout(200);
      const after = await hook(page, 'denoise');
      console.log('denoise before', before.level, before.psnr, 'after', after.level, after.psnr);
      assert.ok(after.level > 0.4, `the slider moved (level ${after.level})`);
      assert.ok(after.updates > before.updates + 2, 'updated live while the slider moved');
      assert.ok(after.psnr.denoised > after.psnr.noisy + 3, `denoised ${after.psnr.denoised} dB > noisy ${after.psnr.noisy} dB`);
      // The default plain model is the same conv AE trained without noise: training on noise is what helps.
      assert.ok(after.psnr.denoised > after.psnr.plain + 3, `denoised ${after.psnr.denoised} dB > plain conv AE ${after.psnr.plain} dB`);
      assert.match(page.url(), /level=0\.[4-9]/);

      // The other kinds of noise, including the scribble pen.
      for (const kind of ['salt_and_pepper', 'masking', 'block', 'scribble']) {
        await page.click(`[data-name=noise] label:text-is("${{ salt_and_pepper: 'Salt & pepper', masking: 'Masking', block: 'Block', scribble: 'Scribbles' }[kind]}")`);
        await page.waitForFunction((k) => window.__latentlab.views.denoise.kind === k, kind);
      }
      await page.locator('canvas.pen-active').scrollIntoViewIfNeeded();
      const canvas = await page.locator('canvas.pen-active').boundingBox();
      const beforePen = (await hook(page, 'denoise')).psnr.noisy;
      await page.mouse.move(canvas.x + 10, canvas.y + 10);
      await page.mouse.down();
      await page.mouse.move(canvas.x + canvas.width - 10, canvas.y + canvas.height - 10, { steps: 10 });
      await page.mouse.up();
      await page.waitForTimeout(100);
      const afterPen = (await hook(page, 'denoise')).psnr.noisy;
      assert.ok(afterPen < beforePen - 0.5, `the noise pen adds noise (${beforePen} -> ${afterPen} dB)`);
      await screenshot(page, 'denoise-scribble');
      assert.deepEqual(problems, []);
    });
  });
});

// The view copies its frames for a test only when asked.
const interpolationFrames = (page) => page.evaluate(() => window.__latentlab.views.interpolate.frames());

describe('interpolate', () => {
  it('plays the morph: frames change and it ends at the second endpoint', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=interpolate&lang=en&speed=2'));
      const start = await hook(page, 'interpolate');
      assert.equal(start.t, 0);
      await page.click('[data-name=play]');
      const seen = [];
      for (let i = 0; i < 6; ++i) {
        await page.waitForTimeout(120);
        // One round trip per sample: the state and the frame it shows.
        const now = await page.evaluate(() => {
          const view = window.__latentlab.views.interpolate;
          return { playing: view.playing, current: view.frames().left.current };
        });
        seen.push(now.current);
        if (!now.playing) break;
      }
      await page.waitForFunction(() => window.__latentlab.views.interpolate.playing === false, null, { timeout: 10000 });
      const end = await hook(page, 'interpolate');
      end.frames = await interpolationFrames(page);
      assert.equal(end.t, 1);
      assert.ok(end.renders > start.renders + 5, `animated (${end.renders - start.renders} frames rendered)`);
      let changes = 0;
      for (let i = 1; i < seen.length; ++i) if (maxAbsDifference(seen[i], seen[i - 1]) > 0.01) changes += 1;
      assert.ok(changes >= 2, `frames change while playing (${changes} changes)`);
      for (const side of ['left', 'right']) {
        const diff = maxAbsDifference(end.frames[side].current, end.frames[side].last);
        console.log(`${side}: last frame vs decoded endpoint B, max |difference| ${diff}`);
        assert.ok(diff < 1e-4, `${side} ends at the second endpoint`);
        assert.ok(maxAbsDifference(end.frames[side].current, end.frames[side].first) > 0.1, `${side} moved away from the first endpoint`);
      }
      // Clicking the map sets endpoint B to that point.
      await page.locator('.scatter-canvas').first().scrollIntoViewIfNeeded();
      const map = await page.locator('.scatter-canvas').first().boundingBox();
      await page.mouse.click(map.x + map.width * 0.3, map.y + map.height * 0.3);
      await page.waitForFunction(() => /[?&]b=zae2%3A|[?&]b=zae2:/.test(location.search));
      await screenshot(page, 'interpolate-end');
      assert.deepEqual(problems, []);
    });
  });
});

describe('digit picker', () => {
  it('choosing a class in the Digit dropdown picks a digit of that class (Denoise, Interpolate)', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=denoise&lang=en'));
      const labelOf = (index) => page.evaluate(async (i) => {
        const { data } = await import('./data.js');
        return (await data.load('mnist-test')).labels[i];
      }, index);
      // A view is ready when mounted; its first denoising may still be on its way.
      await page.waitForFunction(() => window.__latentlab.views.denoise?.updates != null);
      const before = (await hook(page, 'denoise')).updates;
      await page.selectOption('select[data-name=denoise-picker-class]', '3');
      await page.waitForFunction(() => /[?&]digit=t\d+/.test(location.search));
      const index = Number(new URL(page.url()).searchParams.get('digit').slice(1));
      assert.equal(await labelOf(index), 3, 'the digit in use is a 3');
      await page.waitForFunction((n) => window.__latentlab.views.denoise.updates > n, before);
      assert.equal(await page.locator('[data-name=denoise-picker] .picker-thumb.selected').getAttribute('data-index'), String(index));

      await gotoView(page, viewUrl('view=interpolate&lang=en'));
      const first = new URL(page.url()).searchParams.get('a');
      await page.selectOption('select[data-name=picker-a-class]', '5');
      await page.waitForFunction((old) => new URL(location.href).searchParams.get('a') !== old, first);
      const a = Number(new URL(page.url()).searchParams.get('a').slice(1));
      assert.equal(await labelOf(a), 5, 'endpoint A is a 5');
      assert.deepEqual(problems, []);
    });
  });
});

describe('latent space', () => {
  it('decodes the point under the mouse and zooms with the wheel', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=latent&lang=es'));
      await page.locator('.scatter-canvas').nth(1).scrollIntoViewIfNeeded();
      const map = await page.locator('.scatter-canvas').nth(1).boundingBox();
      await page.mouse.move(map.x + map.width * 0.3, map.y + map.height * 0.6, { steps: 4 });
      await page.waitForTimeout(100);
      const first = await hook(page, 'latent');
      await page.mouse.move(map.x + map.width * 0.7, map.y + map.height * 0.3, { steps: 4 });
      await page.waitForTimeout(100);
      const second = await hook(page, 'latent');
      assert.equal(first.right.points, 2004);
      assert.ok(maxAbsDifference(first.right.decoded, second.right.decoded) > 0.1, 'different points decode to different images');
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(100);
      assert.deepEqual(problems, []);
    });
  });
});

describe('train', () => {
  it('trains in the worker: the loss falls and the main thread keeps ticking', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=train&lang=en&kind=vae&latent=2&epochs=3&batch=64'));
      await page.evaluate(() => {
        window.__ticks = { count: 0, maxGap: 0, last: performance.now() };
        setInterval(() => {
          const now = performance.now();
          window.__ticks.maxGap = Math.max(window.__ticks.maxGap, now - window.__ticks.last);
          window.__ticks.last = now;
          window.__ticks.count += 1;
        }, 50);
      });
      const started = Date.now();
      await page.click('[data-name=start]');
      await page.waitForFunction(() => (window.__latentlab.views.train?.epochs ?? 0) >= 1, null, { timeout: 30000 });
      await page.click('[data-name=pause]');
      await page.waitForFunction(() => window.__latentlab.views.train.state === 'paused');
      const paused = await hook(page, 'train');
      await page.click('[data-name=step]');
      await page.waitForFunction((n) => window.__latentlab.views.train.progressCount > n, paused.progressCount);
      await page.click('[data-name=pause]'); // resume
      await page.waitForFunction(() => window.__latentlab.views.train.state === 'finished', null, { timeout: 60000 });
      const elapsed = Date.now() - started;
      const result = await hook(page, 'train');
      const ticks = await page.evaluate(() => window.__ticks);
      const losses = result.reconstruction;
      const head = losses.slice(0, 2).reduce((a, b) => a + b) / 2;
      const tail = losses.slice(-3).reduce((a, b) => a + b) / 3;
      console.log(`training: ${losses.length} progress reports, reconstruction ${head.toFixed(1)} -> ${tail.toFixed(1)}; ` +
        `${ticks.count} main-thread ticks in ${elapsed} ms, largest gap ${ticks.maxGap.toFixed(0)} ms`);
      assert.ok(tail < 0.8 * head, `the loss falls (${head} -> ${tail})`);
      assert.equal(result.epochs, 3);
      assert.ok(ticks.count > (elapsed / 50) * 0.5, `the main thread kept ticking (${ticks.count} ticks)`);
      assert.ok(ticks.maxGap < 600, `no long main-thread stall (largest gap ${ticks.maxGap} ms)`);
      // The batch preview showed batches of this run: the VAE's target is its input (self-supervised).
      const batch = await page.evaluate(() => window.__latentlab.views.train.batchPreview());
      assert.ok(batch?.painted >= 1 && batch.count === 4 && batch.step > 0, JSON.stringify(batch));
      assert.equal(batch.targetIsInput, true);
      await page.waitForFunction(() => /trained here/.test(document.querySelector('[data-name=trained]').textContent));
      await screenshot(page, 'train-finished');
      // The latent map after each of the 3 epochs, as an animated GIF from the figure menu.
      await page.click('.figure-menu > summary');
      const [gif] = await Promise.all([page.waitForEvent('download'),
        page.locator('.figure-item', { hasText: 'Latent map over the epochs' }).click()]);
      const frames = gifFrames(Uint8Array.from(readFileSync(await gif.path())));
      assert.equal(frames.frames, 3, JSON.stringify(frames));
      assert.ok(frames.width > 100 && frames.width <= 320, JSON.stringify(frames));
      assert.equal(await page.locator('[data-stat=kl]').isVisible(), true, 'a VAE has a KL tile');

      // "Use it in" links keep the language (and open in a new tab as they are).
      const sampleLink = page.locator('[data-name=trained] a', { hasText: 'Sample' });
      assert.match(await sampleLink.getAttribute('href'), /lang=en.*model=trained|model=trained.*lang=en/);
      // The trained model is usable in the other views.
      await sampleLink.click();
      await page.waitForFunction(() => window.__latentlab.ready && window.__latentlab.view === 'sample');
      await page.waitForFunction(() => window.__latentlab.views.sample?.model === 'trained');
      assert.deepEqual(problems, []);

      // Not downloaded: leaving the page asks first.
      const dialog = page.waitForEvent('dialog');
      await page.close({ runBeforeUnload: true });
      const asked = await dialog;
      assert.equal(asked.type(), 'beforeunload');
      await asked.accept();
    });
  });

  it('reports divergence, then resumes at a lower learning rate', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=train&lang=en&kind=vae&lr=1&epochs=1&batch=256'));
      await page.click('[data-name=start]');
      const message = page.locator('.message-error', { hasText: 'Training diverged' });
      await message.waitFor({ timeout: 30000 });
      await page.waitForFunction(() => window.__latentlab.views.train.state === 'paused');
      assert.equal(await page.locator('[data-name=pause]').innerText(), '▶ Resume');
      // The tiles and curves are those of the restored weights, not of the failed batch.
      const restored = await hook(page, 'train');
      assert.ok(restored.reconstruction.every((v) => Number.isFinite(v) && v < 1e4), `no diverged losses on the chart: ${restored.reconstruction.slice(-3)}`);
      assert.ok(restored.lastLoss === null || restored.lastLoss.reconstruction < 1e4, `tiles: ${JSON.stringify(restored.lastLoss)}`);
      assert.doesNotMatch(await page.locator('[data-stat=reconstruction] .stat-value').innerText(), /\d{5,}|\d{1,3}(,\d{3}){2,}/);
      // Learning rate 0.001, then resume.
      const { rates } = await hook(page, 'train');
      await page.locator('input[data-name=lr]').fill(String(rates.indexOf(0.001)));
      await page.click('[data-name=pause]');
      await page.waitForFunction(() => window.__latentlab.views.train.state === 'finished', null, { timeout: 60000 });
      const losses = (await hook(page, 'train')).reconstruction;
      assert.ok(losses.every(Number.isFinite) && losses.at(-1) < 300, `trained after resuming (last loss ${losses.at(-1)})`);
      await screenshot(page, 'train-diverged');
      assert.deepEqual(problems, []);
    });
  });

  it("the form's ranges are the engine's own (lab.limits), in the sliders, the URL and the layers field", async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=train&lang=en&kind=dae'));
      const { limits, rates } = await hook(page, 'train');
      const bounds = (name) => page.locator(`input[data-name=${name}]`).evaluate((e) => ({ min: Number(e.min), max: Number(e.max) }));
      for (const [name, key] of [['latent', 'latent'], ['epochs', 'epochs'], ['beta', 'beta'], ['noise-level', 'noiseLevel']]) {
        assert.deepEqual(await bounds(name), { min: limits[key].min, max: limits[key].max }, `${name} slider = lab.limits.${key}`);
      }
      // Learning rates: 1-2-5 steps inside the engine's range, reaching its ends.
      const { min: lrMin, max: lrMax } = limits.learningRate;
      assert.ok(rates.every((r) => r >= lrMin && r <= lrMax), `rates ${rates} within [${lrMin}, ${lrMax}]`);
      assert.ok(rates[0] < 2.5 * lrMin && rates.at(-1) > lrMax / 2.5, `rates ${rates} reach the ends`);
      assert.deepEqual(await bounds('lr'), { min: 0, max: rates.length - 1 });
      // Batch sizes: every power of two the engine accepts.
      const batches = (await page.locator('select[data-name=batch] option').allInnerTexts()).map(Number);
      assert.ok(batches.every((b) => b >= limits.batchSize.min && b <= limits.batchSize.max) && 2 * batches.at(-1) > limits.batchSize.max, `batches ${batches}`);

      // The URL is clamped to the same ranges.
      const over = { latent: limits.latent.max + 1, epochs: limits.epochs.max + 5 };
      await gotoView(page, viewUrl(`view=train&lang=en&latent=${over.latent}&epochs=${over.epochs}&layers=${limits.hiddenWidth.max + 1}`));
      const url = new URL(page.url()).searchParams;
      assert.equal(url.get('latent'), String(limits.latent.max));
      assert.equal(url.get('epochs'), String(limits.epochs.max));
      assert.equal(url.get('layers'), null, 'a layer wider than the engine allows is dropped');
      assert.equal((await page.locator('.message-notice').allInnerTexts()).length, 3);

      // The layers field accepts the widest layer the engine allows and marks one wider, saying the range.
      const layers = page.locator('input[data-name=layers]');
      await layers.fill(String(limits.hiddenWidth.max));
      await layers.press('Enter');
      await page.waitForFunction((w) => new URL(location.href).searchParams.get('layers') === String(w), limits.hiddenWidth.max);
      assert.equal(await layers.getAttribute('aria-invalid'), null);
      await layers.fill(String(limits.hiddenWidth.max + 1));
      await layers.press('Enter');
      await page.waitForFunction(() => document.querySelector('input[data-name=layers]').getAttribute('aria-invalid') === 'true');
      const error = await page.locator('#train-layers-error').innerText();
      assert.match(error, new RegExp(`1 to ${limits.hiddenWidth.max.toLocaleString('en')}`), error);
      assert.equal(new URL(page.url()).searchParams.get('layers'), String(limits.hiddenWidth.max), 'the model keeps the last valid list');
      assert.equal(await page.locator('#messages .message').count(), 3, 'the field says it, not the top of the page');
      assert.deepEqual(problems, []);
    });
  });

  it('shows a clear message for a corrupt weights file and keeps working', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=train&lang=en'));
      await page.setInputFiles('input[data-name=weights-file]', {
        name: 'broken.safetensors',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('this is not a safetensors file at all, just some text'),
      });
      // Said beside the load button, not at the top of the page.
      const message = page.locator('[data-name=weights-status].error');
      await message.waitFor();
      const text = await message.innerText();
      assert.match(text, /Could not load the weights file broken\.safetensors/);
      assert.equal(await page.locator('#messages .message-error').count(), 0);
      const loaded = (await hook(page, 'train')).loaded;
      assert.equal(loaded.ok, false);
      // Still working: another view mounts and draws.
      await page.click('nav a[data-view=draw]');
      await page.waitForFunction(() => window.__latentlab.ready && window.__latentlab.view === 'draw');
      await drawWithMouse(page, ellipsePoints(24));
      await page.waitForFunction(() => window.__latentlab.views.draw?.input != null);
      await screenshot(page, 'corrupt-weights');
      assert.deepEqual(problems, []);
    });
  });

  it('loads a PyTorch state_dict when the form matches its architecture, and says why when it does not', async () => {
    const pytorchFile = join(root, 'tests/fixtures/pytorch_ae.safetensors');
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=train&lang=en&kind=ae&latent=2'));
      await page.setInputFiles('input[data-name=weights-file]', pytorchFile);
      const message = page.locator('[data-name=weights-status].error', { hasText: 'pytorch_ae.safetensors' });
      await message.waitFor();
      const detail = await message.innerText();
      console.log('mismatch message:', detail.replace(/\s+/g, ' '));
      assert.match(detail, /does not match the model/);
      assert.match(detail, /\[32, 784\]|32|784/, 'the detail names the shapes');
      // The form's architecture typed to match the PyTorch model: dense 32-16, z = 4.
      await gotoView(page, viewUrl('view=train&lang=en&kind=ae&latent=4&layers=32,16'));
      assert.equal(await page.locator('select[data-name=size]').inputValue(), 'custom');
      await page.setInputFiles('input[data-name=weights-file]', pytorchFile);
      await page.waitForFunction(() => window.__latentlab.views.train.loaded?.ok === true);
      assert.match((await hook(page, 'train')).loaded.message, /AE · dense 32-16 · z = 4/);
      assert.deepEqual(problems, []);
    });
  });

  it('loads weights it downloaded back', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=train&lang=en&kind=ae&latent=2&epochs=1&layers=128'));
      await page.click('[data-name=start]');
      await page.waitForFunction(() => window.__latentlab.views.train.state === 'finished', null, { timeout: 60000 });
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-name=download]')]);
      const path = await download.path();
      const trained = await hook(page, 'train');
      assert.equal(await page.locator('[data-stat=kl]').isVisible(), false, 'an AE has no KL tile');

      // A fresh page with another model in the form: loading the file sets the form to the file's model.
      await gotoView(page, viewUrl('view=train&lang=en&kind=vae&latent=8&epochs=1&layers=64'));
      await page.setInputFiles('input[data-name=weights-file]', path);
      await page.waitForFunction(() => window.__latentlab.views.train.loaded?.ok === true);
      const loaded = await hook(page, 'train');
      assert.match(loaded.loaded.message, /AE · dense 128 · z = 2/);
      assert.equal(loaded.continues, true);
      const url = new URL(page.url()).searchParams;
      assert.deepEqual([url.get('kind'), url.get('latent'), url.get('layers')], ['ae', '2', '128']);
      assert.equal(await page.locator('[data-name=weights-status]').isVisible(), true);
      // Start trains the loaded model further: its first losses are those of a trained model.
      await page.click('[data-name=start]');
      await page.waitForFunction(() => window.__latentlab.views.train.state === 'finished', null, { timeout: 60000 });
      const further = (await hook(page, 'train')).reconstruction;
      console.log(`first batch loss: fresh ${trained.reconstruction[0].toFixed(1)}, continued ${further[0].toFixed(1)}; last epoch ended at ${trained.reconstruction.at(-1).toFixed(1)}`);
      assert.ok(further[0] < 0.6 * trained.reconstruction[0], `continued from the file (${further[0]} vs fresh ${trained.reconstruction[0]})`);
      assert.ok(further[0] < 1.3 * trained.reconstruction.at(-1), 'about where the first run ended');
      assert.deepEqual(problems, []);
    });
  });
});

describe('across the page', () => {
  it('switches language, keeping it in the URL', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=denoise&lang=es'));
      assert.equal(await page.locator('nav a[data-view=denoise]').innerText(), 'Eliminar ruido');
      await page.selectOption('#lang-select', 'en');
      await page.waitForFunction(() => window.__latentlab.ready && window.__latentlab.lang === 'en');
      assert.equal(await page.locator('nav a[data-view=denoise]').innerText(), 'Denoise');
      assert.equal(await page.locator('h2').first().innerText(), 'Remove noise with a denoising autoencoder');
      assert.match(page.url(), /lang=en/);
      assert.match(page.url(), /view=denoise/);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.deepEqual(problems, []);
    });
  });

  it('picks the language from the browser when the URL has none', async () => {
    await inContext(suite.browser, { locale: 'en-GB' }, async (context) => {
      const { page } = await openPage(context, viewUrl('view=sample'));
      assert.match(page.url(), /lang=en/);
      assert.equal(await page.locator('nav a[data-view=sample]').innerText(), 'Sample');
    });
  });

  it('clamps or ignores bad URL parameters with a visible notice', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=denoise&lang=en&level=7&noise=fire&seed=abc'));
      const notices = await page.locator('.message-notice').allInnerTexts();
      assert.ok(notices.some((n) => /level=7/.test(n)), notices.join('\n'));
      assert.ok(notices.some((n) => /noise=fire/.test(n)), notices.join('\n'));
      assert.match(page.url(), /level=1(&|$)/);
      assert.doesNotMatch(page.url(), /noise=fire/);
      assert.equal((await hook(page, 'denoise')).kind, 'gaussian');
      await gotoView(page, viewUrl('view=nowhere&lang=en'));
      assert.equal(await page.evaluate(() => window.__latentlab.view), 'draw');
      assert.ok((await page.locator('.message-notice').allInnerTexts()).some((n) => /nowhere/.test(n)));
      assert.deepEqual(problems, []);
    });
  });

  it('keeps the browser\'s ResizeObserver loop report from the student and says real errors in the page\'s language', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page } = await openPage(context, viewUrl('view=train&lang=es'));
      // An observer that resizes what it observes: Chromium reports "ResizeObserver loop completed…".
      const reported = await page.evaluate(() => new Promise((resolve) => {
        window.addEventListener('error', (event) => /ResizeObserver/.test(event.message) && resolve(event.message), { once: true });
        const box = document.body.appendChild(document.createElement('div'));
        let width = 10;
        new ResizeObserver(() => (box.style.width = `${(width += 10)}px`)).observe(box);
        setTimeout(() => resolve(null), 2000);
      }));
      assert.match(reported ?? '', /ResizeObserver loop/, 'the browser did report the loop');
      await page.setViewportSize({ width: 700, height: 800 });
      await page.waitForTimeout(200);
      assert.equal(await page.locator('.message-error').count(), 0, 'no banner for it');
      // A real error from the page's code is shown, in Spanish.
      await page.evaluate(() => setTimeout(() => { throw new Error('boom from a test'); }));
      const banner = page.locator('.message-error');
      await banner.waitFor();
      assert.match(await banner.innerText(), /Algo ha fallado\.[\s\S]*boom from a test/);
      await page.evaluate(() => { Promise.reject('a bare rejection'); });
      await page.locator('.message-error', { hasText: 'a bare rejection' }).waitFor();
      assert.match(await page.locator('.message-error', { hasText: 'a bare rejection' }).innerText(), /Algo ha fallado/);
    });
  });

  it('says every bad URL parameter in the language the page shows', async () => {
    await inContext(suite.browser, { locale: 'en-GB' }, async (context) => {
      const { page } = await openPage(context, viewUrl('view=nope&lang=xx&threads=99&embed=2'));
      assert.equal(await page.evaluate(() => window.__latentlab.lang), 'en');
      const notices = await page.locator('.message-notice').allInnerTexts();
      assert.equal(notices.length, 4, notices.join('\n'));
      for (const notice of notices) assert.match(notice, /^(The URL parameter|There is no view)/, `in English: ${notice}`);
      // In Spanish the numbers of a range are written the Spanish way.
      await gotoView(page, viewUrl('view=train&lang=es&lr=0.000001'));
      const clamped = await page.locator('.message-notice').allInnerTexts();
      assert.ok(clamped.some((n) => /lr=0\.000001 está fuera de \[0,00001, 10\]/.test(n)), clamped.join('\n'));
    });
  });

  it('explains a browser without WebAssembly SIMD and keeps the page usable', async () => {
    await inContext(suite.browser, {}, async (context) => {
      await context.addInitScript(() => {
        WebAssembly.validate = () => false;
      });
      const page = await context.newPage();
      await gotoView(page, viewUrl('view=draw&lang=en'));
      const text = await page.locator('.message-error').first().innerText();
      assert.match(text, /does not support WebAssembly SIMD/);
      assert.equal(await page.locator('.view-failure').count(), 1);
      await page.click('nav a[data-view=sample]');
      await page.waitForFunction(() => window.__latentlab.ready && window.__latentlab.view === 'sample');
      assert.equal(await page.locator('.view-failure').count(), 1);
    });
  });

  it('survives switching views and language faster than they mount', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=draw&lang=es'));
      for (const view of [...VIEWS, ...VIEWS.slice().reverse()]) await page.click(`nav a[data-view=${view}]`);
      await page.selectOption('#lang-select', 'en');
      await page.selectOption('#lang-select', 'es');
      await page.click('nav a[data-view=latent]');
      await page.waitForFunction(() => window.__latentlab.ready && window.__latentlab.view === 'latent');
      await page.waitForTimeout(500);
      assert.equal(await page.locator('.view-latent').count(), 1);
      assert.equal(await page.locator('.scatter-canvas').count(), 2, 'only the last view is on the page');
      assert.equal(await page.locator('.message-error').count(), 0);
      assert.deepEqual(problems, []);
    });
  });

  it('navigates by keyboard: tabs reach the views, controls are labelled', async () => {
    await inContext(suite.browser, {}, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=sample&lang=en'));
      // On every view, every visible input, select, button and focusable canvas has an accessible name.
      for (const view of VIEWS) {
        await gotoView(page, viewUrl(`view=${view}&lang=en`));
        const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button, canvas[tabindex]')]
          .filter((e) => !e.hidden && e.offsetParent !== null && !e.classList.contains('sr-only'))
          .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim() || e.title))
          .map((e) => e.outerHTML.slice(0, 80)));
        assert.deepEqual(unlabelled, [], `${view}: unlabelled controls`);
      }
      await gotoView(page, viewUrl('view=sample&lang=en'));
      const before = await hook(page, 'sample');
      await page.focus('[data-name=reroll]');
      await page.keyboard.press('Enter');
      await page.waitForFunction((seed) => window.__latentlab.views.sample.seed !== seed, before.seed);
      assert.deepEqual(problems, []);
    });
  });
});

describe('phone', () => {
  it('draws with touch input on a phone-sized screen', async () => {
    await inContext(suite.browser, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
    }, async (context) => {
      const { page, problems } = await openPage(context, viewUrl('view=draw&lang=es'));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no horizontal scrolling (page is ${width} px wide)`);
      const box = await page.locator('.drawpad-canvas').boundingBox();
      const cdp = await context.newCDPSession(page);
      const at = ([x, y]) => ({ x: box.x + x * box.width, y: box.y + y * box.height });
      const points = [[0.45, 0.2], [0.55, 0.2], [0.5, 0.45], [0.5, 0.8]]; // a "7"-like stroke
      const path = [];
      for (let i = 1; i < points.length; ++i) {
        for (let s = 0; s <= 8; ++s) {
          const f = s / 8;
          path.push([points[i - 1][0] + f * (points[i][0] - points[i - 1][0]), points[i - 1][1] + f * (points[i][1] - points[i - 1][1])]);
        }
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(path[0])] });
      for (const p of path.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(p)] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForFunction(() => window.__latentlab.views.draw?.input != null);
      const result = await hook(page, 'draw');
      const ink = result.input.reduce((a, b) => a + b, 0);
      assert.ok(ink > 20, `touch strokes drew ink (${ink})`);
      assert.ok(Object.keys(result.reconstructions).length === 3);
      assert.equal(await page.evaluate(() => window.scrollY), 0, 'drawing did not scroll the page');
      await screenshot(page, 'phone-draw');
      for (const view of ['denoise', 'interpolate', 'latent', 'train']) {
        await gotoView(page, viewUrl(`view=${view}&lang=es`));
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(w <= 390, `${view}: no horizontal scrolling (page is ${w} px wide)`);
        await screenshot(page, `phone-${view}`);
      }
      assert.deepEqual(problems, []);
    });
  });
});
