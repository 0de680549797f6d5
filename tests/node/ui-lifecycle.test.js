// web/ui/lifecycle.js: what a view registers is released when its signal aborts,
// queued callbacks never run after that, and finished frames and timeouts are forgotten.
import assert from 'node:assert/strict';
import test from 'node:test';
import { lifetime } from '../../web/ui/lifecycle.js';

// Animation frames for Node: a macrotask each, cancellable.
globalThis.requestAnimationFrame ??= (fn) => setTimeout(() => fn(performance.now()), 1);
globalThis.cancelAnimationFrame ??= (id) => clearTimeout(id);
const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

test('own() releases each kind of resource once, on leave', () => {
  const controller = new AbortController();
  const life = lifetime(controller.signal);
  const released = [];
  life.own({ dispose: () => released.push('model') });
  life.own({ terminate: () => released.push('worker') });
  life.own({ disconnect: () => released.push('observer') });
  life.own({ close: () => released.push('port') });
  life.own(() => released.push('unsubscribe'));
  life.onLeave(() => released.push('other'));
  assert.deepEqual(released, []);
  assert.equal(life.left, false);
  controller.abort();
  controller.abort();
  assert.deepEqual(released, ['model', 'worker', 'observer', 'port', 'unsubscribe', 'other']);
  assert.equal(life.left, true);
  life.own(() => released.push('late'));
  assert.equal(released.at(-1), 'late', 'a resource owned after leaving is released at once');
});

test('frames, timeouts and intervals do not run after leaving', async () => {
  const controller = new AbortController();
  const life = lifetime(controller.signal);
  const ran = [];
  life.frame(() => ran.push('frame'));
  life.after(1, () => ran.push('after'));
  life.every(1, () => ran.push('every'));
  await tick(20);
  assert.ok(ran.includes('frame') && ran.includes('after') && ran.includes('every'), ran.join());
  const count = ran.length;
  life.frame(() => ran.push('queued frame'));
  life.after(1, () => ran.push('queued timeout'));
  controller.abort();
  await tick(20);
  assert.equal(ran.length, count, `nothing ran after leaving: ${ran.slice(count)}`);
  assert.equal(life.frame(() => ran.push('too late')), 0);
});

test('cancel() stops a frame; a view animating for long holds nothing per frame', async () => {
  const controller = new AbortController();
  const life = lifetime(controller.signal);
  let frames = 0;
  const id = life.frame(() => (frames += 100));
  life.cancel(id);
  const loop = () => {
    frames += 1;
    if (frames < 200) life.frame(loop);
  };
  life.frame(loop);
  while (frames < 200) await tick(2);
  // Only the abort listener lifetime() added itself: finished frames left no 'abort' listeners behind.
  let listeners = 0;
  const original = EventTarget.prototype.addEventListener;
  controller.signal.addEventListener = function (...args) {
    listeners += 1;
    return original.apply(this, args);
  };
  life.frame(() => {});
  assert.equal(listeners, 0, 'a frame adds no listener to the signal');
  assert.equal(frames, 200, 'the cancelled frame did not run');
  controller.abort();
});
