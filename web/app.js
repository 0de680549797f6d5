// The page's shell: picks the language, routes ?view=… to one module under
// views/, keeps every state that matters in the URL, and shows errors as
// messages instead of breaking.
//
// URL parameters understood here (views add their own, listed in each view):
//   view=draw|denoise|interpolate|latent|sample|train|vae|kl   (default draw)
//   lang=es|en      (default: the browser's language, else Spanish)
//   embed=1         one view, no header, navigation or footer (for iframes)
//   threads=auto|N  WASM threads (lab.js; more than 1 only when cross-origin isolated)
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
//   messages              error(errorOrText), notice(text): messages shown above the view
//   signal                AbortSignal, aborted when the view is unmounted
//   life                  lifetime(signal) from ui/lifecycle.js: own(), listen(), after(), every(), frame(), observe(), onLeave()
//   models, data          shared loaders (models.js, data.js)
//   lab()                 the WASM client (rejects with LatentLabUnsupportedError without SIMD)
//   shared                plain object shared by all views for the session (e.g. the last drawn digit)
//   expose(values)        publishes values for the browser tests (window.__latentlab.views[<id>])
//   navigate(view, params) switch view
//   embed                 true when ?embed=1
//
// Test hook (tests/browser/README.md): window.__latentlab = { view, lang, ready, mounts, threads, views: {…} };
// `ready` is true once the current view has finished mounting; document.body.dataset.ready holds its id.
import { isOffline } from './assets.js';
import { chooseThreads, lab as loadLatentLab } from './lab.js';
import { createTranslator, pickLanguage, LANGUAGES } from './i18n/index.js';
import { models } from './models.js';
import { data } from './data.js';
import { Messages } from './ui/messages.js';
import { lifetime } from './ui/lifecycle.js';

// The navigation follows the lecture's chapters ('chapter.<id>' in i18n/).
const CHAPTERS = ['autoencoders', 'vae', 'applications', 'rl'];
const VIEWS = [
  { id: 'draw', chapter: 'autoencoders', load: () => import('./views/draw.js') },
  { id: 'train', chapter: 'autoencoders', load: () => import('./views/train.js') },
  { id: 'latent', chapter: 'vae', load: () => import('./views/latent.js') },
  { id: 'interpolate', chapter: 'vae', load: () => import('./views/interpolate.js') },
  { id: 'vae', chapter: 'vae', load: () => import('./views/vae.js') },
  { id: 'kl', chapter: 'vae', load: () => import('./views/kl.js') },
  { id: 'denoise', chapter: 'applications', load: () => import('./views/denoise.js') },
  { id: 'sample', chapter: 'applications', load: () => import('./views/sample.js') },
];
const GLOBAL_PARAMS = ['view', 'lang', 'embed', 'threads'];

const hook = (window.__latentlab = { view: null, lang: null, ready: false, mounts: 0, threads: null, views: {} });
const shared = {};
// Each view's own parameters, remembered when leaving it so coming back restores them.
const rememberedParams = new Map();

const messages = new Messages(document.getElementById('messages'));
const container = document.getElementById('view');
let t = createTranslator('es');
let current = null; // { id, module, controller }
let generation = 0;

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
      messages.notice(t('app.paramInvalid', { name, value: raw, fallback }));
      this.set(name, null);
      return fallback;
    }
    if (integer) value = Math.round(value);
    const clamped = Math.min(max, Math.max(min, value));
    if (clamped !== value || (integer && String(value) !== raw)) {
      if (clamped !== value) messages.notice(t('app.paramClamped', { name, value: raw, min, max }));
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

function currentLanguage() {
  const raw = params.get('lang');
  if (raw && LANGUAGES.includes(raw)) return raw;
  if (raw) messages.notice(t('app.paramUnknown', { name: 'lang', value: raw, options: LANGUAGES.join(', ') }));
  const lang = pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
  params.set('lang', lang);
  return lang;
}

function viewHref(id) {
  const url = new URL(location.href);
  url.search = '';
  for (const name of GLOBAL_PARAMS) {
    const value = params.get(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  url.searchParams.set('view', id);
  for (const [name, value] of rememberedParams.get(id) ?? []) url.searchParams.set(name, value);
  return url.href;
}

function renderChrome() {
  document.documentElement.lang = t.lang;
  document.title = `Latent Lab · ${t(`nav.${current?.id ?? VIEWS[0].id}`)}`;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  renderEngine();
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
  try {
    current.module?.unmount?.();
  } catch (error) {
    messages.error(error);
  }
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
  current = { id, module: null, controller };
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
  };
  try {
    // Every view needs the WASM module: without it (no SIMD) the view says why instead.
    const [module] = await Promise.all([entry.load(), loadLatentLab()]);
    if (mine !== generation) return;
    current.module = module;
    // A fresh element per mount: a view still mounting when the student moves
    // on writes into a detached element, never over the next view.
    const root = document.createElement('div');
    root.className = 'view-root';
    container.replaceChildren(root);
    container.className = `view view-${id}`;
    await module.mount(root, context);
    if (mine !== generation) return;
    hook.ready = true;
    hook.mounts += 1;
    document.body.dataset.ready = id;
  } catch (error) {
    if (mine !== generation) return;
    messages.error(error);
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
  const url = new URL(viewHref(id));
  for (const [name, value] of Object.entries(extraParams ?? {})) url.searchParams.set(name, String(value));
  history.pushState(null, '', url);
  showView(id);
  container.focus({ preventScroll: true });
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
  t = createTranslator(lang);
  messages.setTranslator(t);
  hook.lang = lang;
  if (current) showView(current.id);
}

function start() {
  t = createTranslator(currentLanguage());
  messages.setTranslator(t);
  hook.lang = t.lang;
  // The one-file page offers no copy of itself.
  if (isOffline) document.getElementById('offline-link').remove();
  if (params.get('embed') === '1') document.body.classList.add('embed');
  else if (params.get('embed') !== null && params.get('embed') !== '0') {
    messages.notice(t('app.paramUnknown', { name: 'embed', value: params.get('embed'), options: '0, 1' }));
  }
  document.getElementById('lang-select').addEventListener('change', (event) => setLanguage(event.target.value));
  window.addEventListener('popstate', () => {
    messages.clear();
    const lang = currentLanguage();
    if (lang !== t.lang) {
      t = createTranslator(lang);
      messages.setTranslator(t);
      hook.lang = lang;
    }
    showView(currentViewId());
  });
  window.addEventListener('error', (event) => messages.error(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => messages.error(event.reason));
  const threads = chooseThreads(params.get('threads'));
  for (const [key, values] of threads.notices) messages.notice(t(key, values));
  if (threads.corrected !== null) params.set('threads', threads.corrected);
  // Check the WASM module once up front: without SIMD every view says why.
  loadLatentLab().then(showEngine, (error) => messages.error(error, { sticky: true }));
  showView(currentViewId());
}

start();
