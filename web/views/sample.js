// Sample: a grid of images decoded from random latent codes z ~ N(0, T²·I)
// (T, the temperature, scales the prior). Re-roll draws new codes. With the
// conditional VAE the student picks which digit to generate (or one row per
// digit: the same style code across the rows). With the plain AE the same
// recipe shows why an autoencoder is a poor generator. Below the grid, the
// coverage panel measures, for the model and temperature shown, where 1,000
// prior samples land among the training codes and which digits they decode to.
// URL: model=<id>, n=2..12 (grid side), temp=0..2, seed=<int>, digit=0..9|rows.
// Test hook: views.sample = { model, n, temperature, seed, digit, images: number (count), mean: number,
//   coverage: { model, temperature, farShare, histogram, threshold } | null (a conditional model: not measured) }.
import { el, button, coalesced, panel, segmented, slider } from '../ui/controls.js';
import { drawDigitGrid } from '../ui/digits.js';
import { coveragePanel } from '../ui/coverage/panel.js';
import { coverageMeasurer } from '../ui/coverage/measure.js';
import { cardSummary, describeModel, modelSelect } from '../ui/modelinfo.js';
import { normals } from '../ui/random.js';

const IDS = ['vae2', 'vae16', 'cvae', 'ae2'];
const MAX_TEMPERATURE = 2; // the slider's end (the engine accepts up to lab.limits.temperature.max)
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const COVERAGE_SAMPLES = 1000;

export async function mount(container, ctx) {
  const { t, models, params } = ctx;
  const lab = await ctx.lab();
  const { limits } = lab;
  const ids = models.choices(IDS);
  const state = {
    id: params.choice('model', ids, 'vae16'),
    n: params.number('n', { min: 2, max: 12, fallback: 8, integer: true }),
    temperature: params.number('temp', { min: limits.temperature.min, max: Math.min(MAX_TEMPERATURE, limits.temperature.max), fallback: 1 }),
    seed: params.number('seed', { ...limits.seed, fallback: 1 }),
    digit: params.choice('digit', [...DIGITS, 'rows'], 'rows'),
    model: null,
  };
  const grid = el('canvas', { className: 'grid samples', attrs: { role: 'img', 'aria-label': t('sample.gridLabel') } });
  const info = el('small', { className: 'panel-note' });
  const lesson = el('p', { className: 'panel-note lesson' });
  const coverage = samplesCoverage(ctx, lab);

  const render = coalesced(() => {
    if (!state.model || state.model.disposed) return;
    const images = sampleImages(state.model, state);
    const shown = images.length / 784;
    drawDigitGrid(grid, images, { columns: state.n, count: shown });
    let mean = 0;
    for (const v of images) mean += v;
    ctx.expose({ model: state.id, n: state.n, temperature: state.temperature, seed: state.seed, digit: state.digit, images: shown, mean: mean / images.length });
    coverage.update(state);
  }, ctx.signal);

  async function load(id) {
    try {
      state.model = await models.get(id);
      state.id = id;
      params.set('model', id);
      info.textContent = describeModel(state.model, t);
      cardSummary(models, id, t).then((line) => line && state.id === id && (info.textContent = `${describeModel(state.model, t)} · ${line}`));
      controls.digit.root.hidden = !state.model.isConditional;
      lesson.textContent = t(state.model.isConditional ? 'sample.lessonCvae' : state.model.isVariational ? 'sample.lessonVae' : 'sample.lessonAe');
      render();
    } catch (error) {
      ctx.messages.error(error);
    }
  }
  const controls = sampleControls(ctx, state, ids, { load, render });

  container.append(
    el('h2', { textContent: t('sample.title') }),
    el('p', { className: 'view-intro', textContent: t('sample.intro') }),
    el('div', { className: 'layout two' },
      panel(t('sample.controls'), el('div', { className: 'stack' }, controls.model.root, info, controls.size.root, controls.temperature.root,
        controls.digit.root, el('div', { className: 'btn-row' }, controls.reroll), lesson)),
      panel(t('sample.samples'), grid, coverage.root)));

  await load(state.id);
  ctx.life.own(models.onTrainedChange(() => state.id === 'trained' && load('trained')));
}

