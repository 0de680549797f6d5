// Deep Q-Network: an agent learns CartPole-v1 (or a gridworld) in a Web
// Worker (rl-worker.js) on the same C++ engine, while the page animates the
// environment's current state at 60 fps, charts the return per episode with
// its 100-episode mean (lines at 195 and 475), the TD loss and ε, and shows
// the Q-values of the current state as bars (gridworld: max Q as a heat map
// and the greedy action as arrows). The Bellman target and the loss are
// typeset. The pretrained agent (models/dqn_cartpole.safetensors) plays
// greedily in real time; a trained agent downloads as .safetensors.
// URL: see ui/rl/form.js.
// Test hook: views.dqn = { state, steps, episodes, returns: number[], meanReturn, solved, solvedAtStep,
//   q: number[], qChanges, arrows: string (gridworld), env, error }.
import { button, el, panel, segmented } from '../ui/controls.js';
import { fetchAssetBytes, pageWorker } from '../assets.js';
import { renderMath } from '../ui/math.js';
import { qBars } from '../ui/rl/qbars.js';
import { dqnCharts } from '../ui/rl/charts.js';
import { dqnForm } from '../ui/rl/form.js';
import { drawCartPole, drawGrid } from '../ui/rl/drawing.js';
import { ARROWS, greedyPolicy } from '../ui/rl/math.js';
import { addDqnStyles } from '../ui/rl/style.js';

const REAL_TIME = 50;  // CartPole steps per second: τ = 0.02 s
const PRETRAINED = 'models/dqn_cartpole.safetensors';
// A loaded agent plays greedily and does not learn: the agent as it was trained.
const WATCH = { epsilon: { start: 0, end: 0, steps: 1 }, learningStarts: 1000000000 };

function statBox(t, key) {
  const value = el('div', { className: 'stat-value', textContent: '—' });
  return { value, root: el('div', { className: 'stat', dataset: { stat: key } },
    el('div', { className: 'stat-label', textContent: t(`dqn.stat.${key}`) }), value) };
}

function bellmanPanel(t) {
  const target = el('div', { className: 'dqn-math' });
  const loss = el('div', { className: 'dqn-math' });
  renderMath(target, String.raw`y = r + \gamma\,(1 - d)\,\max_{a'} Q_{\theta^-}(s', a')`, { display: true });
  renderMath(loss, String.raw`\mathcal{L}(\theta) = \frac{1}{B}\sum_{b=1}^{B} \operatorname{Huber}\big(Q_\theta(s_b, a_b) - y_b\big),\quad
    \operatorname{Huber}(\delta) = \begin{cases} \tfrac12\delta^2 & |\delta| < 1 \\ |\delta| - \tfrac12 & \text{${t('dqn.otherwise')}} \end{cases}`,
  { display: true });
  return panel(t('dqn.bellman'), target, loss, el('p', { className: 'panel-note', textContent: t('dqn.bellmanNote') }));
}

// One frame of the stage, the Q bars, the counters and the status line from a progress message.
function drawLatest(latest, { t, stage, bars, stats, status }) {
  if (!latest) {
    drawCartPole(stage, null);
    return;
  }
  const gridworld = Boolean(latest.grid);
  if (gridworld) drawGrid(stage, latest.grid);
  else drawCartPole(stage, latest.cartpole);
  const labels = gridworld ? [0, 1, 2, 3].map((a) => `dqn.grid.${a}`) : ['dqn.action.0', 'dqn.action.1'];
  bars.show(latest.q, labels.map((k) => t(k)));
  const r = latest.report;
  stats.steps.value.textContent = t.number(r.steps, 0);
  stats.episodes.value.textContent = t.number(r.episodes, 0);
  stats.mean.value.textContent = r.episodes > 0 ? t.number(r.meanReturn, 1) : '—';
  stats.epsilon.value.textContent = t.number(r.epsilon, 3);
  stats.updates.value.textContent = t.number(r.updates, 0);
  status.textContent = r.solved ? t('dqn.solved', { mean: t.number(r.meanReturn, 1) }) : '';
  status.classList.toggle('dqn-solved', r.solved);
}

function download(ctx, bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  el('a', { href: url, download: name }).click();
  ctx.life.after(1000, () => URL.revokeObjectURL(url));
}

