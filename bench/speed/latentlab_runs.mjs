// Latent Lab WASM through its client (web/latentlab.js), the way the page and
// its training worker use it. Shared by the Node runner and the browser Worker.
import { PROTOCOL, median, gridCodes, IMAGE_SIZE } from './common.mjs';

const now = () => performance.now();

// One run: a fresh model and trainer (seed 1: the first epoch's batches in
// the order common.mjs mirrors), warm-up steps, then timed steps. Returns
// examples per second and the last loss (a check that it trained).
export function trainRun(lab, images, config, protocol = PROTOCOL) {
  return lab.scope((scope) => {
    const model = scope.track(lab.createModel(config, { seed: protocol.seed }));
    const trainer = scope.track(lab.createTrainer(model, { images }, {
      epochs: 1, batchSize: protocol.batchSize, learningRate: protocol.learningRate, seed: protocol.seed,
    }));
    for (let s = 0; s < protocol.warmup; s++) trainer.step();
    const heapBefore = lab.heapBytesInUse();
    const start = now();
    let report;
    for (let s = 0; s < protocol.steps; s++) report = trainer.step();
    const seconds = (now() - start) / 1000;
    return {
      examplesPerSecond: (protocol.steps * protocol.batchSize) / seconds,
      loss: report.loss.total,
      heapGrowthBytes: lab.heapBytesInUse() - heapBefore,
    };
  });
}

// Median over runs of the mean time of one batch-1 encode (μ for a VAE) then
// decode, in ms, and of decoding the whole manifold grid in one call.
export function inferenceRuns(lab, images, config, protocol = PROTOCOL) {
  return lab.scope((scope) => {
    const model = scope.track(lab.createModel(config, { seed: protocol.seed }));
    const image = images.subarray(0, IMAGE_SIZE);
    const codes = gridCodes(model.latentSize, protocol.gridSide);
    for (let i = 0; i < 20; i++) model.decode(model.encode(image));
    model.decode(codes);
    const latency = [];
    const grid = [];
    for (let run = 0; run < protocol.runs; run++) {
      let start = now();
      for (let i = 0; i < protocol.latencyCalls; i++) model.decode(model.encode(image));
      latency.push((now() - start) / protocol.latencyCalls);
      start = now();
      for (let i = 0; i < protocol.gridCalls; i++) model.decode(codes);
      grid.push((now() - start) / protocol.gridCalls);
    }
    return { latencyMs: median(latency), gridMs: median(grid), latencyRuns: latency, gridRuns: grid };
  });
}
