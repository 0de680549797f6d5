// The threads build's pool joins after the module is ready
// (-sPTHREAD_POOL_DELAY_LOAD, src/wasm/CMakeLists.txt): how long loading takes,
// and what that costs work started at once. In Node: loads the threads build,
// then times six training steps of a conv AE (batch 128) right away and six
// more 2 s later, when every pool thread has started.
//
//   node bench/pool_start.mjs                 # 2 threads, this checkout's build (web/wasm/)
//   node bench/pool_start.mjs 4 /path/to/dir  # 4 threads, the build in /path/to/dir/wasm/
import { pathToFileURL } from 'node:url';

import { loadLatentLab } from '../web/latentlab.js';

const threads = Number(process.argv[2] ?? 2);
const baseUrl = process.argv[3] ? pathToFileURL(`${process.argv[3].replace(/\/$/, '')}/`) : undefined;

const start = performance.now();
const lab = await loadLatentLab({ threads, ...(baseUrl ? { baseUrl } : {}) });
const loadMs = performance.now() - start;
// Deterministic pixels in [0, 1): the step's cost does not depend on them.
const images = Float32Array.from({ length: 128 * 784 }, (_, i) => ((i * 2654435761) % 1000) / 1000);
const model = lab.createModel({ type: 'ae', arch: 'conv', channels: [16, 32], latent: 16 });
const trainer = lab.createTrainer(model, { images }, { batchSize: 128, epochs: 1000, seed: 1 });
const steps = () => Array.from({ length: 6 }, () => {
  const t = performance.now();
  trainer.step();
  return (performance.now() - t).toFixed(1);
});
const early = steps();
await new Promise((resolve) => setTimeout(resolve, 2000));
const late = steps();
console.log(`${baseUrl ? process.argv[3] : 'web/wasm'}: ${lab.threads} thread(s), loaded in ${loadMs.toFixed(0)} ms; ` +
  `training steps right after loading ${early.join(' ')} ms, 2 s later ${late.join(' ')} ms`);
trainer.dispose();
model.dispose();
process.exit(0);  // the pool's Workers would keep Node running
