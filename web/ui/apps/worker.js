// The page's side of web/apps-worker.js: one Worker, requests matched to
// replies by id, an error reply turned into a LatentLabError (its code kept),
// a failed worker rejecting everything still waiting. The one-file page opened
// from disk may not start a module Worker (assets.js isOffline): callers then
// run the same work on the page, after afterPaint().
//
//   const worker = appsWorker('PCA');
//   const reply = await worker.request({ type: 'fitPca', images, components });
//   worker.post({ type: 'train', images, labels });   // a message with no reply
//   worker.terminate();                                // (also what life.own(worker) calls)
import { pageWorker } from '../../assets.js';
import { LatentLabError } from '../../latentlab.js';

// Resolves after the next frame has been painted: long work on the page then
// starts once the view is on screen.
export const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export function appsWorker(what) {
  const worker = pageWorker('apps-worker.js');
  const pending = new Map(); // request id -> { resolve, reject }
  let lastId = 0;
  const failAll = (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.onmessage = ({ data: reply }) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.type === 'error') waiting.reject(new LatentLabError(reply.code, reply.message));
    else waiting.resolve(reply);
  };
  worker.onerror = (event) => failAll(new Error(`the ${what} worker failed: ${event.message ?? 'no message'}`));
  return {
    post(message, transfer = []) {
      worker.postMessage(message, transfer);
    },
    request(message, transfer = []) {
      const id = ++lastId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...message, id }, transfer);
      });
    },
    // What still waits stays unanswered: it was asked for a view that has gone.
    terminate() {
      worker.terminate();
      pending.clear();
    },
  };
}
