// web/examples/decode-latent.html served statically (python3 -m http.server)
// in headless Chromium: it loads the model, and the canvas shows exactly what
// model.decode gives in Node for the sliders' point. From the same origin,
// web/training-worker.js runs as a browser module Worker.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { labPromise, repo } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const webDir = fileURLToPath(new URL('web/', repo));

// Serves root on a free port; resolves { url, stop }.
function serve(root) {
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const port = /port (\d+)/.exec(output)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, stop: () => server.kill() });
    });
    server.on('exit', (code) => reject(new Error(`http.server exited (${code}): ${output}`)));
  });
}

test('the decode-latent example renders model.decode of the sliders\' point; the worker runs in a browser Worker', { timeout: 60000,
  skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing` }, async () => {
  const lab = await labPromise;
  const scratch = mkdtempSync(join(tmpdir(), 'latentlab-example-'));
  // The pretrained model when it is there; otherwise a small VAE, served beside a link to web/.
  const pretrained = join(webDir, 'models', 'vae2.safetensors');
  let root = webDir, page = '/examples/decode-latent.html', modelBytes;
  if (existsSync(pretrained)) {
    modelBytes = new Uint8Array(readFileSync(pretrained));
  } else {
    const model = lab.createModel({ type: 'vae', hidden: [16], latent: 2 }, { seed: 3 });
    modelBytes = model.save();
    model.dispose();
    writeFileSync(join(scratch, 'tiny.safetensors'), modelBytes);
    symlinkSync(webDir, join(scratch, 'web'));
    root = scratch;
    page = '/web/examples/decode-latent.html?model=/tiny.safetensors';
  }
  console.log(`example page: ${page} (${existsSync(pretrained) ? 'pretrained vae2' : 'stand-in model; vae2 not there yet'})`);

  const server = await serve(root);
  const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const model = lab.loadModel(modelBytes);
  try {
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(server.url + page);
    await tab.waitForFunction(() => /^(Ready|Could not)/.test(document.getElementById('status').textContent));
    assert.match(await tab.textContent('#status'), /^Ready/, 'the page loaded the model');

    const canvasShades = () => tab.evaluate(() => {
      const data = document.getElementById('digit').getContext('2d').getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => data[4 * i]);
    });
    const expectedShades = (z1, z2) => {
      const code = new Float32Array(model.latentSize);
      code[0] = z1;
      code[1] = z2;
      return Array.from(model.decode(code), (ink) => 255 - Math.round(255 * ink));
    };
    const worst = (a, b) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

    const atOrigin = await canvasShades();
    assert.ok(worst(atOrigin, expectedShades(0, 0)) <= 1, 'canvas at (0, 0)');
    await tab.fill('#z1', '1.5');
    await tab.fill('#z2', '-0.5');
    const moved = await canvasShades();
    const diff = worst(moved, expectedShades(1.5, -0.5));
    console.log(`example page: canvas vs Node decode max |diff| ${diff} (of 255); moving the sliders changed ` +
      `${moved.filter((v, i) => v !== atOrigin[i]).length} pixels`);
    assert.ok(diff <= 1, 'canvas at (1.5, -0.5)');
    assert.notDeepEqual(moved, atOrigin, 'moving the sliders redraws');

    // The same page origin runs training-worker.js as a browser module Worker.
    const workerUrl = new URL('../training-worker.js', new URL(page, server.url)).href;
    const seen = await tab.evaluate((url) => new Promise((resolve) => {
      const worker = new Worker(url, { type: 'module' });
      const types = [];
      const images = new Float32Array(784 * 100).map((_, i) => (i % 7) / 7);
      worker.onmessage = ({ data }) => {
        types.push(data.type === 'error' ? `error: ${data.message}` : data.type);
        if (data.type === 'paused') ['step', 'resume'].forEach((type) => worker.postMessage({ type }));
        if (data.type === 'finished' || data.type === 'error') resolve(types);
      };
      worker.onerror = (event) => resolve([...types, `worker error: ${event.message}`]);
      worker.postMessage({ type: 'start', model: { config: { type: 'vae', hidden: [8], latent: 2 } }, train: { images },
        options: { epochs: 2, batchSize: 25 } }, [images.buffer]);
      worker.postMessage({ type: 'pause' });  // handled before the first batch
    }), workerUrl);
    console.log(`browser worker: ${[...new Set(seen)].join(', ')}`);
    assert.deepEqual(seen.filter((type) => /error/.test(type)), []);
    for (const type of ['started', 'paused', 'progress', 'resumed', 'epoch', 'finished']) assert.ok(seen.includes(type), type);
    assert.deepEqual(errors, []);
  } finally {
    model.dispose();
    await context.close();
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
});
