// The speed benchmark's driver (bench/speed.sh builds what it needs, then runs
// this). Runs every engine on the same work as its own child process, one
// after another, collects their RESULT lines, prints the figures and the
// ratios, writes bench/results/speed.json and the README section between
// <!-- speed:begin and <!-- speed:end -->.
//
//   node bench/speed.mjs --native <native build dir> --wasm <wasm build dir>
//                        [--native-tuned <native build dir with -march=x86-64-v3 -fno-math-errno>]
//                        [--command "<as typed>"]
//
// Engines: Latent Lab WASM through web/latentlab.js in Node; Latent Lab native
// (bench/train_bench.cpp; also the tuned build when given); TF.js 4.22 WASM backend, one thread; Latent Lab
// WASM in a Chromium Web Worker (V1); PyTorch native, one thread, when
// /usr/bin/python3 has torch. Plus GEMM GFLOP/s (bench/gemm_bench.cpp, both
// builds), a per-op profile of a training step in WASM, and the page's size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { MODELS, PROTOCOL, firstEpochOrder } from './speed/common.mjs';
import { REPO, loadMnistTrain, progress } from './speed/node_data.mjs';

const TARGETS = {
  V1: { examplesPerSecond: 5000, ratio: 7 },
  A1: { examplesPerSecond: 3500, ratio: 9 },
  C1: { examplesPerSecond: 3000, ratio: 4 },
  latencyMs: 0.15,
  gridMs: 10,
  pageKilobytesGzipped: 300,
  nativeVsPytorchV1: 2,
};

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const nativeBuild = resolve(REPO, option('native', 'build/native-release'));
const wasmBuild = resolve(REPO, option('wasm', 'build/wasm-release'));
const tunedBuild = option('native-tuned') && resolve(REPO, option('native-tuned'));
const command = option('command', 'bash bench/speed.sh');
const configs = Object.fromEntries(Object.entries(MODELS).map(([name, m]) => [name, m.config]));

// Runs one engine; its progress goes to our stderr, its RESULT line is returned parsed.
function run(label, file, args, { env = {}, input, optional = false, raw = false } = {}) {
  progress(`\n== ${label}`);
  const child = spawnSync(file, args, {
    cwd: REPO, input, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'],
  });
  if (child.status !== 0) {
    const message = `${label} failed (${child.error ?? `exit ${child.status}`})`;
    if (optional) {
      progress(`${message}; left out`);
      return null;
    }
    throw new Error(message);
  }
  if (raw) {
    progress(child.stdout.trimEnd());
    return child.stdout;
  }
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`${label} printed no RESULT line:\n${child.stdout}`);
  return JSON.parse(line.slice('RESULT '.length));
}

// gemm_bench's table: "MxNxK impl nn tn nt" rows.
function parseGemm(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^(\d+x\d+x\d+)\s+(\w+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/);
    if (m) rows.push({ shape: m[1], implementation: m[2], nn: +m[3], tn: +m[4], nt: +m[5] });
  }
  return rows;
}

function machine() {
  const model = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? '?';
  return { cpus: cpus().length, cpuModel: model.trim(), node: process.version };
}

function pageSize() {
  const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
  const web = join(REPO, 'web');
  const core = ['wasm/mjs/latentlab.mjs', 'wasm/mjs/latentlab.wasm',
    ...readdirSync(web).filter((f) => f.endsWith('.js')).sort()];
  const files = Object.fromEntries(core.map((f) => [f, { bytes: readFileSync(join(web, f)).length, gzipped: gz(join(web, f)) }]));
  // Everything else the page loads as script: its views, UI helpers, strings (vendor/ excluded).
  const more = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(web, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !['vendor', 'wasm', 'examples', 'data', 'models'].includes(entry.name)) walk(path);
      else if (entry.isFile() && dir && /\.m?js$/.test(entry.name)) more.push(path);
    }
  };
  walk('');
  const sum = (list, key) => list.reduce((s, f) => s + key(f), 0);
  // The threads build replaces the module (it is loaded instead, never as well).
  const threadsModule = ['wasm/threads-mjs/latentlab.mjs', 'wasm/threads-mjs/latentlab.wasm', 'wasm/threads-mjs/latentlab.worker.js']
    .filter((f) => existsSync(join(web, f)));
  const scripts = core.filter((f) => !f.startsWith('wasm/'));
  return {
    threadsBuildGzippedBytes: threadsModule.length === 3
      ? sum(threadsModule, (f) => gz(join(web, f))) + sum(scripts, (f) => files[f].gzipped) : null,
    files,
    gzippedBytes: sum(core, (f) => files[f].gzipped),
    bytes: sum(core, (f) => files[f].bytes),
    otherPageScripts: more.length,
    withOtherScriptsGzippedBytes: sum(core, (f) => files[f].gzipped) + sum(more, (f) => gz(join(web, f))),
  };
}

