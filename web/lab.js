// The page's one WASM module. Views, loaders and the training worker all use
// the thread count chosen here, so the page never loads both builds.
//
// URL parameter (global, kept across views):
//   threads=auto|1..navigator.hardwareConcurrency   (default auto: the threads
//   build when the page is cross-origin isolated, see scripts/serve.py)
import { canUseThreads, loadLatentLab } from './latentlab.js';

let threads = 'auto';
let chosen = null;  // { raw, choice }: the page's one decision

// Reads ?threads= once at start (boot.js, then app.js with the same value:
// the first call decides, later ones return its result); returns the notices
// to show (message keys and values) for a value the page cannot honour, which
// is then corrected.
export function chooseThreads(raw) {
  if (chosen?.raw === raw) return chosen.choice;
  const choice = decideThreads(raw);
  chosen = { raw, choice };
  return choice;
}

function decideThreads(raw) {
  const notices = [];
  threads = 'auto';
  if (raw === null || raw === '' || raw === 'auto') return { threads, notices, corrected: null };
  const most = Math.max(1, navigator.hardwareConcurrency ?? 1);
  const number = Number(raw);
  if (!Number.isFinite(number)) {
    notices.push(['app.paramInvalid', { name: 'threads', value: raw, fallback: 'auto' }]);
    return { threads, notices, corrected: 'auto' };
  }
  const value = Math.round(number);
  threads = Math.min(most, Math.max(1, value));
  if (threads !== value) notices.push(['app.paramClamped', { name: 'threads', value: raw, min: 1, max: most }]);
  if (threads > 1 && !canUseThreads()) {
    notices.push(['app.threadsNeedIsolation', { count: threads }]);
    threads = 1;
  }
  return { threads, notices, corrected: String(threads) === raw ? null : String(threads) };
}

// 'auto' or the count asked for; the training worker is started with it.
export function threadsChoice() {
  return threads;
}

export function lab() {
  return loadLatentLab({ threads });
}
