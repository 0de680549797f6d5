// web/index.html preloads exactly the modules app.js imports statically
// (scripts/modulepreload.mjs), so none is fetched late and none is extra.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { currentBlock, preloadBlock, staticGraph, webDir } from '../../scripts/modulepreload.mjs';

test('index.html preloads the static module graph of app.js', () => {
  const graph = staticGraph();
  assert.ok(graph.includes('latentlab.js') && graph.includes('i18n/index.js'), graph.join(' '));
  assert.ok(graph.every((m) => existsSync(join(webDir, m))), 'every module in the graph exists');
  assert.ok(!graph.some((m) => m.startsWith('views/')), 'views are loaded on demand, not preloaded');
  const block = currentBlock(readFileSync(join(webDir, 'index.html'), 'utf8'));
  assert.equal(block, preloadBlock(graph), 'run: node scripts/modulepreload.mjs --write');
});
