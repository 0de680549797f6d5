// The DQN view's pure math (web/ui/rl/math.js) against its definitions.
import assert from 'node:assert/strict';
import test from 'node:test';

import { cartPoleGeometry, greedyPolicy, runningMean } from '../../web/ui/rl/math.js';

test('runningMean is the mean of the last (up to) 100 returns', () => {
  const returns = Array.from({ length: 250 }, (_, i) => (i * 37) % 500);
  const means = runningMean(returns);
  for (const i of [0, 1, 50, 99, 100, 101, 249]) {
    const window = returns.slice(Math.max(0, i - 99), i + 1);
    assert.ok(Math.abs(means[i] - window.reduce((s, x) => s + x, 0) / window.length) < 1e-9, `index ${i}`);
  }
  assert.deepEqual(runningMean([2, 4, 6], 2), [2, 3, 5]);
});

test('cartPoleGeometry: centred upright pole, track ends at ±2.4 m, tip leans with θ', () => {
  const g = cartPoleGeometry(0, 0, 600, 300);
  assert.equal(g.cart.x, 300);
  assert.ok(Math.abs(g.tip.x - 300) < 1e-9);
  assert.ok(Math.abs(g.cart.y - g.tip.y - g.scale) < 1e-9);  // 1 m of pole
  assert.ok(Math.abs(g.track.left - 30) < 1e-9 && Math.abs(g.track.right - 570) < 1e-9);
  const right = cartPoleGeometry(2.4, 0.2, 600, 300);
  assert.ok(Math.abs(right.cart.x - 570) < 1e-9);
  assert.ok(right.tip.x > right.cart.x);
  assert.ok(Math.abs(right.tip.x - right.cart.x - Math.sin(0.2) * right.scale) < 1e-9);
});

test('greedyPolicy: argmax per cell, lowest index on ties, nothing drawn on walls, goals and pits', () => {
  const layout = 'S#GP.';
  const q = new Float32Array([
    0.1, 0.5, 0.2, 0.0,   // S: right
    9, 9, 9, 9,           // wall
    1, 1, 1, 1,           // goal
    -1, -1, -1, -1,       // pit
    0.3, 0.3, 0.7, 0.7,   // tie between down and left: down
  ]);
  const cells = greedyPolicy(q, layout);
  assert.deepEqual(cells.map((c) => c.action), [1, 0, 0, 0, 2]);
  assert.deepEqual(cells.map((c) => c.drawn), [true, false, false, false, true]);
  assert.ok(Math.abs(cells[0].value - 0.5) < 1e-7);
  assert.ok(Math.abs(cells[4].value - 0.7) < 1e-7);
});
