// The first reconstruction on Draw, this checkout against an earlier commit,
// in one run: a link with a drawing (?view=draw&digit=d…) opened in fresh
// contexts (empty caches), alternating between the two pages so that the
// machine's changing load falls on both alike. The time is the page's own
// clock (views.draw.completeAt). Runs of bench/first_view/run.mjs made minutes
// apart differ by a few hundred milliseconds on this machine; this comparison
// does not depend on that.
//
//   node bench/first_view/compare.mjs <commit>            # RUNS=7 per page and throttling
//
// The earlier commit is checked out in a temporary git worktree. Each side is
// served as its own scripts/serve.sh serves it: with its bundled page
// (scripts/build_page.mjs) in front of web/ where the commit has that script.
// The earlier commit is served with this checkout's WASM build, so it must not
// differ from it in C++: the script refuses otherwise, unless ALLOW_CPP_DIFF=1
// says the differences do not change the build (e.g. comments; it then names
// the files it ignored), or BASE_WASM names a folder holding the earlier
// commit's own build (a copy of its web/wasm/).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

import { launchBrowser, root } from '../../tests/browser/helpers.js';

const base = process.argv[2];
if (!base) {
  console.error('usage: node bench/first_view/compare.mjs <commit>');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 7);
const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' });
const cppChanged = git('diff', '--name-only', base, '--', 'src', 'CMakeLists.txt', 'CMakePresets.json').trim();
const baseWasm = process.env.BASE_WASM ?? '';
if (cppChanged && !baseWasm && process.env.ALLOW_CPP_DIFF !== '1') {
  console.error(`${base} differs from this checkout in C++ (${cppChanged.split('\n').join(', ')}): its WASM build would not be this one`);
  process.exit(2);
}

// A drawn "7": a bar across and one down, as the page writes it in the URL (ui/digitref.js).
function drawnLink() {
  const pixels = Buffer.alloc(784);
  for (let c = 7; c < 21; ++c) pixels[5 * 28 + c] = pixels[6 * 28 + c] = 255;
  for (let r = 7; r < 24; ++r) pixels[r * 28 + 19 - Math.floor((r - 7) / 3)] = 255;
  return `?view=draw&lang=es&digit=d${pixels.toString('base64url')}`;
}

// As the folder's scripts/serve.sh serves it: bundled where it can be.
function serve(dir, port) {
  const page = existsSync(join(dir, 'scripts/build_page.mjs')) ? ['--page', join(dir, 'build/page')] : [];
  if (page.length) execFileSync('node', [join(dir, 'scripts/build_page.mjs')], { stdio: 'ignore' });
  return spawn('python3', [join(dir, 'scripts/serve.py'), '--port', String(port), '--quiet', ...page], { stdio: 'ignore' });
}

async function firstReconstruction(browser, url, throttle) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__latentlab?.views?.draw?.completeAt != null, null, { timeout: 60000, polling: 20 });
    return Math.round(await page.evaluate(() => window.__latentlab.views.draw.completeAt));
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'latentlab-compare-'));
  const worktree = join(dir, 'base');
  git('worktree', 'add', '--detach', '--quiet', worktree, base);
  const servers = [];
  try {
    cpSync(baseWasm || join(root, 'web/wasm'), join(worktree, 'web/wasm'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'));
    execFileSync('node', [join(worktree, 'scripts/build_offline_page.mjs')], { stdio: 'ignore' });
    const pages = [['base', worktree, 8411], ['this', root, 8412]];
    for (const [, folder, port] of pages) servers.push(serve(folder, port));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { browser, close } = await launchBrowser();
    try {
      const link = drawnLink();
      console.log(`first reconstruction on Draw (a link with a drawing), ms after navigation, ${RUNS} fresh contexts per page, alternating;`);
      console.log(`base ${git('rev-parse', '--short', base).trim()} vs this checkout ${git('rev-parse', '--short', 'HEAD').trim()}${git('status', '--porcelain', '--', 'web').trim() ? ' (web/ modified)' : ''}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
      if (baseWasm) console.log(`base served with the WASM build in ${baseWasm}`);
      else if (cppChanged) console.log(`C++ that differs, served with this checkout's build (ALLOW_CPP_DIFF=1): ${cppChanged.split('\n').join(', ')}`);
      for (const throttle of [1, 4]) {
        const times = { base: [], this: [] };
        for (let r = 0; r < RUNS; ++r) {
          for (const [name, , port] of pages) times[name].push(await firstReconstruction(browser, `http://127.0.0.1:${port}/${link}`, throttle));
        }
        const [a, b] = [median(times.base), median(times.this)];
        console.log(`  CPU ${throttle}×: base median ${a} ms (${times.base.join(' ')}), this median ${b} ms (${times.this.join(' ')}): ${(((b - a) / a) * 100).toFixed(0)} %`);
      }
    } finally {
      await close();
    }
    console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally {
    for (const server of servers) server.kill();
    git('worktree', 'remove', '--force', worktree);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
