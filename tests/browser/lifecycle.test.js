// One lifecycle for every view (web/ui/lifecycle.js): switching between all
// views many times leaves nothing behind. The views are read from the page's
// navigation, so a view added later is switched through too. Measured after a
// forced garbage collection, at the same view each time:
//   - event listeners still registered on live targets (an init script wraps
//     EventTarget.prototype.addEventListener/removeEventListener and follows
//     `signal` and `once`; targets and listeners are held weakly, so a
//     listener counts only while something keeps it reachable);
//   - workers created and not terminated (window.Worker wrapped);
//   - the page's WASM heap in use (window.__latentlab.heapBytesInUse()).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, inContext, openPage } from './helpers.js';

// 10 rounds through every view: 120 view switches. Listeners and workers must
// not grow by even one; the heap margin below allows 1.6 KB per round. A
// longer run (LATENTLAB_LIFECYCLE_ROUNDS=50, 600 switches) passed as well; the
// test command runs 10 to stay within CI's time (fewer while investigating a leak).
const ROUNDS = Number(process.env.LATENTLAB_LIFECYCLE_ROUNDS ?? 10);
// Rounds before the baseline: every view's models, data sets and cached codes
// are loaded once for the session, and V8 settles. (Its allocation-site
// feedback keeps the last instance of some objects, e.g. one uPlot chart of
// the last Train view: bounded, not growing, and dropped by the next mount.)
const WARM_UP_ROUNDS = 5;
const HEAP_MARGIN_BYTES = 16 * 1024;
const suite = browserSuite();

// Runs in the page before its own scripts.
function instrument() {
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const entries = new Set();
  const captureOf = (options) => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    add.call(this, type, listener, options);
    if (!listener || options?.signal?.aborted) return;
    const entry = { target: new WeakRef(this), listener: new WeakRef(listener), type, capture: captureOf(options), removed: false };
    entries.add(entry);
    const done = () => entries.delete(entry);
    if (options?.signal) add.call(options.signal, 'abort', done, { once: true });
    if (options?.once) add.call(this, type, done, { once: true, capture: entry.capture });
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    remove.call(this, type, listener, options);
    const capture = captureOf(options);
    for (const entry of entries) {
      if (entry.type === type && entry.capture === capture && entry.target.deref() === this && entry.listener.deref() === listener) entries.delete(entry);
    }
  };
  const NativeWorker = window.Worker;
  const workers = { created: 0, terminated: 0 };
  window.Worker = class extends NativeWorker {
    #ended = false;
    constructor(...args) {
      super(...args);
      workers.created += 1;
    }
    terminate() {
      if (!this.#ended) workers.terminated += 1;
      this.#ended = true;
      super.terminate();
    }
  };
  window.__lifecycleProbe = {
    listeners() {
      let live = 0;
      for (const entry of entries) {
        if (entry.target.deref() && entry.listener.deref()) live += 1;
        else entries.delete(entry);
      }
      return live;
    },
    workers: () => workers.created - workers.terminated,
    // Live listeners by target and type, to find what a leak holds.
    breakdown() {
      const counts = {};
      for (const entry of entries) {
        const target = entry.target.deref();
        if (!target || !entry.listener.deref()) continue;
        const where = target instanceof Node ? `${target.nodeName}${target.isConnected ? '' : '(detached)'}` : target.constructor.name;
        const key = `${where} ${entry.type}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
  };
}

async function measure(page, cdp) {
  // Twice, in separate tasks: a WeakRef read in the same task keeps its target alive.
  for (let i = 0; i < 2; ++i) {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(20);
  }
  return page.evaluate(async () => ({
    listeners: window.__lifecycleProbe.listeners(),
    workers: window.__lifecycleProbe.workers(),
    heap: await window.__latentlab.heapBytesInUse(),
  }));
}

async function show(page, view) {
  await page.click(`nav a[data-view=${view}]`);
  await page.waitForFunction((v) => window.__latentlab.ready && window.__latentlab.view === v, view, { timeout: 30000 });
}

// One pass through every view, with something running in the views that animate.
async function round(page, views) {
  for (const view of views) {
    await show(page, view);
    if (view === 'interpolate') await page.click('[data-name=play]'); // left while playing
  }
}

describe('view lifecycle', () => {
  it(`switching between all views ${ROUNDS} times leaves no listeners, workers or WASM memory behind`, async () => {
    await inContext(suite.browser, {}, async (context) => {
      await context.addInitScript(instrument);
      const { page, problems } = await openPage(context, `${suite.server.url}?view=draw&lang=en`);
      const cdp = await context.newCDPSession(page);
      const views = await page.evaluate(() => [...document.querySelectorAll('nav a[data-view]')].map((a) => a.dataset.view));
      assert.ok(views.length >= 6, `views from the navigation: ${views.join(', ')}`);
      for (let r = 0; r < WARM_UP_ROUNDS; ++r) await round(page, views);
      const baseline = await measure(page, cdp);
      const baselineBreakdown = await page.evaluate(() => window.__lifecycleProbe.breakdown());

      // The probe can see a leak: listeners on the window that nothing removes.
      const handlers = await page.evaluateHandle(() => {
        const kept = Array.from({ length: 10 }, () => () => {});
        for (const fn of kept) window.addEventListener('resize', fn);
        return kept;
      });
      assert.equal((await measure(page, cdp)).listeners, baseline.listeners + 10, 'the probe counts listeners left behind');
      await page.evaluate((kept) => kept.forEach((fn) => window.removeEventListener('resize', fn)), handlers);
      await handlers.dispose();
      assert.equal((await measure(page, cdp)).listeners, baseline.listeners, 'and removed ones no longer');

      const samples = [];
      for (let r = 1; r <= ROUNDS; ++r) {
        await round(page, views);
        if (r % 10 === 0 || r === ROUNDS) samples.push({ round: r, ...(await measure(page, cdp)) });
      }
      console.log(`views: ${views.join(', ')}; baseline`, baseline, 'then', samples);
      if (samples.at(-1).listeners > baseline.listeners) console.log('live listeners at the baseline:', baselineBreakdown, 'now:', await page.evaluate(() => window.__lifecycleProbe.breakdown()));
      const last = samples.at(-1);
      assert.ok(last.listeners <= baseline.listeners, `listeners do not grow: ${baseline.listeners} -> ${samples.map((s) => s.listeners).join(', ')}`);
      assert.ok(last.workers <= baseline.workers, `workers do not grow: ${baseline.workers} -> ${last.workers}`);
      assert.ok(last.heap - baseline.heap <= HEAP_MARGIN_BYTES,
        `the WASM heap does not grow: ${baseline.heap} -> ${samples.map((s) => s.heap).join(', ')} bytes`);
      assert.equal(await page.locator('.message-error').count(), 0);
      assert.deepEqual(problems, []);
    });
  });
});
