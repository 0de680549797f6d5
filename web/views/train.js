// Train: choose a model and its training settings, train it in a Web Worker
// (the page never blocks) and watch it learn: loss curves (reconstruction and
// KL; per batch, and per epoch on the training and the test digits), speed,
// progress with ETA, reconstructions of ten fixed test digits and the latent
// map, refreshed every epoch. Pause, resume, step one batch, stop; change the
// learning rate and β while it trains. The result becomes "your trained model"
// in every other view; download it as .safetensors or load weights back
// (also from PyTorch when the architecture matches the form).
// URL: kind=ae|dae|vae|cvae, arch=dense|conv, layers=<widths, e.g. 256,64>, latent=1..64, beta=0..4,
//      lr=<number>, batch=16..512, epochs=1..100, noise=<kind>, level=0..1, seed=<int>.
// Test hook: views.train = { state, progressCount, epochs, reconstruction: number[] (per progress),
//   lastLoss, loaded: { ok, message } (after a weights file) }.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { el, button, coalesced, panel, segmented, select, slider } from '../ui/controls.js';
import { drawDigitGrid, PIXELS, classLegend } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { describeModel } from '../ui/modelinfo.js';
import { pcaProjection } from '../ui/projection.js';
import { LocalizedError } from '../ui/messages.js';
import { loadedCheck, renderLoadedCheck } from '../ui/loaded-check.js';
import { session } from './train-session.js';

const KINDS = ['ae', 'dae', 'vae', 'cvae'];
const SIZES = { dense: { small: [128], medium: [256, 64], large: [512, 128] }, conv: { small: [8, 16], medium: [16, 32], large: [32, 64] } };
const RATES = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1];
const BATCHES = [16, 32, 64, 128, 256, 512];
const NOISES = ['gaussian', 'salt_and_pepper', 'masking', 'block'];
let active = null;

function panelWith(className, title, ...children) {
  const root = panel(title, ...children);
  root.classList.add(className);
  return root;
}

function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

