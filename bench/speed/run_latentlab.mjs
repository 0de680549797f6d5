// Latent Lab WASM in Node, through web/latentlab.js.
//   node bench/speed/run_latentlab.mjs V1 A1 C1
// Prints per model the train examples/s of every run; for V1 also batch-1
// encode+decode latency and the 20×20 grid decode; then one RESULT line.
import { loadLatentLab } from '../../web/latentlab.js';
import { MODELS, PROTOCOL, median } from './common.mjs';
import { trainRun, inferenceRuns } from './latentlab_runs.mjs';
import { loadMnistTrain, emitResult, progress } from './node_data.mjs';

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(MODELS);
const lab = await loadLatentLab();
const { images } = loadMnistTrain();
const result = { engine: 'latentlab-wasm-node', models: {} };
for (const name of names) {
  const { config } = MODELS[name];
  const runs = [];
  let heapGrowth = 0;
  for (let r = 0; r < PROTOCOL.runs; r++) {
    const run = trainRun(lab, images, config);
    runs.push(run.examplesPerSecond);
    heapGrowth = Math.max(heapGrowth, run.heapGrowthBytes);
    progress(`latentlab wasm ${name} run ${r + 1}: ${run.examplesPerSecond.toFixed(0)} examples/s (loss ${run.loss.toFixed(2)})`);
  }
  const entry = { trainRuns: runs, trainExamplesPerSecond: median(runs), heapGrowthBytes: heapGrowth };
  if (name === 'V1') Object.assign(entry, inferenceRuns(lab, images, config));
  result.models[name] = entry;
}
emitResult(result);
