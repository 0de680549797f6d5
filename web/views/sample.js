// Sample: a grid of images decoded from random latent codes z ~ N(0, T²·I)
// (T, the temperature, scales the prior). Re-roll draws new codes. With the
// conditional VAE the student picks which digit to generate (or one row per
// digit: the same style code across the rows). With the plain AE the same
// recipe shows why an autoencoder is a poor generator.
// URL: model=<id>, n=2..12 (grid side), temp=0..2, seed=<int>, digit=0..9|rows.
// Test hook: views.sample = { model, n, temperature, seed, digit, images: number (count), mean: number }.
import { el, button, coalesced, panel, segmented, slider } from '../ui/controls.js';
import { drawDigitGrid } from '../ui/digits.js';
import { cardSummary, describeModel, modelSelect } from '../ui/modelinfo.js';

const IDS = ['vae2', 'vae16', 'cvae', 'ae2'];
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
let active = null;

export async function mount(container, ctx) {
  const { t, models, params } = ctx;
  const ids = models.choices(IDS);
  const state = {
    id: params.choice('model', ids, 'vae16'),
    n: params.number('n', { min: 2, max: 12, fallback: 8, integer: true }),
    temperature: params.number('temp', { min: 0, max: 2, fallback: 1 }),
    seed: params.number('seed', { min: 1, max: 1e6, fallback: 1, integer: true }),
    digit: params.choice('digit', [...DIGITS, 'rows'], 'rows'),
    model: null,
  };
  const grid = el('canvas', { className: 'grid samples', attrs: { role: 'img', 'aria-label': t('sample.gridLabel') } });
  const info = el('small', { className: 'panel-note' });
  const lesson = el('p', { className: 'panel-note lesson' });

  const render = coalesced(() => {
    const model = state.model;
    if (!model || model.disposed) return;
    const count = state.n * state.n;
    let images;
    if (model.isConditional) {
      // 'rows': one row per digit with the same n style codes in every row.
      let labels;
      if (state.digit === 'rows') {
        const rows = model.config.classes ?? 10;
        const codes = sampleCodes(state.n, model.latentSize);
        const z = new Float32Array(rows * state.n * model.latentSize);
        labels = new Int32Array(rows * state.n);
        for (let r = 0; r < rows; ++r) {
          z.set(codes, r * codes.length);
          labels.fill(r, r * state.n, (r + 1) * state.n);
        }
        images = model.decode(z, labels);
      } else {
        labels = new Int32Array(count).fill(Number(state.digit));
        images = model.sample(count, { temperature: state.temperature, seed: state.seed, labels });
      }
    } else {
      images = model.sample(count, { temperature: state.temperature, seed: state.seed });
    }
    const shown = images.length / 784;
    drawDigitGrid(grid, images, { columns: state.n, count: shown });
    let mean = 0;
    for (const v of images) mean += v;
    ctx.expose({ model: state.id, n: state.n, temperature: state.temperature, seed: state.seed, digit: state.digit, images: shown, mean: mean / images.length });
  });

  // z ~ N(0, T²·I), seeded (xorshift32 + Box–Muller). The "same style in every
  // row" grid needs the codes themselves, which Model.sample does not return.
  function sampleCodes(count, Z) {
    let s = (state.seed * 2654435761) >>> 0 || 1;
    const uniform = () => {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      return (s + 0.5) / 4294967296;
    };
    const out = new Float32Array(count * Z);
    for (let i = 0; i < out.length; ++i) {
      out[i] = state.temperature * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    }
    return out;
  }

  const chooser = modelSelect({
    t,
    ids,
    value: state.id,
    label: t('sample.model'),
    name: 'model',
    onChange: (id) => load(id),
  });
  const size = slider({
    label: t('sample.size'),
    name: 'n',
    min: 2,
    max: 12,
    value: state.n,
    format: (v) => `${v}×${v}`,
    onInput: (v) => {
      state.n = v;
      params.set('n', v);
      render();
    },
  });
  const temperature = slider({
    label: t('sample.temperature'),
    name: 'temp',
    min: 0,
    max: 2,
    step: 0.05,
    value: state.temperature,
    format: (v) => t.number(v, 2),
    hint: t('sample.temperatureHint'),
    onInput: (v) => {
      state.temperature = v;
      params.set('temp', v);
      render();
    },
  });
  const reroll = button({
    text: t('sample.reroll'),
    kind: 'primary',
    name: 'reroll',
    onClick: () => {
      state.seed = (state.seed % 1e6) + 1;
      params.set('seed', state.seed);
      render();
    },
  });
  const digitChoice = segmented({
    label: t('sample.digit'),
    name: 'digit',
    value: state.digit,
    options: [{ value: 'rows', text: t('sample.allDigits'), title: t('sample.rowsTitle') }, ...DIGITS.map((d) => ({ value: d, text: d }))],
    onChange: (v) => {
      state.digit = v;
      params.set('digit', v);
      render();
    },
  });

  async function load(id) {
    try {
      state.model = await models.get(id);
      state.id = id;
      params.set('model', id);
      info.textContent = describeModel(state.model, t);
      cardSummary(models, id, t).then((line) => line && state.id === id && (info.textContent = `${describeModel(state.model, t)} · ${line}`));
      digitChoice.root.hidden = !state.model.isConditional;
      lesson.textContent = state.model.isConditional ? t('sample.lessonCvae') : state.model.isVariational ? t('sample.lessonVae') : t('sample.lessonAe');
      render();
    } catch (error) {
      ctx.messages.error(error);
    }
  }

  container.append(
    el('h2', { textContent: t('sample.title') }),
    el('p', { className: 'view-intro', textContent: t('sample.intro') }),
    el('div', { className: 'layout two' },
      panel(t('sample.controls'), el('div', { className: 'stack' }, chooser.root, info, size.root, temperature.root, digitChoice.root, el('div', { className: 'btn-row' }, reroll), lesson)),
      panel(t('sample.samples'), grid)));

  await load(state.id);
  const off = models.onTrainedChange(() => state.id === 'trained' && load('trained'));
  // A view left while it was still mounting cleans up after itself.
  if (ctx.signal.aborted) off();
  else active = { dispose: off };
}

export function unmount() {
  active?.dispose();
  active = null;
}
