// Where the page's own files come from. Served over HTTP they sit beside the
// page. In the one-file page (latentlab-offline.html, written by
// scripts/build_offline_page.mjs and opened from disk, where a browser blocks
// fetch() of file: URLs, module imports and Workers from files) they are
// embedded in the page as
//   window.__latentlabOffline = { files: { 'models/ae2.safetensors': '<base64>', … }, workerSource: '…' }
// beside the classic WASM build in <script id="latentlab-wasm">.
import { LocalizedError } from './ui/messages.js';

const offline = globalThis.__latentlabOffline ?? null;

export const isOffline = offline !== null;

function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The path as a person would look for it (in messages).
export function assetUrl(path) {
  return offline ? path : String(new URL(path, document.baseURI));
}

// fetch() of a path relative to the page. Offline, an embedded file answers
// as a 200 Response and a missing one as a 404, as a server would.
export function fetchAsset(path) {
  if (!offline) return fetch(new URL(path, document.baseURI));
  const base64 = offline.files[path];
  if (base64 === undefined) return Promise.resolve(new Response(null, { status: 404 }));
  return Promise.resolve(new Response(decodeBase64(base64)));
}

// The bytes of a page file. A network failure raises 'error.fetchFailed'; a
// missing file (HTTP error) raises missingKey, both naming the file.
export async function fetchAssetBytes(path, missingKey = 'error.fetchFailed') {
  let response;
  try {
    response = await fetchAsset(path);
  } catch (error) {
    throw new LocalizedError('error.fetchFailed', { url: assetUrl(path) }, error.message);
  }
  if (!response.ok) throw new LocalizedError(missingKey, { url: assetUrl(path) }, `HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// A module Worker from one of the page's worker scripts (training-worker.js,
// apps-worker.js, rl-worker.js), found beside this file: the one module whose place is the
// same in web/ and in the bundled page (scripts/build_page.mjs), where a view's
// code sits in a chunk at the page's top level.
export function pageWorker(script) {
  return new Worker(new URL(`./${script}`, import.meta.url), { type: 'module' });
}

// The training worker: the module beside this file, or offline one made from
// the embedded source (such a page is never cross-origin isolated, so the
// worker's 'auto' thread count is 1 and no query is needed).
export function startTrainingWorker(query) {
  if (!offline) return pageWorker(`training-worker.js${query}`);
  // A classic worker (a file: page may not start a module one): the WASM
  // build's <script> text, then the worker's bundle, which finds the build's
  // createLatentLab as a global just as the page's client does.
  const wasmBuild = document.getElementById('latentlab-wasm').textContent;
  const url = URL.createObjectURL(new Blob([wasmBuild, '\n', offline.workerSource], { type: 'text/javascript' }));
  return new Worker(url);
}