// The worker and what it last reported.
function createSession(ctx, onMessage) {
  let worker = null;
  return {
    get running() {
      return worker !== null;
    },
    start(message) {
      worker?.terminate();
      worker = pageWorker('rl-worker.js');
      ctx.life.own({ terminate: () => worker?.terminate() });
      worker.onmessage = (event) => onMessage(event.data);
      worker.onerror = (event) => ctx.messages.error(event.message ?? String(event));
      worker.postMessage(message);
    },
    send(message) {
      worker?.postMessage(message);
    },
    stop() {
      worker?.postMessage({ type: 'stop' });
      worker = null;
    },
  };
}

// The view's panels, in reading order: the stage and its controls, the Q bars, the curves, the settings and the Bellman target.
function viewLayout(t, { envControl, speedControl, buttons, upload, stage, stageNote, status, bars, stats, charts, form }) {
  return [
    el('h2', { textContent: t('dqn.title') }),
    el('p', { className: 'lead', textContent: t('dqn.lead') }),
    el('div', { className: 'dqn-layout' },
      panel(null, el('div', { className: 'dqn-toolbar' }, envControl.root, speedControl.root),
        el('div', { className: 'dqn-toolbar' }, Object.values(buttons), upload), stage, stageNote, status,
        el('p', { className: 'panel-note', textContent: t('dqn.speedHint') })),
      panel(t('dqn.q'), bars.root, el('p', { className: 'panel-note', textContent: t('dqn.qNote') }),
        el('div', { className: 'stats' }, Object.values(stats).map((s) => s.root))),
      panel(t('dqn.returns'), charts.returnsRoot, el('p', { className: 'panel-note', textContent: t('dqn.returnsNote') })),
      panel(t('dqn.loss'), charts.lossRoot),
      Object.assign(panel(t('dqn.settings'), form.root), { className: 'panel wide' }),
      Object.assign(bellmanPanel(t), { className: 'panel wide' })),
  ];
}

