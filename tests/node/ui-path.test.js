// web/ui/path.js: the Interpolate view's position along its path of codes.
import assert from 'node:assert/strict';
import test from 'node:test';
import { pointOnPath } from '../../web/ui/path.js';

test('pointOnPath: the ends, the knots and linear in between', () => {
  const path = Float32Array.of(0, 0, 1, 10, 3, 30); // three 2-D codes
  assert.deepEqual(pointOnPath(path, 2, 0), Float32Array.of(0, 0));
  assert.deepEqual(pointOnPath(path, 2, 1), Float32Array.of(3, 30));
  assert.deepEqual(pointOnPath(path, 2, 0.5), Float32Array.of(1, 10));
  assert.deepEqual(pointOnPath(path, 2, 0.25), Float32Array.of(0.5, 5));
  assert.deepEqual(pointOnPath(path, 2, 0.75), Float32Array.of(2, 20));
  assert.deepEqual(pointOnPath(path, 2, 1.5), Float32Array.of(3, 30), 'clamped to the path');
});
