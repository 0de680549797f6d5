// Latent Lab WASM in headless Chromium, V1 trained in a module Web Worker.
//   node bench/speed/run_browser.mjs [--threads N]
// Serves web/ at / and this folder at /__bench/ from 127.0.0.1 on a free port,
// cross-origin isolated (COOP/COEP, as scripts/serve.py) so the worker can
// load the threads build when N > 1; launches Debian's Chromium
// (playwright-core, fresh profile), prints RESULT.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { REPO, emitResult, progress } from './node_data.mjs';

const ROOTS = [['/__bench/', fileURLToPath(new URL('./', import.meta.url))], ['/', join(REPO, 'web')]];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json' };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function serve() {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const [prefix, dir] = ROOTS.find(([p]) => path.startsWith(p));
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) return response.writeHead(403).end();
    try {
      const body = await readFile(file);
      // .gz files go out as plain bytes: the worker inflates them itself.
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const threadsAt = process.argv.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(process.argv[threadsAt + 1]) : 1;
const server = await serve();
// launch() gives Chromium a fresh temporary profile (--user-data-dir) and removes it on close.
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  page.on('console', (message) => progress(`chromium: ${message.text()}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/__bench/browser.html?threads=${threads}`);
  const result = await page.evaluate(() => window.benchResult);
  result.chromiumVersion = browser.version();
  progress(`latentlab wasm chromium worker (${result.threads} thread${result.threads > 1 ? 's' : ''}) V1: ${result.models.V1.trainRuns.map((r) => r.toFixed(0)).join(', ')} examples/s`);
  emitResult(result);
} finally {
  await browser.close();
  server.close();
}