// The coverage panel under the grid, measured again (in a worker, after a
// pause) only when the model or the temperature changed.
function samplesCoverage(ctx, lab) {
  const { t, life, data } = ctx;
  const panel = coveragePanel({ t });
  const status = el('p', { className: 'panel-note' });
  const root = el('div', { className: 'stack' }, status, panel.root);
  let measurer = null;
  let shown = null; // { model, temperature } last asked for
  async function measure(model, id, temperature) {
    try {
      measurer ??= coverageMeasurer(ctx, { lab, train: await data.load('mnist-train') });
      const result = await measurer.measure(model, { count: COVERAGE_SAMPLES, temperature, seed: 1 });
      if (!result || life.left) return;
      status.textContent = '';
      panel.root.hidden = false;
      panel.show(result);
      const { farShare, threshold } = result;
      ctx.expose({ coverage: { model: id, temperature, farShare, threshold, histogram: Array.from(result.histogram) } });
    } catch (error) {
      if (!life.left) ctx.messages.error(error);
    }
  }
  return {
    root,
    update({ model, id, temperature }) {
      if (shown?.model === model && shown.temperature === temperature) return;
      const asked = (shown = { model, temperature });
      root.hidden = model.isConditional;
      ctx.expose({ coverage: null });
      if (model.isConditional) return;
      panel.root.hidden = true;
      status.textContent = t('coverage.measuring', { count: COVERAGE_SAMPLES, temperature: t.number(temperature, 2) });
      life.after(300, () => shown === asked && measure(model, id, temperature));
    },
  };
}

// state.n² images; for a conditional model either one digit, or ('rows') one
// row per class with the same n style codes in every row.
function sampleImages(model, { n, temperature, seed, digit }) {
  if (!model.isConditional) return model.sample(n * n, { temperature, seed });
  if (digit !== 'rows') {
    return model.sample(n * n, { temperature, seed, labels: new Int32Array(n * n).fill(Number(digit)) });
  }
  // Model.sample does not return its codes, so the shared style codes are drawn here.
  const rows = model.config.classes ?? 10;
  const codes = normals(seed, n * model.latentSize, temperature);
  const z = new Float32Array(rows * codes.length);
  const labels = new Int32Array(rows * n);
  for (let r = 0; r < rows; ++r) {
    z.set(codes, r * codes.length);
    labels.fill(r, r * n, (r + 1) * n);
  }
  return model.decode(z, labels);
}

// The form: every control writes its URL parameter and re-renders.
function sampleControls({ t, params }, state, ids, { load, render }) {
  const change = (key, param) => (v) => {
    state[key] = v;
    params.set(param, v);
    render();
  };
  return {
    model: modelSelect({ t, ids, value: state.id, label: t('sample.model'), name: 'model', onChange: (id) => load(id) }),
    size: slider({ label: t('sample.size'), name: 'n', min: 2, max: 12, value: state.n, format: (v) => `${v}×${v}`, onInput: change('n', 'n') }),
    temperature: slider({
      label: t('sample.temperature'),
      name: 'temp',
      min: 0,
      max: MAX_TEMPERATURE,
      step: 0.05,
      value: state.temperature,
      format: (v) => t.number(v, 2),
      hint: t('sample.temperatureHint'),
      onInput: change('temperature', 'temp'),
    }),
    reroll: button({
      text: t('sample.reroll'),
      kind: 'primary',
      name: 'reroll',
      onClick: () => change('seed', 'seed')((state.seed % 1e6) + 1),
    }),
    digit: segmented({
      label: t('sample.digit'),
      name: 'digit',
      value: state.digit,
      options: [{ value: 'rows', text: t('sample.allDigits'), title: t('sample.rowsTitle') }, ...DIGITS.map((d) => ({ value: d, text: d }))],
      onChange: change('digit', 'digit'),
    }),
  };
}
