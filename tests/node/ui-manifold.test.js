// The Latent view's manifold grid (web/views/latent-grid.js): where its points lie.
import assert from 'node:assert/strict';
import test from 'node:test';
import { manifoldAxes } from '../../web/views/latent-grid.js';

const close = (a, b, eps = 1e-6) => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test('a VAE grid has equal prior mass per cell and is symmetric about 0', () => {
  const { xs, ys } = manifoldAxes(4, { variational: true });
  // Cell centres at the 1/8, 3/8, 5/8, 7/8 quantiles of N(0, 1).
  close(xs[0], -1.1503494);
  close(xs[1], -0.3186394);
  xs.forEach((x, k) => close(x, -xs[3 - k]));
  assert.deepEqual(ys, [...xs].reverse(), 'rows run from high y (top) to low');
  const scaled = manifoldAxes(4, { variational: true, spread: [2, 0.5] });
  scaled.xs.forEach((x, k) => close(x, 2 * xs[k]));
  scaled.ys.forEach((y, k) => close(y, 0.5 * ys[k]));
});

test('an AE grid puts its points at the centres of n×n cells of the visible map', () => {
  const { xs, ys } = manifoldAxes(5, { variational: false, visible: { x0: 0, x1: 10, y0: -5, y1: 5 } });
  assert.deepEqual(xs, [1, 3, 5, 7, 9]);
  assert.deepEqual(ys, [4, 2, 0, -2, -4]);
});