export async function mount(container, ctx) {
  const { t, models, data, params } = ctx;
  const [lab, test, train] = await Promise.all([ctx.lab(), data.load('mnist-test'), data.load('mnist-train')]);
  const disposers = [];

  // ---- the form ------------------------------------------------------------------
  const nearestBatch = (v) => BATCHES.reduce((best, b) => (Math.abs(b - v) < Math.abs(best - v) ? b : best), BATCHES[0]);
  const nearestRate = (v) => RATES.reduce((best, r) => (Math.abs(Math.log(r / v)) < Math.abs(Math.log(best / v)) ? r : best), RATES[0]);
  const form = {
    kind: params.choice('kind', KINDS, 'vae'),
    arch: params.choice('arch', ['dense', 'conv'], 'dense'),
    layers: null, // hidden widths (dense) or channels (conv); read below once arch is known
    latent: params.number('latent', { min: 1, max: 64, fallback: 2, integer: true }),
    beta: params.number('beta', { min: 0, max: 4, fallback: 1 }),
    lr: nearestRate(params.number('lr', { min: RATES[0], max: RATES.at(-1), fallback: 1e-3 })),
    batch: nearestBatch(params.number('batch', { min: 16, max: 512, fallback: 64, integer: true })),
    epochs: params.number('epochs', { min: 1, max: 100, fallback: 10, integer: true }),
    noise: params.choice('noise', NOISES, 'gaussian'),
    level: params.number('level', { min: 0, max: 1, fallback: 0.4 }),
    seed: params.number('seed', { min: 1, max: 1e6, fallback: 1, integer: true }),
  };
  const setForm = (key, value, urlKey = key) => {
    form[key] = value;
    params.set(urlKey, value);
    refreshForm();
  };

  function modelConfig() {
    const type = form.kind === 'dae' ? 'ae' : form.kind;
    const config = { type, arch: form.arch, latent: form.latent };
    if (form.arch === 'dense') config.hidden = form.layers;
    else config.channels = form.layers;
    if (type !== 'ae') config.beta = form.beta;
    if (form.kind === 'dae') config.denoise = { kind: form.noise, level: form.level };
    return config;
  }

  const kind = segmented({
    label: t('train.kind'),
    name: 'kind',
    value: form.kind,
    options: KINDS.map((k) => ({ value: k, text: t(`train.kind.${k}`) })),
    onChange: (v) => setForm('kind', v),
  });
  const arch = segmented({
    label: t('train.arch'),
    name: 'arch',
    value: form.arch,
    options: [
      { value: 'dense', text: t('train.arch.dense') },
      { value: 'conv', text: t('train.arch.conv') },
    ],
    onChange: (v) => {
      form.arch = v;
      params.set('arch', v);
      setLayers(SIZES[v][size.value === 'custom' ? 'medium' : size.value]);
    },
  });
  // Layers: a preset per size, or any list typed in (e.g. to match a PyTorch model).
  const LIMITS = { dense: { min: 0, max: 6, width: 4096 }, conv: { min: 1, max: 4, width: 256 } };
  const parseLayers = (text, archName) => {
    const trimmed = String(text).trim();
    const values = trimmed === '' ? [] : trimmed.split(/[\s,]+/).map(Number);
    const { min, max, width } = LIMITS[archName];
    const ok = values.length >= min && values.length <= max && values.every((v) => Number.isInteger(v) && v >= 1 && v <= width);
    return ok ? values : null;
  };
  const presetOf = (layers) => Object.keys(SIZES[form.arch]).find((k) => SIZES[form.arch][k].join() === layers.join()) ?? 'custom';
  const layersParam = params.get('layers');
  form.layers = layersParam === null ? SIZES[form.arch].medium : parseLayers(layersParam, form.arch);
  if (!form.layers) {
    ctx.messages.notice(t('app.paramUnknown', { name: 'layers', value: layersParam, options: t(`train.layersHint.${form.arch}`) }));
    params.set('layers', null);
    form.layers = SIZES[form.arch].medium;
  }
  const size = select({
    label: t('train.size'),
    name: 'size',
    value: presetOf(form.layers),
    options: ['small', 'medium', 'large', 'custom'].map((s) => ({ value: s, text: t(`train.size.${s}`) })),
    onChange: (v) => {
      if (v !== 'custom') setLayers(SIZES[form.arch][v]);
      else layersInput.focus();
    },
  });
  const layersId = 'train-layers';
  const layersInput = el('input', { type: 'text', id: layersId, value: form.layers.join(', '), dataset: { name: 'layers' }, spellcheck: false });
  const layersLabel = el('label', { htmlFor: layersId, className: 'control-label' });
  const layersHint = el('small', { className: 'control-hint' });
  const layersControl = { root: el('div', { className: 'control' }, layersLabel, layersInput, layersHint) };
  layersInput.addEventListener('change', () => {
    const parsed = parseLayers(layersInput.value, form.arch);
    if (parsed) setLayers(parsed);
    else {
      ctx.messages.notice(t('train.badLayers', { value: layersInput.value, hint: t(`train.layersHint.${form.arch}`) }));
      layersInput.value = form.layers.join(', ');
    }
  });
  function setLayers(layers) {
    form.layers = layers;
    layersInput.value = layers.join(', ');
    size.set(presetOf(layers));
    params.set('layers', layers.join(','));
    refreshForm();
  }
  const latent = slider({ label: t('train.latent'), name: 'latent', min: 1, max: 64, value: form.latent, onInput: (v) => setForm('latent', v) });
  const beta = slider({
    label: t('train.beta'),
    name: 'beta',
    min: 0,
    max: 4,
    step: 0.05,
    value: form.beta,
    format: (v) => t.number(v, 2),
    hint: t('train.betaHint'),
    onInput: (v) => {
      setForm('beta', v);
      session.setBeta(v);
    },
  });
  const rate = slider({
    label: t('train.lr'),
    name: 'lr',
    min: 0,
    max: RATES.length - 1,
    value: RATES.indexOf(form.lr),
    format: (i) => String(RATES[i]),
    hint: t('train.lrHint'),
    onInput: (i) => {
      setForm('lr', RATES[i]);
      session.setLearningRate(RATES[i]);
    },
  });
  const batch = select({
    label: t('train.batch'),
    name: 'batch',
    value: String(form.batch),
    options: BATCHES.map((b) => ({ value: String(b), text: String(b) })),
    onChange: (v) => setForm('batch', Number(v)),
  });
  const epochs = slider({ label: t('train.epochs'), name: 'epochs', min: 1, max: 100, value: form.epochs, onInput: (v) => setForm('epochs', v) });
  const noise = select({
    label: t('train.noise'),
    name: 'noise',
    value: form.noise,
    options: NOISES.map((n) => ({ value: n, text: t(`noise.${n}`) })),
    onChange: (v) => setForm('noise', v),
  });
  const level = slider({ label: t('train.level'), name: 'noise-level', min: 0, max: 1, step: 0.05, value: form.level, format: (v) => t.number(v, 2), onInput: (v) => setForm('level', v) });
  const configLine = el('p', { className: 'panel-note config-line', dataset: { name: 'config' } });
  const fixedControls = [kind, arch, size, layersControl, latent, batch, epochs, noise, level];

  function refreshForm() {
    beta.root.hidden = !(form.kind === 'vae' || form.kind === 'cvae');
    noise.root.hidden = level.root.hidden = form.kind !== 'dae';
    configLine.textContent = `${t('train.configLine')}: ${JSON.stringify(modelConfig())}`;
    layersLabel.textContent = t(`train.layers.${form.arch}`);
    layersHint.textContent = t(`train.layersHint.${form.arch}`);
    showKlPanel();
  }
  // An autoencoder has no KL term: its chart would stay at zero.
  function showKlPanel() {
    const type = session.busy || session.config ? session.config.type : modelConfig().type;
    klPanel.hidden = type === 'ae';
  }

  // ---- buttons --------------------------------------------------------------------------
  const startButton = button({ text: t('train.start'), kind: 'primary', name: 'start', onClick: start });
  const pauseButton = button({ text: t('train.pause'), name: 'pause', onClick: () => (session.state === 'paused' ? session.resume() : session.pause()) });
  const stepButton = button({ text: t('train.step'), name: 'step', onClick: () => session.step() });
  const stopButton = button({ text: t('train.stop'), kind: 'danger', name: 'stop', onClick: () => session.stop() });
  const status = el('p', { className: 'status-line', attrs: { role: 'status' }, dataset: { name: 'status' } });

  function start() {
    const config = modelConfig();
    // Ten fixed test digits, one per class, and every other test digit for the map.
    const previewIndices = Array.from({ length: 10 }, (_, d) => data.indicesOf(test, d)[0]);
    const scatterIndices = Array.from({ length: Math.ceil(test.count / 2) }, (_, i) => 2 * i);
    session.start({
      config,
      options: { epochs: form.epochs, batchSize: form.batch, learningRate: form.lr, seed: form.seed },
      train,
      test,
      preview: data.gather(test, previewIndices),
      previewLabels: Int32Array.from(previewIndices, (i) => test.labels[i]),
      scatter: { images: data.gather(test, scatterIndices), labels: Int32Array.from(scatterIndices, (i) => test.labels[i]) },
    });
    chartsReset();
  }

  // ---- progress and stats -----------------------------------------------------------------
  const bar = el('div', { className: 'progress-fill' });
  const progressBar = el('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-label': t('train.progress') } }, bar);
  const stat = (key) => {
    const value = el('div', { className: 'stat-value', textContent: '—' });
    return { value, root: el('div', { className: 'stat', dataset: { stat: key } }, el('div', { className: 'stat-label', textContent: t(`train.stat.${key}`) }), value) };
  };
  const stats = Object.fromEntries(['epoch', 'speed', 'eta', 'reconstruction', 'kl', 'test'].map((k) => [k, stat(k)]));

  // ---- charts (uPlot) ---------------------------------------------------------------------
  const chartRoots = { reconstruction: el('div', { className: 'chart', dataset: { chart: 'reconstruction' } }), kl: el('div', { className: 'chart', dataset: { chart: 'kl' } }) };
  const chartEmpty = [t('train.chartEmpty'), t('train.chartEmpty')].map((text) => el('p', { className: 'chart-empty', textContent: text }));
  const klPanel = panelWith('p-kl', t('train.klChart'), chartEmpty[1], chartRoots.kl, el('p', { className: 'panel-note', textContent: t('train.klNote') }));
  const charts = {};
  function makeChart(key) {
    const root = chartRoots[key];
    const width = Math.max(260, root.clientWidth || 500);
    const series = [
      { label: t('train.axisEpoch'), value: (u, v) => (v == null ? '—' : t.number(v, 2)) },
      { label: t('train.series.batches'), stroke: '#8fb4ff', width: 1.5, spanGaps: true, points: { show: false } },
      { label: t('train.series.trainEpoch'), stroke: '#2f6fdf', width: 2, spanGaps: true, points: { show: true, size: 6, fill: '#2f6fdf' } },
      { label: t('train.series.test'), stroke: '#e15759', width: 2, spanGaps: true, dash: [6, 4], points: { show: true, size: 6, fill: '#e15759' } },
    ];
    charts[key] = new uPlot({
      width,
      height: 220,
      // The x axis spans every planned epoch, so the curve grows towards its end.
      scales: { x: { time: false, range: (u, min, max) => [0, Math.max(1, session.options?.epochs ?? form.epochs, max ?? 0)] } },
      axes: [{ label: t('train.axisEpoch'), size: 40 }, { label: t('train.axisNats'), size: 55 }],
      series,
      legend: { live: true },
    }, chartData(key), root);
  }
  function chartData(key) {
    const s = session.series;
    return key === 'reconstruction'
      ? [s.x, s.reconstruction, s.epochReconstruction, s.testReconstruction]
      : [s.x, s.kl, s.epochKl, s.testKl];
  }
  function chartsReset() {
    for (const key of Object.keys(charts)) charts[key].setData(chartData(key));
    for (const note of chartEmpty) note.hidden = session.series.x.length > 0;
  }
  const redrawCharts = coalesced(chartsReset);
  const resizeObserver = new ResizeObserver(() => {
    for (const [key, chart] of Object.entries(charts)) {
      const width = Math.max(260, chartRoots[key].clientWidth);
      if (Math.abs(width - chart.width) > 2) chart.setSize({ width, height: 220 });
    }
  });
  disposers.push(() => resizeObserver.disconnect(), () => Object.values(charts).forEach((c) => c.destroy()));

  // ---- previews and latent map -------------------------------------------------------------
  const previewIndices = Array.from({ length: 10 }, (_, d) => data.indicesOf(test, d)[0]);
  const previewOriginals = data.gather(test, previewIndices);
  const previewCanvas = el('canvas', { className: 'grid', attrs: { role: 'img', 'aria-label': t('train.previewLabel') } });
  function drawPreviews(reconstructions) {
    const both = new Float32Array(20 * PIXELS);
    both.set(previewOriginals);
    if (reconstructions) both.set(reconstructions, 10 * PIXELS);
    drawDigitGrid(previewCanvas, both, { columns: 10 });
  }
  const map = new LatentScatter({ t, label: t('train.mapLabel') });
  disposers.push(() => map.dispose());
  const mapNote = el('small', { className: 'panel-note' });
  function drawMap(codes, labels, Z) {
    if (!codes) return;
    let xy;
    if (Z === 1) xy = Float32Array.from({ length: codes.length * 2 }, (_, i) => (i % 2 === 0 ? codes[i / 2] : labels[(i - 1) / 2] * 0.3));
    else if (Z === 2) xy = codes;
    else xy = pcaProjection(codes, Z).project(codes);
    map.setPoints(xy, labels);
    mapNote.textContent = Z === 1 ? t('train.map1d') : Z === 2 ? t('train.map2d') : t('train.mapPca', { z: Z });
  }

  // ---- weights: download and load --------------------------------------------------------------
  const downloadButton = button({ text: t('train.download'), name: 'download', onClick: download });
  const fileInput = el('input', { type: 'file', accept: '.safetensors,application/octet-stream', id: 'weights-file', className: 'sr-only', tabIndex: -1, dataset: { name: 'weights-file' } });
  const fileLabel = el('label', { htmlFor: 'weights-file', className: 'btn', textContent: t('train.load'), tabIndex: 0 });
  fileLabel.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      fileInput.click();
    }
  });
  const trainedLine = el('p', { className: 'panel-note', dataset: { name: 'trained' } });
  const checkLine = el('p', { className: 'panel-note', dataset: { name: 'loaded-check' } });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) await loadFile(file);
  });

  async function download() {
    try {
      const weights = await session.snapshot();
      if (!weights) throw new LocalizedError('train.nothingToDownload');
      const name = `latentlab-${form.kind}-z${form.latent}.safetensors`;
      const url = URL.createObjectURL(new Blob([weights], { type: 'application/octet-stream' }));
      const link = el('a', { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      ctx.messages.error(error);
    }
  }

  // A Latent Lab file carries its config; a file without one (e.g. saved by
  // PyTorch) is read with the config of the form.
  async function loadFile(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let model = null;
    let firstError = null;
    try {
      model = lab.loadModel(bytes);
    } catch (error) {
      firstError = error;
      if (/metadata|config/i.test(error.message)) {
        try {
          model = lab.loadModel(bytes, modelConfig());
        } catch (second) {
          firstError = second;
        }
      }
    }
    if (!model) {
      const error = new LocalizedError('train.loadFailed', { name: file.name }, firstError.message);
      ctx.messages.error(error);
      ctx.expose({ loaded: { ok: false, message: firstError.message } });
      return;
    }
    models.setTrained(model, { origin: 'file', name: file.name });
    const labels = model.isConditional ? Int32Array.from(previewIndices, (i) => test.labels[i]) : undefined;
    drawPreviews(model.reconstruct(previewOriginals, labels));
    const scatterIndices = Array.from({ length: Math.ceil(test.count / 2) }, (_, i) => 2 * i);
    const scatterLabels = Int32Array.from(scatterIndices, (i) => test.labels[i]);
    drawMap(model.encode(data.gather(test, scatterIndices), model.isConditional ? scatterLabels : undefined), scatterLabels, model.latentSize);
    ctx.messages.notice(t('train.loaded', { name: file.name, model: describeModel(model, t) }));
    const check = loadedCheck(model, test);
    renderLoadedCheck(checkLine, check, model.mappedFrom, t);
    ctx.expose({ loaded: { ok: true, message: describeModel(model, t), check, mappedFrom: model.mappedFrom } });
  }

  function showTrained() {
    const trained = models.trained;
    trainedLine.replaceChildren();
    if (!trained) {
      trainedLine.textContent = t('train.noTrained');
      return;
    }
    const origin = trained.info.origin === 'file' ? t('train.fromFile', { name: trained.info.name }) : t('train.fromTraining');
    trainedLine.append(`${t('train.trainedNow')}: ${describeModel(trained.model, t)} (${origin}). ${t('train.useIn')} `);
    for (const view of ['draw', 'interpolate', 'latent', 'sample']) {
      const link = el('a', { href: `?view=${view}`, textContent: t(`nav.${view}`) });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const extra = view === 'draw' ? {} : view === 'interpolate' ? { right: 'trained' } : view === 'latent' ? { right: 'trained' } : { model: 'trained' };
        ctx.navigate(view, extra);
      });
      trainedLine.append(link, ' ');
    }
  }

  // ---- reacting to the session -------------------------------------------------------------------
  function showState() {
    const s = session.state;
    const busy = session.busy;
    startButton.disabled = busy;
    startButton.textContent = ['finished', 'stopped', 'failed'].includes(s) ? t('train.restart') : t('train.start');
    pauseButton.disabled = !(s === 'running' || s === 'paused');
    pauseButton.textContent = s === 'paused' ? t('train.resume') : t('train.pause');
    stepButton.disabled = s !== 'paused';
    stopButton.disabled = !busy;
    for (const control of fixedControls) {
      for (const input of control.root.querySelectorAll('input, select')) input.disabled = busy;
    }
    status.textContent = t(`train.state.${s}`);
    showKlPanel();
    showProgress();
    status.dataset.state = s;
    showTrained();
    expose();
  }
  function showProgress() {
    const p = session.progress;
    if (!p) {
      bar.style.width = '0%';
      for (const s of Object.values(stats)) s.value.textContent = '—';
      return;
    }
    bar.style.width = `${(p.progress * 100).toFixed(1)}%`;
    progressBar.setAttribute('aria-valuenow', String(Math.round(p.progress * 100)));
    stats.epoch.value.textContent = `${Math.min(p.epoch + 1, session.options.epochs)} / ${session.options.epochs}`;
    stats.speed.value.textContent = t(session.threads > 1 ? 'train.perSecondThreads' : 'train.perSecond',
      { n: Math.round(p.examplesPerSecond), threads: session.threads });
    stats.eta.value.textContent = session.state === 'finished' ? t('train.done') : formatDuration(p.etaSeconds);
    stats.reconstruction.value.textContent = t.number(p.loss.reconstruction, 1);
    stats.kl.value.textContent = t.number(p.loss.kl, 2);
    const lastEpoch = session.epochs.at(-1);
    stats.test.value.textContent = lastEpoch?.test ? t.number(lastEpoch.test.total, 1) : '—';
  }
  function showEpoch() {
    const Z = session.config?.latent ?? 2;
    drawPreviews(session.previews);
    drawMap(session.codes, session.input?.scatterLabels, Z);
  }
  function expose() {
    ctx.expose({
      state: session.state,
      progressCount: session.progressCount,
      epochs: session.epochs.length,
      reconstruction: session.series.reconstruction.filter((v) => v !== null),
      lastLoss: session.progress?.loss ?? null,
      threads: session.threads ?? null,
    });
  }
  disposers.push(session.subscribe((type, detail) => {
    if (type === 'state') showState();
    else if (type === 'progress') {
      showProgress();
      redrawCharts();
      expose();
    } else if (type === 'epoch') {
      showProgress();
      showEpoch();
      redrawCharts();
      expose();
    } else if (type === 'error') {
      ctx.messages.error(detail);
      showState();
    }
  }));
  disposers.push(models.onTrainedChange(showTrained));

  // ---- layout --------------------------------------------------------------------------------------
  container.append(
    el('h2', { textContent: t('train.title') }),
    el('p', { className: 'view-intro', textContent: t('train.intro') }),
    el('div', { className: 'layout two train-layout' },
      el('div', { className: 'stack' },
        panelWith('p-model', t('train.modelTitle'), el('div', { className: 'stack' }, kind.root, arch.root,
          el('div', { className: 'form-grid' }, size.root, layersControl.root, batch.root), latent.root, noise.root, level.root, configLine)),
        panelWith('p-training', t('train.trainingTitle'), el('div', { className: 'stack' }, epochs.root, rate.root, beta.root,
          el('p', { className: 'panel-note', textContent: t('train.liveNote') }))),
        panelWith('p-weights', t('train.weightsTitle'), el('div', { className: 'stack' },
          el('div', { className: 'btn-row' }, downloadButton, fileLabel, fileInput),
          el('p', { className: 'panel-note', textContent: t('train.weightsNote') }),
          trainedLine, checkLine))),
      el('div', { className: 'stack' },
        panelWith('p-run', t('train.runTitle'), el('div', { className: 'stack' },
          el('div', { className: 'btn-row' }, startButton, pauseButton, stepButton, stopButton),
          status, progressBar,
          el('div', { className: 'stats' }, Object.values(stats).map((s) => s.root)))),
        panelWith('p-rec', t('train.reconstructionChart'), chartEmpty[0], chartRoots.reconstruction, el('p', { className: 'panel-note', textContent: t('train.reconstructionNote') })),
        klPanel,
        el('div', { className: 'layout halves p-results' },
          panel(t('train.previewTitle'), previewCanvas, el('p', { className: 'panel-note', textContent: t('train.previewNote') })),
          panel(t('train.mapTitle'), map.root, mapNote, classLegend(t))))));

  refreshForm();
  chartsReset();
  makeChart('reconstruction');
  makeChart('kl');
  resizeObserver.observe(chartRoots.reconstruction);
  drawPreviews(session.previews);
  if (session.codes) showEpoch();
  showState();
  showProgress();
  if (session.lastError) ctx.messages.error(session.lastError);
  // A view left while it was still mounting cleans up after itself.
  if (ctx.signal.aborted) for (const dispose of disposers) dispose();
  else active = { disposers };
}

export function unmount() {
  for (const dispose of active?.disposers ?? []) dispose();
  active = null;
}
