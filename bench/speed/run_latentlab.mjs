// Latent Lab WASM in Node, through web/latentlab.js.
//   node bench/speed/run_latentlab.mjs [--threads N] V1 A1 C1
// Prints per model the train examples/s of every run; for V1 also batch-1
// encode+decode latency and the 20×20 grid decode; then one RESULT line.
// --threads N (N > 1) runs the -pthread build with N threads.
import { loadLatentLab } from '../../web/latentlab.js';
import { MODELS, PROTOCOL, median } from './common.mjs';
import { trainRun, inferenceRuns } from './latentlab_runs.mjs';
import { loadMnistTrain, emitResult, progress } from './node_data.mjs';

const args = process.argv.slice(2);
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args.splice(threadsAt, 2)[1]) : 1;
const names = args.length ? args : Object.keys(MODELS);
const lab = await loadLatentLab({ threads });
const { images } = loadMnistTrain();
const result = { engine: 'latentlab-wasm-node', threads: lab.threads, models: {} };
for (const name of names) {
  const { config } = MODELS[name];
  const runs = [];
  let heapGrowth = 0;
  for (let r = 0; r < PROTOCOL.runs; r++) {
    const run = trainRun(lab, images, config);
    runs.push(run.examplesPerSecond);
    heapGrowth = Math.max(heapGrowth, run.heapGrowthBytes);
    progress(`latentlab wasm (${lab.threads} thread${lab.threads > 1 ? 's' : ''}) ${name} run ${r + 1}: ${run.examplesPerSecond.toFixed(0)} examples/s (loss ${run.loss.toFixed(2)})`);
  }
  const entry = { trainRuns: runs, trainExamplesPerSecond: median(runs), heapGrowthBytes: heapGrowth };
  if (name === 'V1') Object.assign(entry, inferenceRuns(lab, images, config));
  result.models[name] = entry;
}
emitResult(result);
