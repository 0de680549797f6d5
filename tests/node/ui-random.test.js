// The page's seeded generators (web/ui/random.js).
import assert from 'node:assert/strict';
import test from 'node:test';
import { normals, uniforms } from '../../web/ui/random.js';

test('uniforms: reproducible, inside (0, 1), evenly spread', () => {
  const a = uniforms(7), b = uniforms(7), c = uniforms(8);
  const xs = Array.from({ length: 20000 }, () => a());
  assert.deepEqual(Array.from({ length: 5 }, () => b()), xs.slice(0, 5));
  assert.notEqual(c(), xs[0]);
  assert.ok(xs.every((x) => x > 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  const bins = new Array(10).fill(0);
  for (const x of xs) bins[Math.floor(x * 10)] += 1;
  assert.ok(bins.every((n) => Math.abs(n - 2000) < 200), `bins ${bins}`);
  assert.ok(Number.isFinite(uniforms(0)()), 'seed 0 does not stick at zero');
});

test('normals: mean 0 and standard deviation scale', () => {
  const z = normals(3, 20000, 2);
  assert.deepEqual(normals(3, 4, 2), z.subarray(0, 4));
  const mean = z.reduce((s, x) => s + x, 0) / z.length;
  const sd = Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length);
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
  assert.ok(normals(1, 10, 0).every((x) => x === 0), 'temperature 0 gives the prior mean');
});
