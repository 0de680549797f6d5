// The coverage figures of the shipped models (issue 12, point 2), as the
// coverage panel computes them (lab.sampleCoverage, web/ui/coverage/summary.js):
// training codes = the model's codes of all 7996 training digits (a VAE's means);
// threshold = 95th percentile of each training code's distance to its nearest
// other training code; far share = share of 1000 prior samples z ~ N(0, T²I)
// (seed 1) farther than that from every training code; classes = label of the
// training digit nearest (pixels) to each decoded sample.
//
//   node bench/coverage/run.mjs [models dir, default models/] [model ...]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { loadLatentLab } from '../../web/latentlab.js';
import { summarizeCoverage } from '../../web/ui/coverage/summary.js';

const root = resolve(new URL('../..', import.meta.url).pathname);
const [dir = join(root, 'models'), ...names] = process.argv.slice(2);
const MODELS = names.length ? names : ['ae2', 'vae2', 'vae16'];

const lab = await loadLatentLab();
const read = (kind) => lab.parseIdx(readFileSync(join(root, `data/mnist-train-${kind}-ubyte.gz`)));
const [images, labels] = await Promise.all([read('images-idx3'), read('labels-idx1')]);
const train = { images: Float32Array.from(images.values, (v) => v / 255), labels: Int32Array.from(labels.values) };
console.log(`models from ${dir}; 1000 samples per row, seed 1; classes = samples per digit 0..9`);
for (const name of MODELS) {
  const model = lab.loadModel(readFileSync(join(dir, `${name}.safetensors`)));
  for (const temperature of [1, 2]) {
    const result = lab.sampleCoverage(model, train, { count: 1000, temperature, seed: 1 });
    const s = summarizeCoverage(result);
    console.log(`${name.padEnd(6)} T=${temperature}: threshold ${result.threshold.toFixed(3)}, far ${(100 * result.farShare).toFixed(1)}%, ` +
      `classes [${Array.from(result.histogram).join(' ')}], rare (<2%) [${s.rare.join(',')}], ` +
      `training codes beyond the samples' 95% radius ${(100 * s.codesOutside).toFixed(1)}%  -> ${s.lessons.join(' ')}`);
  }
  model.dispose();
}
