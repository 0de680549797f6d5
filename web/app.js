// The page's shell: picks the language, routes ?view=… to one module under
// views/, keeps every state that matters in the URL, and shows errors as
// messages instead of breaking.
//
// URL parameters understood here (views add their own, listed in each view):
//   view=draw|train|inside|latent|interpolate|vae|kl|reduce|denoise|anomaly|sample|dqn   (default draw)
//   lang=es|en      (default: the browser's language, else Spanish)
//   embed=1         one view, no header, navigation or footer (for iframes)
//   threads=auto|N  WASM threads (lab.js; more than 1 only when cross-origin isolated)
//   lesson=<id>&step=<n>  a guided lesson (lesson/, web/lessons/<id>.json, docs/LESSONS.md)
//   present=1       presenter mode: large type and strong contrast for a projector
//   host=<origin>   the page allowed to drive an embed with postMessage (embed/api.js, docs/EMBED.md)
//
// Adding a view: write views/<id>.js exporting mount(container, context)
// (everything it holds registered with context.life, see ui/lifecycle.js; no
// unmount needed), add one line to VIEWS below under its lecture chapter, and
// its strings ('nav.<id>', '<id>.*') to both languages: in es.js/en.js, or in
// a dictionary of its own, i18n/<feature>.js, listed in i18n/index.js.
//
// The context handed to mount():
//   t(key, vars)          translator for the current language (t.number(x, digits) formats numbers)
//   params                URL state of this view: get, number, choice, set, setMany (see ViewParams)
//   messages              error(errorOrText), notice(text): messages in a fixed stack at the bottom of the screen
//   signal                AbortSignal, aborted when the view is unmounted
//   life                  lifetime(signal) from ui/lifecycle.js: own(), listen(), after(), every(), frame(), observe(), onLeave()
//   models, data          shared loaders (models.js, data.js)
//   lab()                 the WASM client (rejects with LatentLabUnsupportedError without SIMD)
//   shared                plain object shared by all views for the session (e.g. the last drawn digit)
//   expose(values)        publishes values for the browser tests (window.__latentlab.views[<id>])
//   navigate(view, params) switch view
//   emit(type, detail)    an event for a page embedding this one ('epoch', 'trained'; embed/api.js)
//   offerAnimation(name, encode)  an animation the share tools offer as a GIF (encode() → bytes)
//   href(view, params)    the URL of a view (keeps the language, embed and threads), for links
//   embed                 true when ?embed=1
//
// Test hook (tests/browser/README.md): window.__latentlab = { view, lang, ready, readyAt (performance.now() of the
//   latest mount's end), mounts, threads, views: {…},
//   heapBytesInUse() (a Promise of the page's WASM heap in use, for the lifecycle test) };
// `ready` is true once the current view has finished mounting; document.body.dataset.ready holds its id.
import { isOffline } from './assets.js';
import { chooseThreads, lab as loadLatentLab } from './lab.js';
import { createTranslator, pickLanguage, LANGUAGES } from './i18n/index.js';
import { models } from './models.js';
import { data } from './data.js';
import { Messages } from './ui/messages.js';
import { lifetime } from './ui/lifecycle.js';
import { loadLesson, startLesson } from './lesson/lesson.js';
import { startEmbedApi } from './embed/api.js';
import { mountShareTools } from './ui/share.js';

// The navigation follows the lecture's chapters ('chapter.<id>' in i18n/).
const CHAPTERS = ['autoencoders', 'vae', 'applications', 'rl'];
const VIEWS = [
  { id: 'draw', chapter: 'autoencoders', load: () => import('./views/draw.js') },
  { id: 'train', chapter: 'autoencoders', load: () => import('./views/train.js') },
  { id: 'inside', chapter: 'autoencoders', load: () => import('./views/inside.js') },
  { id: 'latent', chapter: 'vae', load: () => import('./views/latent.js') },
  { id: 'interpolate', chapter: 'vae', load: () => import('./views/interpolate.js') },
  { id: 'vae', chapter: 'vae', load: () => import('./views/vae.js') },
  { id: 'kl', chapter: 'vae', load: () => import('./views/kl.js') },
  // The lecture's order: dimensionality reduction, noise removal, anomaly detection, generation.
  { id: 'reduce', chapter: 'applications', load: () => import('./views/reduce.js') },
  { id: 'denoise', chapter: 'applications', load: () => import('./views/denoise.js') },
  { id: 'anomaly', chapter: 'applications', load: () => import('./views/anomaly.js') },
  { id: 'sample', chapter: 'applications', load: () => import('./views/sample.js') },
  { id: 'dqn', chapter: 'rl', load: () => import('./views/dqn.js') },
];
const GLOBAL_PARAMS = ['view', 'lang', 'embed', 'threads', 'lesson', 'step', 'present', 'host'];

