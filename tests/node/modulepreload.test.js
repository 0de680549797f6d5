// web/index.html preloads exactly the modules app.js and the default view
// import statically (scripts/modulepreload.mjs), so none is fetched late and none is extra.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { currentBlock, DEFAULT_VIEW, preloadBlock, preloadedModules, staticGraph, webDir } from '../../scripts/modulepreload.mjs';

test('index.html preloads the static module graph of app.js', () => {
  const graph = staticGraph();
  assert.ok(graph.includes('latentlab.js') && graph.includes('i18n/index.js'), graph.join(' '));
  assert.ok(graph.every((m) => existsSync(join(webDir, m))), 'every module in the graph exists');
  assert.ok(!graph.some((m) => m.startsWith('views/')), 'app.js imports no view statically');
  const preloaded = preloadedModules();
  assert.ok(preloaded.includes(DEFAULT_VIEW) && preloaded.includes('views/draw-card.js'), 'the default view is preloaded');
  assert.deepEqual(preloaded.filter((m) => m.startsWith('views/')), ['views/draw-card.js', 'views/draw-live.js', 'views/draw.js'], 'no other view is');
  const block = currentBlock(readFileSync(join(webDir, 'index.html'), 'utf8'));
  assert.equal(block, preloadBlock(preloaded), 'run: node scripts/modulepreload.mjs --write');
});
