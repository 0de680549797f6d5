// Shared setup for the browser suite: the demo's own server (scripts/serve.py,
// what scripts/serve.sh runs) over web/ on a free port, and Debian's
// Chromium driven by playwright-core with a fresh profile.
//
// LATENTLAB_TEST_MODELS=<folder> serves /models/ from that folder instead of
// models/ (e.g. stand-in models while the pretrained ones are being trained).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = join(root, 'web');
export const artifactsDir = join(root, 'test-artifacts');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export function checkPrerequisites() {
  const missing = [];
  if (!existsSync(join(webDir, 'wasm/mjs/latentlab.mjs'))) missing.push('web/wasm/mjs/latentlab.mjs (build the WASM module first)');
  const modelsDir = process.env.LATENTLAB_TEST_MODELS || join(root, 'models');
  for (const name of ['ae2', 'vae2', 'vae16', 'dae_conv', 'ae_conv', 'cvae']) {
    if (!existsSync(join(modelsDir, `${name}.safetensors`))) missing.push(`${modelsDir}/${name}.safetensors (bash scripts/train_models.sh)`);
  }
  if (!existsSync(join(webDir, 'vendor/uplot/uPlot.esm.js'))) missing.push('node_modules/uplot (npm ci)');
  if (missing.length) throw new Error(`browser suite prerequisites missing:\n  ${missing.join('\n  ')}`);
}

// isolation: false serves without COOP/COEP (the page then runs single-threaded).
export async function startServer({ isolation = true, page = '' } = {}) {
  const port = await freePort();
  const args = [join(root, 'scripts/serve.py'), '--port', String(port), '--quiet',
    '--models', process.env.LATENTLAB_TEST_MODELS ?? ''];
  if (!isolation) args.push('--no-isolation');
  if (page) args.push('--page', page);
  const child = spawn('python3', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 100; ++attempt) {
    try {
      const response = await fetch(url);
      if (response.ok) return { url, stop: () => child.kill() };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`static server did not start: ${stderr}`);
}

// playwright's launch() gives Chromium a fresh temporary profile (--user-data-dir) and removes it on close.
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return { browser, close: () => browser.close() };
}

// One static server and one Chromium per test file, started in before() and
// stopped in after(); `prepare` runs first (e.g. a check for a built file).
//   const suite = browserSuite({ isolation: false });  // suite.server.url, suite.browser
// page: a folder served before web/ (the bundled page, build/page).
export function browserSuite({ isolation = true, page = '', prepare } = {}) {
  const suite = {
    server: null,
    chromium: null,
    get browser() {
      return this.chromium.browser;
    },
  };
  before(async () => {
    checkPrerequisites();
    await prepare?.();
    suite.server = await startServer({ isolation, page });
    suite.chromium = await launchBrowser();
  });
  after(async () => {
    await suite.chromium?.close();
    suite.server?.stop();
  });
  return suite;
}

// Runs fn(context) in a fresh browser context that is closed in `finally`,
// whether the test passes or fails.
export async function inContext(browser, contextOptions, fn) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

// A page of the context that records console errors and uncaught exceptions
// in `problems`; with a url, it has finished mounting that view. Given a
// Browser instead, it opens a fresh context with contextOptions and returns it
// too (the caller closes it in `finally`).
export async function openPage(contextOrBrowser, url, contextOptions = {}) {
  const ownContext = typeof contextOrBrowser.newContext === 'function';
  const context = ownContext
    ? await contextOrBrowser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions })
    : contextOrBrowser;
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  if (url) await gotoView(page, url);
  return ownContext ? { context, page, problems } : { page, problems };
}

// Navigates and waits until the view has finished mounting (app.js sets body[data-ready]).
export async function gotoView(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__latentlab?.ready === true, null, { timeout: 30000 });
}

export function hook(page, view) {
  return page.evaluate((v) => window.__latentlab.views[v] ?? null, view);
}

export async function screenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

// Pearson correlation of two images (1: the same picture up to contrast).
export function correlation(a, b) {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; ++i) (ma += a[i]), (mb += b[i]);
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export function maxAbsDifference(a, b) {
  let max = 0;
  for (let i = 0; i < a.length; ++i) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

// Points of a "0"-like ellipse in pad coordinates (fractions of the pad's size).
export function ellipsePoints(steps = 48) {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = (i / steps) * 2 * Math.PI;
    return [0.5 + 0.2 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)];
  });
}

// GIF: logical screen size and the number of image descriptors (frames), walking every block.
export function gifFrames(bytes) {
  if (String.fromCharCode(...bytes.subarray(0, 6)) !== 'GIF89a') throw new Error('not a GIF89a file');
  const width = bytes[6] | (bytes[7] << 8);
  const height = bytes[8] | (bytes[9] << 8);
  let at = 13;
  if (bytes[10] & 0x80) at += 3 * 2 ** ((bytes[10] & 7) + 1);
  const skipSubBlocks = () => {
    while (bytes[at] !== 0) at += bytes[at] + 1;
    at += 1;
  };
  let frames = 0;
  for (;;) {
    const block = bytes[at++];
    if (block === 0x3b) break;
    if (block === 0x21) {
      at += 1;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames += 1;
      const packed = bytes[at + 8];
      at += 9;
      if (packed & 0x80) at += 3 * 2 ** ((packed & 7) + 1);
      at += 1; // LZW minimum code size
      skipSubBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${block?.toString(16)} at ${at - 1}`);
    }
  }
  return { width, height, frames };
}