const hook = (window.__latentlab = {
  view: null, lang: null, ready: false, mounts: 0, threads: null, views: {},
  heapBytesInUse: () => loadLatentLab().then((lab) => lab.heapBytesInUse()),
});
const shared = {};
// Each view's own parameters, remembered when leaving it so coming back restores them.
const rememberedParams = new Map();

const messages = new Messages(document.getElementById('messages'));
const container = document.getElementById('view');
let t = createTranslator('es');
let current = null; // { id, controller, animations }
let lesson = null; // { data, runner } while a guided lesson runs
let embedApi = null;
let shareTools = null;
let generation = 0;

// A limit as it is, in the page's locale (the translator's own format rounds to 3 decimals).
const exact = (value) => value.toLocaleString(t.lang, { maximumFractionDigits: 20 });

// Reads and writes this view's URL parameters. Out-of-range or unknown values
// are replaced by the nearest valid one, the URL is corrected and a notice says so.
class ViewParams {
  get(name) {
    return new URL(location.href).searchParams.get(name);
  }
  number(name, { min, max, fallback, integer = false }) {
    const raw = this.get(name);
    if (raw === null || raw === '') return fallback;
    let value = Number(raw);
    if (!Number.isFinite(value)) {
      messages.notice(t('app.paramInvalid', { name, value: raw, fallback: exact(fallback) }));
      this.set(name, null);
      return fallback;
    }
    if (integer) value = Math.round(value);
    const clamped = Math.min(max, Math.max(min, value));
    if (clamped !== value || (integer && String(value) !== raw)) {
      if (clamped !== value) messages.notice(t('app.paramClamped', { name, value: raw, min: exact(min), max: exact(max) }));
      this.set(name, clamped);
    }
    return clamped;
  }
  choice(name, options, fallback) {
    const raw = this.get(name);
    if (raw === null || raw === '') return fallback;
    if (options.includes(raw)) return raw;
    messages.notice(t('app.paramUnknown', { name, value: raw, options: options.join(', ') }));
    this.set(name, null);
    return fallback;
  }
  set(name, value) {
    this.setMany({ [name]: value });
  }
  // null or undefined removes a parameter.
  setMany(values) {
    const url = new URL(location.href);
    for (const [name, value] of Object.entries(values)) {
      if (value === null || value === undefined) url.searchParams.delete(name);
      else url.searchParams.set(name, String(value));
    }
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }
}
const params = new ViewParams();

function currentViewId() {
  const raw = params.get('view');
  if (raw === null || raw === '') return VIEWS[0].id;
  if (VIEWS.some((v) => v.id === raw)) return raw;
  messages.notice(t('app.unknownView', { value: raw }));
  params.set('view', VIEWS[0].id);
  return VIEWS[0].id;
}

// The page's language: ?lang= when it is one, else the browser's. An unknown
// value is reported by the caller once the translator speaks the chosen language.
function currentLanguage() {
  const raw = params.get('lang');
  if (raw && LANGUAGES.includes(raw)) return { lang: raw, rejected: null };
  const lang = pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
  params.set('lang', lang);
  return { lang, rejected: raw || null };
}

function useLanguage({ lang, rejected }) {
  t = createTranslator(lang);
  messages.setTranslator(t);
  hook.lang = lang;
  if (rejected) messages.notice(t('app.paramUnknown', { name: 'lang', value: rejected, options: LANGUAGES.join(', ') }));
}

// The link to a view: the global parameters (language, embed, threads) kept,
// the view's remembered parameters restored, extra ones set.
function viewHref(id, extra = {}) {
  const url = new URL(location.href);
  url.search = '';
  for (const name of GLOBAL_PARAMS) {
    const value = params.get(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  url.searchParams.set('view', id);
  for (const [name, value] of rememberedParams.get(id) ?? []) url.searchParams.set(name, value);
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, String(value));
  return url.href;
}

function renderChrome() {
  document.documentElement.lang = t.lang;
  document.title = `Latent Lab · ${t(`nav.${current?.id ?? VIEWS[0].id}`)}`;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  renderEngine();
  shareTools?.relabel();
  document.getElementById('view-nav').setAttribute('aria-label', t('app.views'));
  const select = document.getElementById('lang-select');
  select.value = t.lang;
  const nav = document.getElementById('view-nav');
  nav.replaceChildren(
    ...CHAPTERS.filter((chapter) => VIEWS.some((v) => v.chapter === chapter)).map((chapter) => {
      const group = document.createElement('div');
      group.className = 'nav-chapter';
      group.setAttribute('role', 'group');
      const heading = Object.assign(document.createElement('span'), { className: 'nav-chapter-name', textContent: t(`chapter.${chapter}`) });
      heading.id = `nav-chapter-${chapter}`;
      group.setAttribute('aria-labelledby', heading.id);
      group.append(heading, ...VIEWS.filter((v) => v.chapter === chapter).map(({ id }) => navLink(id)));
      return group;
    }),
  );
}

function navLink(id) {
  const link = document.createElement('a');
  link.href = viewHref(id);
  link.textContent = t(`nav.${id}`);
  link.dataset.view = id;
  if (current?.id === id) link.setAttribute('aria-current', 'page');
  link.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(id);
  });
  return link;
}

