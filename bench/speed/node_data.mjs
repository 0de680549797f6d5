// The bundled MNIST train split for the Node runners, and the JSON-line
// convention every runner uses to hand its result to bench/speed.mjs.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { parseIdx, imagesFromIdx } from './common.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function loadMnistTrain() {
  const raw = new Uint8Array(gunzipSync(readFileSync(`${REPO}data/mnist-train-images-idx3-ubyte.gz`)));
  return imagesFromIdx(parseIdx(raw));
}

// The runner's one result line on stdout (progress goes to stderr).
export function emitResult(result) {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export function progress(text) {
  process.stderr.write(`${text}\n`);
}
