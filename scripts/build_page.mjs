// Writes build/page/: the demo page with its modules bundled, which
// scripts/serve.sh serves in front of web/ (serve.py --page). web/index.html
// loads ~50 modules one file each; starting those requests, and then
// compiling and linking each module, took the main thread about 0.4 s before
// the first view at 4x CPU throttling (bench/first_view). Here esbuild bundles
// boot.js and app.js with code splitting: the shell is one file, each view one
// chunk that app.js imports when the view is opened, and code that several of
// them share sits in chunks of its own (so lab.js stays one module instance
// for boot.js and app.js). Everything else -- the WASM build, models, data,
// the worker scripts, styles and vendor files -- is served from web/ as it is.
//
// Every output sits at the page's top level, like the modules that find
// files beside themselves with import.meta.url (latentlab.js, assets.js).
// index.html preloads what web/index.html does: the shell's static imports and
// the default view's (scripts/modulepreload.mjs).
//
//   node scripts/build_page.mjs      (after the WASM build; scripts/serve.sh and scripts/test.sh run it)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

import { DEFAULT_VIEW, currentBlock, webDir } from './modulepreload.mjs';

const root = resolve(webDir, '..');
export const pageDir = join(root, 'build/page');

const ENTRIES = ['boot.js', 'app.js'];

// The outputs that `output` imports statically, transitively (metafile paths).
function staticImports(outputs, output, seen = new Set()) {
  for (const { path, kind } of outputs[output].imports) {
    if (kind !== 'import-statement' || seen.has(path)) continue;
    seen.add(path);
    staticImports(outputs, path, seen);
  }
  return seen;
}

export async function buildPage() {
  rmSync(pageDir, { recursive: true, force: true });
  mkdirSync(pageDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: ENTRIES.map((entry) => join(webDir, entry)), bundle: true, splitting: true, format: 'esm',
    platform: 'browser', target: 'es2022', external: ['node:*'], minify: true, outdir: pageDir, absWorkingDir: root,
    entryNames: '[name]', chunkNames: 'chunk-[hash]', metafile: true, logLevel: 'error',
  });
  const outputs = result.metafile.outputs;
  // The metafile names files relative to the repository.
  const page = (path) => relative(pageDir, join(root, path)).split('\\').join('/');
  const outputOf = (source) => {
    const found = Object.keys(outputs).find((path) => outputs[path].entryPoint === `web/${source}`);
    if (!found) throw new Error(`build_page: no output for web/${source}`);
    return found;
  };
  const shell = outputOf('app.js');
  const defaultView = outputOf(DEFAULT_VIEW);
  const preloaded = new Set([...staticImports(outputs, shell), defaultView, ...staticImports(outputs, defaultView)]);
  for (const entry of ENTRIES) preloaded.delete(outputOf(entry));

  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const block = currentBlock(html);
  if (block === null) throw new Error('build_page: web/index.html has no modulepreload block');
  const links = [...preloaded].map(page).sort().map((file) => `  <link rel="modulepreload" href="${file}">`);
  writeFileSync(join(pageDir, 'index.html'), html.replace(block, () => ['<!-- bundled modules (scripts/build_page.mjs) -->', ...links].join('\n')));
  const bytes = Object.values(outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { files: Object.keys(outputs).length, bytes, preloaded: preloaded.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, bytes, preloaded } = await buildPage();
  console.log(`wrote build/page/ (${files} bundled modules, ${(bytes / 1024).toFixed(0)} KB; index.html preloads ${preloaded} of them)`);
}