function rememberParams(id) {
  const own = [...new URL(location.href).searchParams].filter(([name]) => !GLOBAL_PARAMS.includes(name));
  rememberedParams.set(id, own);
}

function unmountCurrent() {
  if (!current) return;
  rememberParams(current.id);
  current.controller.abort();
  current = null;
}

async function showView(id) {
  const mine = ++generation;
  unmountCurrent();
  hook.ready = false;
  hook.view = id;
  delete document.body.dataset.ready;
  document.body.dataset.view = id;
  const controller = new AbortController();
  current = { id, controller, animations: new Map() };
  const animations = current.animations;
  renderChrome();
  container.replaceChildren(Object.assign(document.createElement('p'), { className: 'loading', textContent: t('app.loading') }));
  const entry = VIEWS.find((v) => v.id === id);
  const context = {
    t,
    lang: t.lang,
    params,
    messages,
    signal: controller.signal,
    life: lifetime(controller.signal),
    models,
    data,
    lab: () => loadLatentLab(),
    shared,
    embed: params.get('embed') === '1',
    expose: (values) => {
      hook.views[id] = Object.assign(hook.views[id] ?? {}, values);
    },
    navigate,
    // Events for a page that embeds this one (embed/api.js): 'epoch', 'trained', ...
    emit: (type, detail) => embedApi?.emit(type, { view: id, ...detail }),
    // An animation the teacher can save as a GIF: encode() returns its bytes.
    offerAnimation: (name, encode) => {
      animations.set(name, encode);
      controller.signal.addEventListener('abort', () => animations.delete(name), { once: true });
    },
    href: (view, extra) => viewHref(view, extra),
  };
  // Exposed functions (test state computed on demand) hold the view: they go with it.
  context.life.onLeave(() => {
    for (const [key, value] of Object.entries(hook.views[id] ?? {})) if (typeof value === 'function') delete hook.views[id][key];
  });
  try {
    // Every view needs the WASM module: without it (no SIMD) the view says why instead.
    // It loads while the view mounts (a view awaits ctx.lab() where it needs it), so
    // what can be on screen before it, is.
    const labReady = loadLatentLab();
    labReady.catch(() => {});  // awaited below, with the mount
    const module = await entry.load();
    if (mine !== generation) return;
    // A fresh element per mount: a view still mounting when the student moves
    // on writes into a detached element, never over the next view.
    const root = document.createElement('div');
    root.className = 'view-root';
    container.replaceChildren(root);
    container.className = `view view-${id}`;
    await Promise.all([module.mount(root, context), labReady]);
    if (mine !== generation) return;
    hook.ready = true;
    hook.readyAt = performance.now();
    hook.mounts += 1;
    document.body.dataset.ready = id;
    embedApi?.emit('ready', { view: id, params: viewState() });
  } catch (error) {
    if (mine !== generation) return;
    messages.error(error);
    embedApi?.emit('error', { view: id, code: error?.code ?? 'internal', message: String(error?.message ?? error) });
    const failure = document.createElement('div');
    failure.className = 'view-failure';
    failure.append(Object.assign(document.createElement('h2'), { textContent: t(`nav.${id}`) }));
    failure.append(Object.assign(document.createElement('p'), { textContent: t('app.viewFailed') }));
    container.replaceChildren(failure);
    hook.ready = true;
    document.body.dataset.ready = id;
  }
}

// Messages belong to the view they came from: moving on clears them (sticky ones stay).
function navigate(id, extraParams) {
  messages.clear();
  if (current) rememberParams(current.id);
  history.pushState(null, '', viewHref(id, extraParams));
  showView(id);
  container.focus({ preventScroll: true });
}

// This view's own URL parameters (what a lesson step or an embed sets).
function viewState() {
  return Object.fromEntries([...new URL(location.href).searchParams].filter(([name]) => !GLOBAL_PARAMS.includes(name)));
}

