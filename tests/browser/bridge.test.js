// A pytorch/examples VAE written by torch (tests/python/bridge_fixtures.py), uploaded
// through the Train view as a PyTorch user would: it loads under its own names, the
// page says how it read them and shows the test ELBO, which is model.evaluate on the
// test split computed here in Node; the same file with the μ / log σ² heads swapped
// loads too, and its ELBO shows the mix-up.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';

import { loadLatentLab } from '../../web/latentlab.js';
import { checkPrerequisites, gotoView, hook, launchBrowser, openPage, root, screenshot, startServer } from './helpers.js';

const CONFIG = { type: 'vae', arch: 'dense', hidden: [64], latent: 8 };
const FORM = 'view=train&kind=vae&arch=dense&layers=64&latent=8';
let server;
let chromium;
let dir;

before(async () => {
  checkPrerequisites();
  dir = mkdtempSync(join(tmpdir(), 'latentlab-bridge-page-'));
  execFileSync('/usr/bin/python3', [join(root, 'tests/python/bridge_fixtures.py'), 'examples', dir]);
  server = await startServer({ isolation: false }); // the single-threaded page: the mjs build is enough
  chromium = await launchBrowser();
});

after(async () => {
  await chromium?.close();
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// model.evaluate of the file on the whole test split with the page's seed (1): the numbers the page must show.
async function expectedLoss(file) {
  const lab = await loadLatentLab({ threads: 1 });
  const read = (kind) => lab.parseIdx(readFileSync(join(root, `data/mnist-test-${kind}-ubyte.gz`)));
  const images = Float32Array.from((await read('images-idx3')).values, (v) => v / 255);
  return lab.scope(({ track }) => track(lab.loadModel(readFileSync(join(dir, file)), CONFIG)).evaluate(images, { seed: 1 }));
}

async function upload(page, file) {
  const check = page.locator('[data-name=loaded-check]');
  const before = await check.textContent();
  await page.setInputFiles('input[data-name=weights-file]', join(dir, file));
  await page.waitForFunction((previous) => {
    const text = document.querySelector('[data-name=loaded-check]')?.textContent ?? '';
    return window.__latentlab.views.train.loaded?.ok === true && text.includes('ELBO') && text !== previous;
  }, before);
  return { loaded: (await hook(page, 'train')).loaded, text: await check.innerText() };
}

// "−212.4" / "-212,4" as the page writes it, back to a number.
const shownElbo = (text) => Number(text.match(/ELBO ([−-]?[\d.,]+)/)[1].replace('−', '-').replace(/[.,](?=\d$)/, '.'));

it('a pytorch/examples VAE uploaded in the Train view loads under its names and shows its test ELBO', async () => {
  const expected = await expectedLoss('examples-vae.safetensors');
  const [right, swapped] = [expected.elbo, (await expectedLoss('examples-vae-swapped.safetensors')).elbo];
  const { context, page, problems } = await openPage(chromium.browser, `${server.url}?${FORM}&lang=en`);
  try {
    const first = await upload(page, 'examples-vae.safetensors');
    assert.equal(first.loaded.mappedFrom.layout, 'pytorch-examples-vae');
    assert.equal(first.loaded.mappedFrom.names['fc22.bias'], 'fc_logvar.bias');
    assert.match(first.text, /read as the pytorch\/examples VAE \(fc1, fc21, fc22, fc3, fc4\)/);
    assert.match(first.text, /Check on 2,004 test digits/);
    console.log(`page: ${first.text}`);
    assert.ok(Math.abs(first.loaded.check.elbo - right) < 1e-3, `page ${first.loaded.check.elbo} vs Node ${right}`);
    assert.ok(Math.abs(shownElbo(first.text) - right) <= 0.05 + 1e-9, `shown ${shownElbo(first.text)} vs ${right}`);
    for (const term of ['reconstruction', 'kl']) {
      assert.ok(Math.abs(first.loaded.check[term] - expected[term]) < 1e-3, `${term}: page ${first.loaded.check[term]} vs ${expected[term]}`);
      assert.ok(first.text.includes(expected[term].toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 })), term);
    }
    await screenshot(page, 'bridge-loaded-en');

    const second = await upload(page, 'examples-vae-swapped.safetensors');
    assert.ok(Math.abs(shownElbo(second.text) - swapped) <= 0.05 + 1e-9, `shown ${shownElbo(second.text)} vs ${swapped}`);
    console.log(`test ELBO shown: as trained ${shownElbo(first.text)}, heads swapped ${shownElbo(second.text)}`);
    assert.ok(shownElbo(second.text) < shownElbo(first.text) - 50);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

it('the check reads in Spanish and on a phone', async () => {
  const { context, page, problems } = await openPage(chromium.browser, undefined, { viewport: { width: 390, height: 844 } });
  try {
    await gotoView(page, `${server.url}?${FORM}&lang=es`);
    const { text } = await upload(page, 'examples-vae.safetensors');
    assert.match(text, /Comprobación con 2004 dígitos de prueba: ELBO -?−?\d+,\d nats por dígito/);
    assert.match(text, /leídos como el VAE de pytorch\/examples/);
    await page.locator('[data-name=loaded-check]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(root, 'test-artifacts/bridge-loaded-es-phone.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
