// The page's static module graph, as <link rel="modulepreload"> lines in
// web/index.html, so the browser fetches every module app.js needs at once
// instead of discovering them one import level at a time (four round trips
// before the WASM module could start loading).
//
//   node scripts/modulepreload.mjs           # prints the links
//   node scripts/modulepreload.mjs --write   # rewrites them in web/index.html
// tests/node/modulepreload.test.js fails when index.html and the graph differ.
// Dynamic import() (the views, the WASM build) is left to the page: which of
// those it needs depends on the URL, except the default view (Draw), the one
// most visits land on, whose modules are preloaded too (about 60 KB that
// another view does not use).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '../web');
const BEGIN = '<!-- modulepreload:begin (node scripts/modulepreload.mjs --write) -->';
const END = '<!-- modulepreload:end -->';
// `import … from '…'`, `export … from '…'` and `import '…'` at the start of a line (not in comments).
const STATIC_IMPORT = /^\s*(?:import|export)\s(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;

// Paths (relative to web/) of every module reachable from `entry` by static imports, entry excluded, sorted.
export function staticGraph(entry = 'app.js') {
  const seen = new Set();
  const visit = (file) => {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (!specifier.startsWith('.')) continue;  // only the page's own files
      const target = resolve(dirname(file), specifier);
      if (seen.has(target)) continue;
      seen.add(target);
      visit(target);
    }
  };
  visit(join(webDir, entry));
  return [...seen].map((f) => relative(webDir, f).split('\\').join('/')).sort();
}

export const DEFAULT_VIEW = 'views/draw.js';

// What index.html preloads: app.js's graph and the default view's.
export function preloadedModules() {
  return [...new Set([...staticGraph(), DEFAULT_VIEW, ...staticGraph(DEFAULT_VIEW)])].sort();
}

export function preloadBlock(modules = preloadedModules()) {
  return [BEGIN, ...modules.map((m) => `  <link rel="modulepreload" href="${m}">`), `  ${END}`].join('\n');
}

// The block as it stands in index.html, or null.
export function currentBlock(html) {
  const start = html.indexOf(BEGIN);
  const end = html.indexOf(END);
  return start < 0 || end < start ? null : html.slice(start, end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const block = preloadBlock();
  if (process.argv.includes('--write')) {
    const path = join(webDir, 'index.html');
    const html = readFileSync(path, 'utf8');
    const current = currentBlock(html);
    if (current === null) throw new Error(`web/index.html has no ${BEGIN} … ${END} block`);
    writeFileSync(path, html.replace(current, () => block));
  } else {
    console.log(block);
  }
}