export async function mount(container, ctx) {
  const { t, params } = ctx;
  addDqnStyles();
  const form = dqnForm(t, params, (await ctx.lab()).dqnDefaults());
  const bars = qBars(t);
  const stats = Object.fromEntries(['steps', 'episodes', 'mean', 'epsilon', 'updates'].map((k) => [k, statBox(t, k)]));
  const stage = el('canvas', { className: 'dqn-stage', attrs: { role: 'img' } });
  const stageNote = el('p', { className: 'panel-note' });
  const status = el('p', { className: 'status-line', textContent: t('dqn.idle') });
  const view = { state: 'idle', steps: 0, episodes: 0, returns: [], meanReturn: 0, solved: false, solvedAtStep: null, q: [], qChanges: 0,
    arrows: '', env: form.state.env, error: null };
  const charts = dqnCharts(t, ctx.life, () => view.env);
  view.returns = charts.history.returns;
  let latest = null;  // the newest progress message, drawn on the next frame

  function onMessage(message) {
    if (message.type === 'progress') {
      latest = message;
      charts.add(message.report);
      const q = Array.from(message.q);
      if (q.join() !== view.q.join()) view.qChanges += 1;
      Object.assign(view, { steps: message.report.steps, episodes: message.report.episodes,
        meanReturn: message.report.meanReturn, q });
      if (message.report.solved && !view.solved) Object.assign(view, { solved: true, solvedAtStep: message.report.steps });
      if (message.grid) view.arrows = greedyPolicy(message.grid.q, message.grid.layout).map((c) => (c.drawn ? ARROWS[c.action] : ' ')).join('');
    } else if (message.type === 'started') {
      Object.assign(view, { state: 'running', env: message.config.env });  // a loaded agent brings its own
    } else if (message.type === 'paused' || message.type === 'resumed') {
      view.state = message.type === 'paused' ? 'paused' : 'running';
      refreshButtons();
    } else if (message.type === 'snapshot') {
      download(ctx, message.bytes, `dqn_${view.env}.safetensors`);
    } else if (message.type === 'error') {
      view.error = message.code;
      view.state = 'paused';
      ctx.messages.error(t(message.code === 'diverged' ? 'dqn.error.diverged' : 'dqn.error.settings', { message: message.message }));
      refreshButtons();
    }
    ctx.expose(view);
  }
  const session = createSession(ctx, onMessage);

  function start(extra = {}) {
    charts.clear();
    Object.assign(view, { state: 'starting', error: null, qChanges: 0, q: [], steps: 0, episodes: 0, meanReturn: 0, solved: false, solvedAtStep: null,
      env: form.state.env });
    view.returns = charts.history.returns;
    latest = null;
    const speed = form.state.speed === 'real' ? REAL_TIME : 0;
    session.start({ type: 'start', config: form.config(), stepsPerSecond: speed, ...extra });
    refreshButtons();
  }
  async function startPretrained() {
    form.set('env', 'cartpole');
    envControl.set('cartpole');
    form.set('speed', 'real');
    speedControl.set('real');
    layoutStage();
    const weights = await fetchAssetBytes(PRETRAINED);
    start({ weights, config: WATCH });
  }
  // A downloaded agent, back from disk: it plays as it was saved (its own environment and network).
  const upload = el('input', { type: 'file', accept: '.safetensors', hidden: true, dataset: { name: 'upload' } });
  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    if (!file) return;
    const weights = new Uint8Array(await file.arrayBuffer());
    upload.value = '';
    start({ weights, config: WATCH });
  }, { signal: ctx.signal });

  const envControl = segmented({ label: t('dqn.env'), name: 'env', value: form.state.env,
    options: ['cartpole', 'gridworld'].map((e) => ({ value: e, text: t(`dqn.env.${e}`) })),
    onChange: (v) => (form.set('env', v), layoutStage()) });
  const speedControl = segmented({ label: t('dqn.speed'), name: 'speed', value: form.state.speed,
    options: [{ value: 'real', text: t('dqn.speed.real') }, { value: 'fast', text: t('dqn.speed.fast') }],
    onChange: (v) => (form.set('speed', v), session.send({ type: 'setSpeed', stepsPerSecond: v === 'real' ? REAL_TIME : 0 })) });
  const buttons = {
    start: button({ text: t('dqn.start'), kind: 'primary', name: 'start', onClick: () => start() }),
    pause: button({ text: t('dqn.pause'), name: 'pause', onClick: () => session.send({ type: view.state === 'paused' ? 'resume' : 'pause' }) }),
    step: button({ text: t('dqn.step'), name: 'step', onClick: () => session.send({ type: 'step', steps: 1 }) }),
    stop: button({ text: t('dqn.stop'), name: 'stop', onClick: () => (session.stop(), (view.state = 'stopped'), refreshButtons()) }),
    pretrained: button({ text: t('dqn.pretrained'), name: 'pretrained', onClick: () => startPretrained().catch((e) => ctx.messages.error(e)) }),
    download: button({ text: t('dqn.download'), name: 'download', onClick: () => session.send({ type: 'snapshot' }) }),
    upload: button({ text: t('dqn.upload'), name: 'load', onClick: () => upload.click() }),
  };
  function refreshButtons() {
    const live = session.running;
    buttons.pause.disabled = buttons.step.disabled = buttons.stop.disabled = buttons.download.disabled = !live;
    buttons.pause.textContent = view.state === 'paused' ? t('dqn.resume') : t('dqn.pause');
  }
  function layoutStage() {
    const grid = form.state.env === 'gridworld';
    stage.classList.toggle('grid', grid);
    stage.setAttribute('aria-label', t(grid ? 'dqn.gridLabel' : 'dqn.cartLabel'));
    stageNote.textContent = grid ? t('dqn.gridNote') : '';
  }
  layoutStage();
  refreshButtons();

  // Every animation frame: the newest state, its Q bars and the counters; the charts at most every 250 ms.
  let chartsDrawnAt = 0;
  function frame(now) {
    drawLatest(latest, { t, stage, bars, stats, status });
    if (latest && now - chartsDrawnAt > 250) (charts.redraw(), (chartsDrawnAt = now));
    ctx.life.frame(frame);
  }

  container.append(...viewLayout(t, { envControl, speedControl, buttons, upload, stage, stageNote, status, bars, stats, charts, form }));
  charts.create();
  ctx.life.frame(frame);
  ctx.expose(view);
}
