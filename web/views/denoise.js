// Denoise: a clean digit (a test digit or a drawing) is corrupted with the
// chosen noise and level; the denoising AE cleans it and a plain model just
// reconstructs it. PSNR against the clean digit is shown for each, live while
// the slider moves. Scribble noise is drawn by random strokes plus a "noise
// pen": draw on the noisy image to add your own (denoise-noise.js).
// URL: src=test|draw, digit=t<i>|d<…>, noise=<kind>, level=0..1, seed=<int>, plain=<model id>.
// Test hook: views.denoise = { kind, level, psnr: { noisy, denoised, plain }, updates }.
import { el, button, coalesced, panel, segmented, slider } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { DigitPicker } from '../ui/picker.js';
import { digitFigure, drawDigit, PIXELS } from '../ui/digits.js';
import { modelSelect, describeModel } from '../ui/modelinfo.js';
import { drawnRef, parseRef, testRef } from '../ui/digitref.js';
import { attachNoisePen, corrupted, KINDS } from './denoise-noise.js';

// ae_conv first: the denoiser's own layers trained without noise, so the
// comparison shows what training on noisy inputs adds and nothing else.
const PLAIN_IDS = ['ae_conv', 'ae2', 'vae16'];

export async function mount(container, ctx) {
  const { t, models, data } = ctx;
  const [lab, test] = await Promise.all([ctx.lab(), data.load('mnist-test')]);
  const state = readState(ctx, test, lab.limits);
  const loaded = { dae: null, plain: null };
  let updates = 0;
  const figures = Object.fromEntries(['clean', 'noisy', 'denoised', 'plain'].map((k) => [k, digitFigure(t(`denoise.${k}`), { className: 'digit large' })]));
  figures.noisy.canvas.classList.add('pen-target');

  const update = coalesced(() => {
    const clean = state.source === 'draw' ? state.drawn : data.image(test, state.testIndex);
    if (!clean) {
      for (const f of Object.values(figures)) (drawDigit(f.canvas, new Float32Array(PIXELS)), (f.metric.textContent = ''));
      figures.clean.metric.textContent = t('denoise.drawFirst');
      return;
    }
    const noisy = corrupted(lab, clean, state);
    drawDigit(figures.clean.canvas, clean);
    drawDigit(figures.noisy.canvas, noisy);
    const psnr = { noisy: lab.psnr(clean, noisy), denoised: null, plain: null };
    const db = (v) => `PSNR ${t.number(v, 1)} dB`;
    figures.clean.metric.textContent = t('denoise.reference');
    figures.noisy.metric.textContent = db(psnr.noisy);
    for (const [key, model] of [['denoised', loaded.dae], ['plain', loaded.plain]]) {
      if (!model || model.disposed) continue;
      const out = model.reconstruct(noisy);
      psnr[key] = lab.psnr(clean, out);
      drawDigit(figures[key].canvas, out);
      figures[key].metric.textContent = db(psnr[key]);
    }
    updates += 1;
    ctx.expose({ kind: state.kind, level: state.level, psnr, updates });
  }, ctx.signal);

  const info = { dae: el('small', { className: 'figure-model' }), plain: el('small', { className: 'figure-model' }) };
  figures.denoised.root.append(info.dae);
  figures.plain.root.append(info.plain);
  async function load(key, id) {
    try {
      loaded[key] = await models.get(id);
      info[key].textContent = describeModel(loaded[key], t);
    } catch (error) {
      loaded[key] = null;
      ctx.messages.error(error);
    }
  }
  const plainSelect = modelSelect({
    t,
    label: t('denoise.plainModel'),
    name: 'plain',
    ids: models.choices(PLAIN_IDS, (m) => !m.isConditional),
    value: state.plainId,
    onChange: async (id) => {
      state.plainId = id;
      ctx.params.set('plain', id);
      await load('plain', id);
      update();
    },
  });
  attachNoisePen(figures.noisy.canvas, { signal: ctx.signal, active: () => state.kind === 'scribble', strokes: () => state.penStrokes, onChange: update });

  container.append(
    el('h2', { textContent: t('denoise.title') }),
    el('p', { className: 'view-intro', textContent: t('denoise.intro') }),
    el('div', { className: 'layout two' },
      sourcePanel(ctx, state, { test, lab, update }),
      el('div', { className: 'stack' },
        noisePanel(ctx, state, figures.noisy.canvas, lab.limits, update),
        panel(t('denoise.resultsTitle'),
          el('div', { className: 'figures results' },
            figures.clean.root, arrow(), figures.noisy.root, arrow(), figures.denoised.root, figures.plain.root),
          el('div', { className: 'row' }, plainSelect.root),
          el('p', { className: 'panel-note', textContent: t('denoise.psnrNote') })))));

  await Promise.all([load('dae', 'dae'), load('plain', state.plainId)]);
  ctx.life.own(models.onTrainedChange(() => {
    if (state.plainId === 'trained') load('plain', 'trained').then(update);
  }));
  update();
}

