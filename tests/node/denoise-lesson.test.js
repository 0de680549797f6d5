// The Denoise view's lesson, measured through the JS API as the page does it:
// the denoiser the page ships beats the plain conv AE (the same layers trained
// without noise) on every noise kind the view offers — by at least 2 dB PSNR
// at level 0.6, and never worse at 0.3 — on 500 test digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { labPromise, loadMnist, repo, subset } from './helpers.js';

const KINDS = ['gaussian', 'salt_and_pepper', 'masking', 'block'];
const COUNT = 500;

function meanPsnr(lab, clean, restored) {
  let sum = 0;
  for (let i = 0; i < COUNT; ++i) {
    sum += lab.psnr(clean.subarray(i * 784, (i + 1) * 784), restored.subarray(i * 784, (i + 1) * 784));
  }
  return sum / COUNT;
}

test('the shipped denoiser beats the plain conv AE on every noise kind (500 test digits)', async () => {
  const lab = await labPromise;
  const { images } = subset(await loadMnist('test'), COUNT);
  const load = (name) => lab.loadModel(readFileSync(new URL(`models/${name}.safetensors`, repo)));
  await lab.scope(async (scope) => {
    const denoiser = scope.track(load('dae_conv'));
    const plain = scope.track(load('ae_conv'));
    const rows = [];
    for (const kind of KINDS) {
      for (const level of [0.3, 0.6]) {
        const noisy = lab.corrupt(images, { kind, level, seed: 7 });
        const denoised = meanPsnr(lab, images, denoiser.reconstruct(noisy));
        const plainPsnr = meanPsnr(lab, images, plain.reconstruct(noisy));
        rows.push({ kind, level, noisy: meanPsnr(lab, images, noisy), denoised, plain: plainPsnr, gain: denoised - plainPsnr });
      }
    }
    console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(2) : v]))));
    console.log(JSON.stringify(rows.map((r) => [r.kind, r.level, +r.gain.toFixed(2)])));
    for (const r of rows) {
      const bar = r.level >= 0.6 ? 2 : 0;
      assert.ok(r.gain >= bar, `${r.kind} at ${r.level}: the denoiser is ${r.gain.toFixed(2)} dB over the plain AE (bar ${bar})`);
    }
  });
});