// Shows a view in exactly the given state: the page's parameters, the view and
// its own parameters (nothing remembered from an earlier visit).
function showState(id, viewParams, { step } = {}) {
  if (!VIEWS.some((v) => v.id === id)) {
    embedApi?.emit('error', { code: 'invalid_argument', message: `there is no view "${String(id).slice(0, 40)}"` });
    return;
  }
  messages.clear();
  if (current) rememberParams(current.id);
  const url = new URL(location.href);
  url.search = '';
  for (const name of GLOBAL_PARAMS) {
    const value = params.get(name);
    if (value !== null && name !== 'view') url.searchParams.set(name, value);
  }
  if (step !== undefined) url.searchParams.set('step', String(step));
  url.searchParams.set('view', id);
  for (const [name, value] of Object.entries(viewParams ?? {})) url.searchParams.set(name, String(value));
  history.pushState(null, '', url);
  showView(id);
}

async function startLessonFromUrl() {
  const id = params.get('lesson');
  if (!id) return;
  try {
    const data = await loadLesson(id, VIEWS.map((v) => v.id));
    if (data.skipped.length) {
      messages.notice(t('lesson.skipped', { count: data.skipped.length, views: [...new Set(data.skipped.map((s) => s.view))].join(', ') }));
    }
    runLesson(data, params.get('step'));
  } catch (error) {
    messages.error(error, { sticky: true });
    params.setMany({ lesson: null, step: null });
    showView(currentViewId());
  }
}

function runLesson(data, rawStep) {
  lesson?.runner.stop();
  const runner = startLesson(document.getElementById('lesson'), {
    lesson: data,
    t,
    rawStep,
    showStep: (step, number) => showState(step.view, step.params, { step: number }),
    exit: () => {
      lesson = null;
      params.setMany({ lesson: null, step: null });
    },
  });
  lesson = { data, runner };
  const { step, number } = runner.first;
  if (params.get('step') !== String(number) || currentViewId() !== step.view) showState(step.view, step.params, { step: number });
  else showView(step.view);
}

// The footer says what runs the models: the single-threaded or the threads build.
function showEngine(lab) {
  hook.threads = lab.threads;
  renderEngine();
}
function renderEngine() {
  const element = document.getElementById('engine');
  if (hook.threads === null) return;
  element.textContent = t('app.engine', { threads: hook.threads });
  element.title = t(hook.threads > 1 ? 'app.engineThreadsHint' : 'app.engineSingleHint');
}

function setLanguage(lang) {
  messages.clear();
  params.set('lang', lang);
  useLanguage({ lang, rejected: null });
  if (lesson) runLesson(lesson.data, params.get('step'));
  else if (current) showView(current.id);
}

function start() {
  // The WASM module first (boot.js has usually started it already): everything waits for it.
  const threads = chooseThreads(params.get('threads'));
  const labLoading = loadLatentLab();
  useLanguage(currentLanguage());
  // The one-file page offers no copy of itself.
  if (isOffline) document.getElementById('offline-link').remove();
  if (params.get('embed') === '1') document.body.classList.add('embed');
  else if (params.get('embed') !== null && params.get('embed') !== '0') {
    messages.notice(t('app.paramUnknown', { name: 'embed', value: params.get('embed'), options: '0, 1' }));
  }
  document.getElementById('lang-select').addEventListener('change', (event) => setLanguage(event.target.value));
  window.addEventListener('popstate', () => {
    messages.clear();
    const language = currentLanguage();
    if (language.lang !== t.lang || language.rejected) useLanguage(language);
    lesson?.runner.sync(params.get('step'));
    showView(currentViewId());
  });
  // Only errors the page's code raised reach the student. A report without an
  // Error object is the browser's, not ours: "ResizeObserver loop completed
  // with undelivered notifications" (harmless: the observers run again next
  // frame) or a script of another origin.
  window.addEventListener('error', (event) => {
    if (event.error != null) messages.error(event.error);
  });
  // A model trained here lives only in this tab: leaving asks first, until it was downloaded.
  window.addEventListener('beforeunload', (event) => {
    if (!models.unsaved) return;
    event.preventDefault();
    event.returnValue = '';
  });
  window.addEventListener('unhandledrejection', (event) => messages.error(event.reason));
  for (const [key, values] of threads.notices) messages.notice(t(key, values));
  if (threads.corrected !== null) params.set('threads', threads.corrected);
  if (params.get('present') === '1') document.body.classList.add('present');
  embedApi = startEmbedApi({ params, state: () => ({ view: current?.id ?? null, lang: t.lang, params: viewState() }), showState });
  shareTools = mountShareTools(document.getElementById('share-tools'), {
    t: () => t, viewId: () => current?.id, container, messages, animations: () => current?.animations ?? new Map(),
  });
  // Check the WASM module once up front: without SIMD every view says why.
  labLoading.then(showEngine, (error) => messages.error(error, { sticky: true }));
  if (params.get('lesson')) startLessonFromUrl();
  else showView(currentViewId());
}

start();
