// The latent maps' plane (web/ui/projection.js): PCA fitted in C++ through
// lab.fitPca, then projected and unprojected in JS with the copied parts.
import assert from 'node:assert/strict';
import test from 'node:test';
import { defaultProjection, dimsProjection, pcaProjection } from '../../web/ui/projection.js';
import { labPromise } from './helpers.js';

// 400 codes in 3-D along axes with variances 9, 1 and 0.01, rotated so that no axis is a coordinate.
function rotatedCodes() {
  let seed = 7;
  const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const c = Math.SQRT1_2;
  const axes = [[c, c, 0], [-c, c, 0], [0, 0, 1]];
  const scales = [3, 1, 0.1];
  const codes = new Float32Array(400 * 3);
  for (let i = 0; i < 400; ++i) {
    const t = scales.map((s) => s * normal());
    for (let d = 0; d < 3; ++d) codes[i * 3 + d] = 5 + t[0] * axes[0][d] + t[1] * axes[1][d] + t[2] * axes[2][d];
  }
  return codes;
}

const variance = (xs) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
};

test('the PCA plane has the codes\' two largest variances and unprojects into the plane', async () => {
  const lab = await labPromise;
  const codes = rotatedCodes();
  const heap = lab.heapBytesInUse();
  const plane = pcaProjection(lab, codes, 3);
  assert.equal(lab.heapBytesInUse(), heap, 'the fitted Pca is freed');
  const xy = plane.project(codes);
  const xs = Array.from({ length: 400 }, (_, i) => xy[2 * i]);
  const ys = Array.from({ length: 400 }, (_, i) => xy[2 * i + 1]);
  assert.ok(Math.abs(variance(xs) - plane.variances[0]) < 1e-3 * plane.variances[0], `${variance(xs)} vs ${plane.variances[0]}`);
  assert.ok(Math.abs(variance(ys) - plane.variances[1]) < 1e-3 * plane.variances[1]);
  assert.ok(plane.variances[0] > 6 && plane.variances[1] > 0.6 && plane.variances[1] < 1.5, `${plane.variances}`);
  // A point of the plane survives project → unproject; its third coordinate is the mean's.
  const z = plane.unproject(1.5, -0.5);
  const back = plane.project(z);
  assert.ok(Math.abs(back[0] - 1.5) < 1e-4 && Math.abs(back[1] + 0.5) < 1e-4, `${back}`);
  assert.ok(Math.abs(z[2] - 5) < 0.05, `z[2] = ${z[2]}`);
});

test('a 2-D code is shown as it is, and a chosen pair of dimensions keeps the others at the mean', async () => {
  const lab = await labPromise;
  const codes = Float32Array.of(1, 2, 3, 4);
  assert.deepEqual(defaultProjection(lab, codes, 2).project(codes), codes);
  const dims = dimsProjection(Float32Array.of(0, 10, 20, 2, 10, 40), 3, 0, 2);
  assert.deepEqual(dims.project(Float32Array.of(7, 8, 9)), Float32Array.of(7, 9));
  assert.deepEqual(dims.unproject(1, 2), Float32Array.of(1, 10, 2));
});
