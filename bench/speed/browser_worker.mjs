// V1 in a browser Web Worker through the page's own client module (served at
// /latentlab.js by run_browser.mjs), on the page's own copy of the MNIST
// train split (/data/, inflated with DecompressionStream as web/data.js does).
import { loadLatentLab } from '/latentlab.js';
import { MODELS, PROTOCOL, median, parseIdx, imagesFromIdx } from './common.mjs';
import { trainRun, inferenceRuns } from './latentlab_runs.mjs';

async function mnistTrain() {
  const response = await fetch('/data/mnist-train-images-idx3-ubyte.gz');
  if (!response.ok) throw new Error(`fetching the MNIST train images: HTTP ${response.status}`);
  const inflated = response.body.pipeThrough(new DecompressionStream('gzip'));
  return imagesFromIdx(parseIdx(new Uint8Array(await new Response(inflated).arrayBuffer())));
}

try {
  const threads = Number(new URL(self.location.href).searchParams.get('threads') ?? 1);
  const lab = await loadLatentLab({ threads });
  const { images } = await mnistTrain();
  const { config } = MODELS.V1;
  const runs = [];
  for (let r = 0; r < PROTOCOL.runs; r++) runs.push(trainRun(lab, images, config).examplesPerSecond);
  postMessage({
    engine: 'latentlab-wasm-chromium-worker',
    threads: lab.threads,
    userAgent: navigator.userAgent,
    models: { V1: { trainRuns: runs, trainExamplesPerSecond: median(runs), ...inferenceRuns(lab, images, config) } },
  });
} catch (error) {
  postMessage({ error: String(error && error.stack ? error.stack : error) });
}
