// Writes web/latentlab-offline.html: the whole page in one file that works
// opened from disk (file://), for a teacher to put on a USB stick or attach to
// course material. Browsers refuse, from a file: page, ES module imports,
// fetch() and Workers from other files, so everything goes inside:
//   - the single-file classic WASM build (web/wasm/single/latentlab.js, the
//     .wasm in it as base64), as a plain <script>;
//   - the page's modules bundled by esbuild into one inline module script
//     (the views' dynamic imports become part of it);
//   - the training worker bundled the same way, kept as a string that
//     web/assets.js starts as a Blob Worker behind a copy of the WASM build;
//   - the pretrained models, their cards and the data sets, as base64
//     (web/assets.js serves them to fetchAsset());
//   - the style sheets, and KaTeX's (web/ui/math.js) with its woff2 fonts as
//     data: URLs in a <style data-katex>, which math.js finds instead of
//     adding a <link> to a file the page cannot reach.
// Such a page is never cross-origin isolated, so it runs single-threaded.
//
//   node scripts/build_offline_page.mjs      (after the WASM build; scripts/serve.sh and scripts/test.sh run it)
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const out = join(web, 'latentlab-offline.html');

const glue = join(web, 'wasm/single/latentlab.js');
if (!existsSync(glue)) {
  console.error(`build_offline_page: ${glue} is missing; build the WASM module first (cmake --build --preset wasm-release)`);
  process.exit(1);
}

// node:* imports sit behind `isNode` checks in the client and the worker: leave them out.
async function bundle(entry) {
  const result = await esbuild.build({
    entryPoints: [join(web, entry)], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    external: ['node:*'], minify: true, write: false, logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

// Inside <script>…</script> the text must not close the element early.
const inline = (text) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

const files = {};
for (const folder of ['models', 'data', 'lessons']) {
  for (const name of readdirSync(join(web, folder)).sort()) {
    if (!/\.(safetensors|json|gz)$/.test(name)) continue;
    files[`${folder}/${name}`] = readFileSync(join(web, folder, name)).toString('base64');
  }
}

// A page opened from disk may start a classic Blob Worker but not a module
// one, so the worker's ES module bundle becomes a classic script: its
// top-level awaits go inside an async function, and import.meta (used by the
// client only to find wasm/ beside it, which the offline page never needs)
// points at the worker's own URL.
function asClassicScript(code) {
  if (/(^|[;}\s])(import\s*[{*\w]|export\s)/.test(code.replace(/import\(/g, ''))) {
    throw new Error('the worker bundle still has static imports or exports');
  }
  return `(async () => {\n${code.replaceAll('import.meta.url', 'self.location.href')}\n})();`;
}

const [pageCode, workerModule] = await Promise.all([bundle('app.js'), bundle('training-worker.js')]);
const workerCode = asClassicScript(workerModule);
if (workerCode.includes('import.meta')) throw new Error('the worker bundle uses import.meta beyond import.meta.url');
const glueCode = readFileSync(glue, 'utf8');
// The worker's source is completed by web/assets.js with the WASM build's
// <script> text, so the 0.9 MB build is in the file once.
const embedded = JSON.stringify({ files, workerSource: workerCode }).replace(/<\//g, '<\\/').replace(/<!--/g, '<\\u0021--');

const css = ['vendor/uplot/uPlot.min.css', 'styles.css'].map((f) => readFileSync(join(web, f), 'utf8')).join('\n');
// Every browser that runs WASM SIMD reads woff2: the .woff and .ttf fallbacks stay out.
function katexCss() {
  const folder = join(web, 'vendor/katex');
  const css = readFileSync(join(folder, 'katex.min.css'), 'utf8').replace(/src:[^;}]+/g, (declaration) => {
    const font = /url\((fonts\/[^)]+\.woff2)\)/.exec(declaration);
    if (!font) throw new Error(`KaTeX's CSS has a font without woff2: ${declaration}`);
    const data = readFileSync(join(folder, font[1])).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  if (/url\((?!data:)/.test(css)) throw new Error("KaTeX's CSS still points at a file");
  return css;
}

let html = readFileSync(join(web, 'index.html'), 'utf8');
const replace = (pattern, replacement) => {
  if (!pattern.test(html)) throw new Error(`web/index.html no longer has ${pattern}`);
  html = html.replace(pattern, () => replacement);
};
replace(/\s*<link rel="stylesheet" href="vendor\/uplot\/uPlot.min.css">/, '');
// The modules are inlined: links to them would point at files the page does not have.
replace(/\s*<!-- modulepreload:begin[^]*?<!-- modulepreload:end -->/, '');
// boot.js only starts the module's download early; the page embeds its build.
replace(/\s*<script type="module" async src="boot.js"><\/script>/, '');
replace(/<link rel="stylesheet" href="styles.css">/,
  `<style>\n${inline(css)}\n</style>\n<style data-katex>\n${inline(katexCss())}\n</style>`);
replace(/<script type="module" src="app.js"><\/script>/,
  `<script id="latentlab-wasm">\n${inline(glueCode)}\n</script>\n` +
  `<script>window.__latentlabOffline = ${embedded};</script>\n` +
  `<script type="module">\n${inline(pageCode)}\n</script>`);
writeFileSync(out, html);
const megabytes = (statSync(out).size / 2 ** 20).toFixed(1);
console.log(`wrote web/latentlab-offline.html (${megabytes} MB: page, WASM, ${Object.keys(files).length} model and data files)`);