function blasOfPython() {
  try {
    return realpathSync('/usr/lib/x86_64-linux-gnu/libblas.so.3').includes('openblas') ? 'OpenBLAS' : 'reference BLAS';
  } catch {
    return 'unknown BLAS';
  }
}

// ---- run everything --------------------------------------------------------

const startedAt = new Date();
const loadBefore = loadavg();
progress(`speed benchmark: load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);

const { count } = loadMnistTrain();
const order = firstEpochOrder(count, PROTOCOL.seed);
const protocolArgs = { data: join(REPO, 'data'), protocol: PROTOCOL, models: configs };

const native = run('Latent Lab native (train_bench)', join(nativeBuild, 'bench/train_bench'),
  ['train', JSON.stringify(protocolArgs)]);
if (native.orderHead.join() !== Array.from(order.subarray(0, native.orderHead.length)).join())
  throw new Error(`the JS mirror of the Trainer's shuffle disagrees: ${native.orderHead} vs ${order.subarray(0, 8)}`);
const nativeTuned = tunedBuild
  ? run('Latent Lab native built with -march=x86-64-v3 -fno-math-errno', join(tunedBuild, 'bench/train_bench'),
    ['train', JSON.stringify(protocolArgs)], { optional: true })
  : null;
const wasm = run('Latent Lab WASM in Node (web/latentlab.js)', process.execPath, ['bench/speed/run_latentlab.mjs']);
const tfjs = run('TF.js 4.22 WASM backend, 1 thread', process.execPath, ['bench/speed/run_tfjs.mjs']);
const browser = run('Latent Lab WASM in headless Chromium, Web Worker (V1)', process.execPath,
  ['bench/speed/run_browser.mjs'], { optional: true });
// The optional threads build, with the thread count the page's 'auto' would pick here.
const threadCount = Math.min(4, cpus().length);
const threaded = threadCount > 1 ? {
  node: run(`Latent Lab WASM threads build in Node, ${threadCount} threads`, process.execPath,
    ['bench/speed/run_latentlab.mjs', '--threads', String(threadCount)]),
  browser: run(`Latent Lab WASM threads build in headless Chromium, Web Worker (V1), ${threadCount} threads`,
    process.execPath, ['bench/speed/run_browser.mjs', '--threads', String(threadCount)], { optional: true }),
} : null;
const python = '/usr/bin/python3';
const hasTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch']).status === 0;
const pytorch = hasTorch
  ? run('PyTorch native, 1 thread', python, ['bench/torch_bench.py'], {
    optional: true,
    env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    input: JSON.stringify({ ...protocolArgs,
      order: Array.from(order.subarray(0, (PROTOCOL.warmup + PROTOCOL.steps) * PROTOCOL.batchSize)) }),
  })
  : null;
if (pytorch) pytorch.blas = blasOfPython();
const profile = run('Where a WASM training step goes (train_bench profile)', process.execPath,
  ['--no-experimental-fetch', join(wasmBuild, 'bench/train_bench.js'), 'profile', JSON.stringify(protocolArgs)]);
const gemm = {
  wasm: parseGemm(run('GEMM, WASM build', process.execPath, ['--no-experimental-fetch', join(wasmBuild, 'bench/gemm_bench.js')], { raw: true })),
  native: parseGemm(run('GEMM, native build', join(nativeBuild, 'bench/gemm_bench'), [], { raw: true })),
};
const size = pageSize();
const loadAfter = loadavg();

// ---- figures, ratios, targets ---------------------------------------------

const names = Object.keys(MODELS);
const ratios = Object.fromEntries(names.map((n) => [n, wasm.models[n].trainExamplesPerSecond / tfjs.models[n].trainExamplesPerSecond]));
const v1 = { wasm: wasm.models.V1, tfjs: tfjs.models.V1 };
const checks = [];
const check = (what, value, bar, ok) => checks.push({ what, value, bar, met: ok });
const thousands = (x) => Math.round(x).toLocaleString('en-US');
for (const n of names) {
  check(`${n} training, WASM examples/s`, wasm.models[n].trainExamplesPerSecond, `≥ ${thousands(TARGETS[n].examplesPerSecond)}`,
    wasm.models[n].trainExamplesPerSecond >= TARGETS[n].examplesPerSecond);
  check(`${n} training, WASM / TF.js WASM`, ratios[n], `≥ ${TARGETS[n].ratio}×`, ratios[n] >= TARGETS[n].ratio);
}
check('V1 batch-1 encode+decode, WASM ms', v1.wasm.latencyMs, `≤ ${TARGETS.latencyMs}`, v1.wasm.latencyMs <= TARGETS.latencyMs);
check('V1 20×20 manifold grid decode, WASM ms', v1.wasm.gridMs, `≤ ${TARGETS.gridMs}`, v1.wasm.gridMs <= TARGETS.gridMs);
check('page WASM + JS, KB gzipped', size.gzippedBytes / 1024, `≤ ${TARGETS.pageKilobytesGzipped}`,
  size.gzippedBytes / 1024 <= TARGETS.pageKilobytesGzipped);
const heapGrowth = Math.max(...names.map((n) => wasm.models[n].heapGrowthBytes));
check('WASM heap growth over the timed steps, bytes', heapGrowth, '= 0', heapGrowth === 0);
if (pytorch) {
  const slower = pytorch.models.V1.trainExamplesPerSecond / native.models.V1.trainExamplesPerSecond;
  check('V1 training, PyTorch native / Latent Lab native', slower, `≤ ${TARGETS.nativeVsPytorchV1}×`,
    slower <= TARGETS.nativeVsPytorchV1);
}

const results = {
  date: startedAt.toISOString(),
  command,
  machine: { ...machine(), loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
  protocol: PROTOCOL,
  models: Object.fromEntries(Object.entries(MODELS).map(([n, m]) => [n, { config: m.config, pytorch: m.pytorch }])),
  engines: { latentlabWasmNode: wasm, latentlabNative: native, latentlabNativeX86_64_v3: nativeTuned, tfjsWasmNode: tfjs,
    latentlabWasmChromiumWorker: browser, pytorchNative: pytorch,
    latentlabWasmThreadsNode: threaded?.node ?? null, latentlabWasmThreadsChromiumWorker: threaded?.browser ?? null },
  ratiosWasmOverTfjs: ratios,
  wasmProfile: profile,
  gemm,
  pageSize: size,
  targets: checks,
};
mkdirSync(join(REPO, 'bench/results'), { recursive: true });
writeFileSync(join(REPO, 'bench/results/speed.json'), `${JSON.stringify(results, null, 2)}\n`);

// ---- report ----------------------------------------------------------------

const f0 = (x) => (x == null ? '–' : Math.round(x).toLocaleString('en-US'));
const f1 = (x) => (x == null ? '–' : x.toFixed(1));
const f2 = (x) => (x == null ? '–' : x.toFixed(2));
const f3 = (x) => (x == null ? '–' : x.toFixed(3));
const model = (engine, n) => engine?.models?.[n];
const cells = (row) => `| ${row.join(' | ')} |`;

const others = [native, nativeTuned, pytorch, browser];  // the columns after the ratio
const header = ['', 'Latent Lab WASM', 'TF.js WASM', '**ratio**', 'Latent Lab native', 'Latent Lab native, x86-64-v3',
  'PyTorch native', 'Latent Lab WASM, Chromium worker'];
const keep = header.map((_, i) => i < 4 || others[i - 4] != null);  // drop columns of engines that did not run
const pick = (row) => row.filter((_, i) => keep[i]);
const trainRow = (n) => pick([`${n} training, examples/s`, f0(wasm.models[n].trainExamplesPerSecond),
  f0(tfjs.models[n].trainExamplesPerSecond), `**${f1(ratios[n])}×**`,
  ...others.map((e) => f0(model(e, n)?.trainExamplesPerSecond))]);
const inferenceRow = (label, key, digits) => pick([label, digits(v1.wasm[key]), digits(v1.tfjs[key]),
  `**${f1(v1.tfjs[key] / v1.wasm[key])}× faster**`,
  ...others.map((e) => digits(model(e, 'V1')?.[key]))]);

const gemmRow = (rows, impl, shape) => {
  const r = rows.find((x) => x.shape === shape && x.implementation === impl);
  return r ? `${f1(r.nn)} / ${f1(r.tn)} / ${f1(r.nt)}` : '–';
};
const gemmShapes = ['128x400x784', '400x784x128', '128x784x400', '256x256x256', '512x512x512', '1x400x784'];

// Categories of the WASM profile as rows, models as columns, shares of the step.
const categories = [...new Set(names.flatMap((n) => profile.models[n].categories.map((c) => c.category)))];
const shareOf = (n, category) => {
  const entry = profile.models[n];
  const c = entry.categories.find((x) => x.category === category);
  return c ? `${Math.round((100 * (c.forwardMs + c.backwardMs)) / entry.stepMs)}%` : '';
};
const isSub = (c) => c.startsWith(' ');
// "  of which <part> in <Kind>" rows go under the category of that kind of layer.
const ordered = categories.filter((c) => !isSub(c)).sort().flatMap((c) =>
  [c, ...categories.filter((s) => isSub(s) && c.startsWith(`${s.split(' in ').pop()} `))]);

const la = (l) => l.map((x) => x.toFixed(2)).join(' ');

// The optional threads build beside the single-threaded one (same protocol).
function threadsSection() {
  if (!threaded) return ['', `The threads build was not measured: this machine has ${cpus().length} logical core.`];
  const t = threaded.node;
  const row = (label, one, many, digits, faster) => cells([label, digits(one), digits(many),
    one && many ? `${f2(faster ? one / many : many / one)}×` : '–']);
  const tb = threaded.browser?.models?.V1;
  return [
    '',
    `Optional threads build (\`-pthread\`, loaded only by a cross-origin isolated page), ${t.threads} threads against ` +
      'the single-threaded build above, same protocol:',
    '',
    `| | 1 thread | ${t.threads} threads | speed-up |`,
    '|---|---:|---:|---:|',
    ...names.map((n) => row(`${n} training, examples/s, Node`, wasm.models[n].trainExamplesPerSecond,
      t.models[n].trainExamplesPerSecond, f0, false)),
    row('V1 training, examples/s, Chromium worker', browser?.models?.V1?.trainExamplesPerSecond,
      tb?.trainExamplesPerSecond, f0, false),
    row('V1 batch-1 encode+decode, ms, Node', v1.wasm.latencyMs, t.models.V1.latencyMs, f3, true),
    row('V1 20×20 manifold grid decode, ms, Node', v1.wasm.gridMs, t.models.V1.gridMs, f2, true),
    '',
    `Its module (web/wasm/threads-mjs/: .mjs, .wasm and the pthread .worker.js) with web/*.js: ` +
      `${f1(size.threadsBuildGzippedBytes / 1024)} KB gzipped. Heap growth over its timed steps: ` +
      `${Math.max(...names.map((n) => t.models[n].heapGrowthBytes))} bytes.`,
  ];
}
const m = results.machine;
const targetValue = (c) => (/bytes|examples\/s/.test(c.what) ? f0(c.value) : c.what.includes(' / ') ? `${f2(c.value)}×`
  : c.what.includes('KB') ? f1(c.value) : c.what.includes('grid') ? f2(c.value) : f3(c.value));
const table = [
  `Measured ${startedAt.toISOString().slice(0, 10)} on ${m.cpus} vCPU (${m.cpuModel}), Node ${m.node}` +
    (browser?.chromiumVersion ? `, Chromium ${browser.chromiumVersion}` : '') +
    `, load average ${la(m.loadAverageBefore)} before and ${la(m.loadAverageAfter)} after, by:`,
  '',
  `    ${command}`,
  '',
  `Batch ${PROTOCOL.batchSize}, Adam (lr ${PROTOCOL.learningRate}), the bundled MNIST train split in the same batch order ` +
    `for every engine; each figure is the median of ${PROTOCOL.runs} runs of ${PROTOCOL.steps} timed steps after ` +
    `${PROTOCOL.warmup} warm-up steps (latency: of ${PROTOCOL.runs} runs of ${PROTOCOL.latencyCalls} calls; grid: of ` +
    `${PROTOCOL.runs} runs of ${PROTOCOL.gridCalls} decodes of ${PROTOCOL.gridSide ** 2} codes in one batch). One thread ` +
    'everywhere in this table (the optional threads build has its own below). The ratio is Latent Lab WASM over ' +
    'TF.js WASM, both in Node.',
  '',
  cells(pick(header)),
  cells(pick(header.map((_, i) => (i === 0 ? '---' : '---:')))),
  ...names.map((n) => cells(trainRow(n))),
  cells(inferenceRow('V1 batch-1 encode+decode, ms', 'latencyMs', f3)),
  cells(inferenceRow('V1 20×20 manifold grid decode, ms', 'gridMs', f2)),
  '',
  `Models: ${names.map((n) => `${n} = ${MODELS[n].pytorch}`).join('; ')}. TF.js runs the same layers with fused ` +
    'matMul+bias+activation; its WASM backend has no Conv2DBackpropFilter, so C1 uses conv ops with a custom gradient ' +
    'whose filter gradient is an im2col product (strided slices, concat, one matMul), checked against TF.js\'s CPU ' +
    `backend (largest difference ${tfjs.filterGradientError?.toExponential(1) ?? '–'}).` +
    (pytorch ? ` PyTorch ${pytorch.version} with ${pytorch.blas}.` : ' PyTorch was not available.') +
    (nativeTuned ? ' "x86-64-v3" is the same code built with -march=x86-64-v3 -fno-math-errno (AVX2 and FMA for Eigen, ' +
      'a vectorised sqrt for Adam), not the preset build.' : ''),
  '',
  `The page's WASM + JS: ${f1(size.gzippedBytes / 1024)} KB gzipped (web/wasm/mjs/latentlab.{mjs,wasm} and web/*.js; ` +
    `${f1(size.withOtherScriptsGzippedBytes / 1024)} KB with the ${size.otherPageScripts} scripts of its views, UI and ` +
    `strings). WASM heap growth over the timed training steps: ${heapGrowth} bytes.`,
  '',
  '| target (issue 6) | measured | bar | |',
  '|---|---:|---:|---|',
  ...checks.map((c) => cells([c.what, targetValue(c), c.bar, c.met ? 'met' : '**not met**'])),
  ...(nativeTuned && checks.some((c) => c.what.includes('PyTorch') && !c.met)
    ? ['', 'What the native build lacks: the preset compiles without -fno-math-errno, so GCC keeps sqrt\'s errno check ' +
      'and Adam\'s update loop stays scalar natively, and for plain x86-64 (SSE2), so Eigen\'s product runs at the ' +
      'native GFLOP/s below; the x86-64-v3 column is the same code with both flags.']
    : []),
  ...threadsSection(),
  '',
  'GEMM GFLOP/s (nn / tn / nt), one thread:',
  '',
  '| M×N×K | WASM f32x4 | WASM Eigen | native Eigen |',
  '|---|---:|---:|---:|',
  ...gemmShapes.map((s) => cells([s, gemmRow(gemm.wasm, 'f32x4', s), gemmRow(gemm.wasm, 'eigen', s),
    gemmRow(gemm.native, 'eigen', s)])),
  '',
  'Where a WASM training step goes (bench/train_bench.cpp profile: each layer timed alone, synthetic data):',
  '',
  cells(['share of the step', ...names]),
  cells(['---', ...names.map(() => '---:')]),
  ...ordered.map((c) => cells([isSub(c) ? `&nbsp;&nbsp;${c.trim()} (timed alone)` : c, ...names.map((n) => shareOf(n, c))])),
  cells(['step, ms', ...names.map((n) => f2(profile.models[n].stepMs))]),
].join('\n');

process.stdout.write(`\n${table}\n`);

const readmePath = join(REPO, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const begin = readme.match(/<!-- speed:begin[^\n]*-->\n/);
const end = readme.indexOf('<!-- speed:end -->');
if (!begin || end < begin.index) throw new Error('README.md has no <!-- speed:begin ... --> / <!-- speed:end --> section');
writeFileSync(readmePath, readme.slice(0, begin.index + begin[0].length) + table + '\n' + readme.slice(end));
progress('\nwrote bench/results/speed.json and the README speed section');
