// web/ui/decimals.js: the decimals the page shows rates and β with.
import assert from 'node:assert/strict';
import test from 'node:test';
import { decimalsOf } from '../../web/ui/decimals.js';

test('as many decimals as the value needs, and no more than max', () => {
  assert.deepEqual([1, 0.5, 3.75, 1e-3, 2.5e-4, 5e-3, 0.99].map((v) => decimalsOf(v)), [0, 1, 2, 3, 5, 3, 2]);
  assert.equal(decimalsOf(1 / 3, 3), 3);
  assert.equal(decimalsOf(1 / 3), 8);
  assert.equal((2.5e-4).toLocaleString('es', { minimumFractionDigits: decimalsOf(2.5e-4) }), '0,00025');
});