const range = ({ min, max }) => ({ min, max });
const arrow = () => el('span', { className: 'arrow', textContent: '→', attrs: { 'aria-hidden': 'true' } });

// The view's state from the URL, in the engine's ranges (a bad digit reference is reported and dropped).
function readState({ t, params, messages, models, shared }, test, limits) {
  const state = {
    source: params.choice('src', ['test', 'draw'], 'test'),
    kind: params.choice('noise', KINDS, 'gaussian'),
    level: params.number('level', { ...limits.noiseLevel, fallback: 0.4 }),
    seed: params.number('seed', { ...limits.seed, fallback: 1 }),
    plainId: params.choice('plain', models.choices(PLAIN_IDS), 'ae_conv'),
    testIndex: 0,
    drawn: shared.drawn ?? null,
    penStrokes: [], // noise pen strokes in 28×28 coordinates
  };
  const digitParam = params.get('digit');
  if (!digitParam) return state;
  const ref = parseRef(digitParam, test.count);
  if (ref?.kind === 'test') state.testIndex = ref.index;
  else if (ref?.kind === 'drawn') state.drawn = ref.pixels;
  else {
    messages.notice(t('app.paramUnknown', { name: 'digit', value: digitParam.slice(0, 16), options: 't…, d…' }));
    params.set('digit', null);
  }
  return state;
}

// The clean digit: a test digit from the picker or a drawing on the pad.
function sourcePanel(ctx, state, { test, lab, update }) {
  const { t, params } = ctx;
  const picker = new DigitPicker({
    t,
    set: test,
    data: ctx.data,
    label: t('denoise.pickTest'),
    name: 'denoise-picker',
    onPick: (index) => {
      state.testIndex = index;
      params.set('digit', testRef(index));
      update();
    },
  });
  picker.select(state.testIndex);
  const pad = new DrawPad({
    t,
    compact: true,
    onChange: (final) => {
      state.drawn = pad.isEmpty ? null : pad.digit(lab);
      if (state.drawn) ctx.shared.drawn = state.drawn;
      update();
      if (final) params.set('digit', state.drawn ? drawnRef(state.drawn) : null);
    },
  });
  if (state.drawn) pad.setImage(state.drawn);
  const body = el('div', { className: 'stack' });
  const show = () => body.replaceChildren(state.source === 'test' ? picker.root : pad.root);
  const choice = segmented({
    label: t('denoise.source'),
    name: 'source',
    value: state.source,
    options: [
      { value: 'test', text: t('denoise.sourceTest') },
      { value: 'draw', text: t('denoise.sourceDraw') },
    ],
    onChange: (value) => {
      state.source = value;
      params.setMany({ src: value, digit: value === 'test' ? testRef(state.testIndex) : state.drawn ? drawnRef(state.drawn) : null });
      show();
      update();
    },
  });
  show();
  return panel(t('denoise.sourceTitle'), el('div', { className: 'stack' }, choice.root, body));
}

// Kind and level of the noise, a new random draw, and the noise pen's tools.
function noisePanel({ t, params }, state, penCanvas, limits, update) {
  const set = (key, param, value) => {
    state[key] = value;
    params.set(param, value);
    update();
  };
  const clearPen = button({ text: t('denoise.clearPen'), kind: 'small', name: 'clear-pen', onClick: () => ((state.penStrokes = []), update()) });
  const penTools = el('div', { className: 'stack' }, el('p', { className: 'panel-note pen-note', textContent: t('denoise.penNote') }),
    el('div', { className: 'btn-row' }, clearPen));
  const showPen = () => {
    const on = state.kind === 'scribble';
    penTools.hidden = !on;
    penCanvas.classList.toggle('pen-active', on);
    penCanvas.setAttribute('aria-label', t(on ? 'denoise.penCanvas' : 'denoise.noisy'));
  };
  const level = slider({
    label: t('denoise.level'),
    name: 'level',
    ...range(limits.noiseLevel),
    step: 0.01,
    value: state.level,
    format: (v) => t.number(v, 2),
    hint: t(`noise.${state.kind}.level`),
    onInput: (v) => set('level', 'level', v),
  });
  const kind = segmented({
    label: t('denoise.kind'),
    name: 'noise',
    value: state.kind,
    options: KINDS.map((k) => ({ value: k, text: t(`noise.${k}`) })),
    onChange: (value) => {
      level.root.querySelector('.control-hint').textContent = t(`noise.${value}.level`);
      state.kind = value;
      showPen();
      set('kind', 'noise', value);
    },
  });
  const reroll = button({ text: t('denoise.reroll'), name: 'reroll', onClick: () => set('seed', 'seed', (state.seed % 1e6) + 1) });
  showPen();
  return panel(t('denoise.noiseTitle'), el('div', { className: 'stack' }, kind.root, el('div', { className: 'row' }, level.root, reroll), penTools));
}
