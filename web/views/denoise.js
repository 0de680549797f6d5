// Denoise: a clean digit (a test digit or a drawing) is corrupted with the
// chosen noise and level; the denoising AE cleans it and a plain model just
// reconstructs it. PSNR against the clean digit is shown for each, live while
// the slider moves. Scribble noise is drawn by random strokes plus a "noise
// pen": draw on the noisy image to add your own.
// URL: src=test|draw, digit=t<i>|d<…>, noise=<kind>, level=0..1, seed=<int>, plain=<model id>.
// Test hook: views.denoise = { kind, level, psnr: { noisy, denoised, plain }, updates }.
import { el, button, coalesced, panel, segmented, slider } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { DigitPicker } from '../ui/picker.js';
import { digitFigure, drawDigit, PIXELS, SIDE } from '../ui/digits.js';
import { modelSelect, describeModel } from '../ui/modelinfo.js';
import { drawnRef, parseRef, testRef } from '../ui/digitref.js';

const KINDS = ['gaussian', 'salt_and_pepper', 'masking', 'block', 'scribble'];
// ae_conv first: the denoiser's own layers trained without noise, so the
// comparison shows what training on noisy inputs adds and nothing else.
const PLAIN_IDS = ['ae_conv', 'ae2', 'vae16'];
let active = null;

// A small seeded generator (xorshift32) for the random scribbles.
function random(seed) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

// Random curved strokes (in 28×28 pixel coordinates): more and thicker with level.
function randomScribbles(level, seed) {
  const next = random(seed + 1);
  const count = Math.round(level * 6);
  return Array.from({ length: count }, () => {
    const p = () => [2 + next() * 24, 2 + next() * 24];
    const [a, b, c] = [p(), p(), p()];
    const points = [];
    for (let i = 0; i <= 12; ++i) {
      const u = i / 12;
      points.push([(1 - u) ** 2 * a[0] + 2 * u * (1 - u) * b[0] + u * u * c[0], (1 - u) ** 2 * a[1] + 2 * u * (1 - u) * b[1] + u * u * c[1]]);
    }
    return { points, width: 1 + level * 1.5 };
  });
}

// Strokes rasterised (anti-aliased) into a 28×28 ink image in [0, 1].
function rasterise(strokes) {
  const canvas = new OffscreenCanvas(SIDE, SIDE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.strokeStyle = ctx.fillStyle = '#fff';
  ctx.lineCap = ctx.lineJoin = 'round';
  for (const { points, width } of strokes) {
    ctx.lineWidth = width;
    ctx.beginPath();
    points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    if (points.length === 1) ctx.lineTo(points[0][0] + 0.01, points[0][1]);
    ctx.stroke();
  }
  const { data } = ctx.getImageData(0, 0, SIDE, SIDE);
  return Float32Array.from({ length: PIXELS }, (_, i) => data[i * 4 + 3] / 255);
}

export async function mount(container, ctx) {
  const { t, models, data, params } = ctx;
  const [lab, test] = await Promise.all([ctx.lab(), data.load('mnist-test')]);
  const disposers = [];
  let updates = 0;

  const state = {
    source: params.choice('src', ['test', 'draw'], 'test'),
    kind: params.choice('noise', KINDS, 'gaussian'),
    level: params.number('level', { min: 0, max: 1, fallback: 0.4 }),
    seed: params.number('seed', { min: 1, max: 1e6, fallback: 1, integer: true }),
    plainId: params.choice('plain', models.choices(PLAIN_IDS), 'ae_conv'),
    testIndex: 0,
    drawn: ctx.shared.drawn ?? null,
    penStrokes: [], // noise pen strokes in 28×28 coordinates
  };
  const digitParam = params.get('digit');
  if (digitParam) {
    const ref = parseRef(digitParam, test.count);
    if (ref?.kind === 'test') state.testIndex = ref.index;
    else if (ref?.kind === 'drawn') state.drawn = ref.pixels;
    else {
      ctx.messages.notice(t('app.paramUnknown', { name: 'digit', value: digitParam.slice(0, 16), options: 't…, d…' }));
      params.set('digit', null);
    }
  }

  let dae = null;
  let plain = null;
  const figures = {
    clean: digitFigure(t('denoise.clean'), { className: 'digit large' }),
    noisy: digitFigure(t('denoise.noisy'), { className: 'digit large' }),
    denoised: digitFigure(t('denoise.denoised'), { className: 'digit large' }),
    plain: digitFigure(t('denoise.plain'), { className: 'digit large' }),
  };
  figures.noisy.canvas.classList.add('pen-target');

  const cleanDigit = () => {
    if (state.source === 'draw') return state.drawn;
    return data.image(test, state.testIndex);
  };

  const update = coalesced(() => {
    const clean = cleanDigit();
    if (!clean) {
      for (const f of Object.values(figures)) (drawDigit(f.canvas, new Float32Array(PIXELS)), (f.metric.textContent = ''));
      figures.clean.metric.textContent = t('denoise.drawFirst');
      return;
    }
    let noisy;
    if (state.kind === 'scribble') {
      const ink = rasterise([...randomScribbles(state.level, state.seed), ...state.penStrokes]);
      noisy = Float32Array.from(clean, (v, i) => Math.max(v, ink[i]));
    } else {
      noisy = lab.corrupt(clean, { kind: state.kind, level: state.level, seed: state.seed });
    }
    drawDigit(figures.clean.canvas, clean);
    drawDigit(figures.noisy.canvas, noisy);
    const psnr = { noisy: lab.psnr(clean, noisy), denoised: null, plain: null };
    const db = (v) => `PSNR ${t.number(v, 1)} dB`;
    figures.clean.metric.textContent = t('denoise.reference');
    figures.noisy.metric.textContent = db(psnr.noisy);
    if (dae && !dae.disposed) {
      const out = dae.reconstruct(noisy);
      psnr.denoised = lab.psnr(clean, out);
      drawDigit(figures.denoised.canvas, out);
      figures.denoised.metric.textContent = db(psnr.denoised);
    }
    if (plain && !plain.disposed) {
      const out = plain.reconstruct(noisy);
      psnr.plain = lab.psnr(clean, out);
      drawDigit(figures.plain.canvas, out);
      figures.plain.metric.textContent = db(psnr.plain);
    }
    updates += 1;
    ctx.expose({ kind: state.kind, level: state.level, psnr, updates });
  });

  // Source: a test digit or a drawing.
  const picker = new DigitPicker({
    t,
    set: test,
    data,
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
      state.drawn = pad.isEmpty ? null : pad.onlyImage ?? lab.mnistify(pad.ink(), pad.size, pad.size);
      if (state.drawn) ctx.shared.drawn = state.drawn;
      update();
      if (final) params.set('digit', state.drawn ? drawnRef(state.drawn) : null);
    },
  });
  if (state.drawn) pad.setImage(state.drawn);
  const sourceBody = el('div', { className: 'stack' });
  const showSource = () => {
    sourceBody.replaceChildren(state.source === 'test' ? picker.root : pad.root);
  };
  const sourceChoice = segmented({
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
      showSource();
      update();
    },
  });
  showSource();

  // Noise controls.
  const penNote = el('p', { className: 'panel-note pen-note', textContent: t('denoise.penNote') });
  const clearPen = button({
    text: t('denoise.clearPen'),
    kind: 'small',
    name: 'clear-pen',
    onClick: () => {
      state.penStrokes = [];
      update();
    },
  });
  const penTools = el('div', { className: 'stack' }, penNote, el('div', { className: 'btn-row' }, clearPen));
  const showPen = () => {
    penTools.hidden = state.kind !== 'scribble';
    figures.noisy.canvas.classList.toggle('pen-active', state.kind === 'scribble');
    figures.noisy.canvas.setAttribute('aria-label', state.kind === 'scribble' ? t('denoise.penCanvas') : t('denoise.noisy'));
  };
  const kindChoice = segmented({
    label: t('denoise.kind'),
    name: 'noise',
    value: state.kind,
    options: KINDS.map((k) => ({ value: k, text: t(`noise.${k}`) })),
    onChange: (value) => {
      state.kind = value;
      params.set('noise', value);
      levelSlider.root.querySelector('.control-hint').textContent = t(`noise.${value}.level`);
      showPen();
      update();
    },
  });
  const levelSlider = slider({
    label: t('denoise.level'),
    name: 'level',
    min: 0,
    max: 1,
    step: 0.01,
    value: state.level,
    format: (v) => t.number(v, 2),
    hint: t(`noise.${state.kind}.level`),
    onInput: (v) => {
      state.level = v;
      params.set('level', v);
      update();
    },
  });
  const reroll = button({
    text: t('denoise.reroll'),
    name: 'reroll',
    onClick: () => {
      state.seed = (state.seed % 1e6) + 1;
      params.set('seed', state.seed);
      update();
    },
  });
  const plainSelect = modelSelect({
    t,
    label: t('denoise.plainModel'),
    name: 'plain',
    ids: models.choices(PLAIN_IDS, (m) => !m.isConditional),
    value: state.plainId,
    onChange: async (id) => {
      state.plainId = id;
      params.set('plain', id);
      await loadPlain();
      update();
    },
  });
  const plainInfo = el('small', { className: 'figure-model' });
  const daeInfo = el('small', { className: 'figure-model' });
  figures.denoised.root.append(daeInfo);
  figures.plain.root.append(plainInfo);

  // The noise pen: strokes on the noisy image, in 28×28 coordinates.
  const penCanvas = figures.noisy.canvas;
  let penStroke = null;
  const penPoint = (event) => {
    const rect = penCanvas.getBoundingClientRect();
    return [((event.clientX - rect.left) / rect.width) * SIDE, ((event.clientY - rect.top) / rect.height) * SIDE];
  };
  penCanvas.addEventListener('pointerdown', (event) => {
    if (state.kind !== 'scribble') return;
    event.preventDefault();
    penCanvas.setPointerCapture(event.pointerId);
    penStroke = { points: [penPoint(event)], width: 1.6, pointerId: event.pointerId };
    state.penStrokes.push(penStroke);
    update();
  });
  penCanvas.addEventListener('pointermove', (event) => {
    if (!penStroke || event.pointerId !== penStroke.pointerId) return;
    penStroke.points.push(penPoint(event));
    update();
  });
  const endPen = () => (penStroke = null);
  penCanvas.addEventListener('pointerup', endPen);
  penCanvas.addEventListener('pointercancel', endPen);

  container.append(
    el('h2', { textContent: t('denoise.title') }),
    el('p', { className: 'view-intro', textContent: t('denoise.intro') }),
    el('div', { className: 'layout two' },
      panel(t('denoise.sourceTitle'), el('div', { className: 'stack' }, sourceChoice.root, sourceBody)),
      el('div', { className: 'stack' },
        panel(t('denoise.noiseTitle'),
          el('div', { className: 'stack' }, kindChoice.root, el('div', { className: 'row' }, levelSlider.root, reroll), penTools)),
        panel(t('denoise.resultsTitle'),
          el('div', { className: 'figures results' },
            figures.clean.root, el('span', { className: 'arrow', textContent: '→', attrs: { 'aria-hidden': 'true' } }), figures.noisy.root,
            el('span', { className: 'arrow', textContent: '→', attrs: { 'aria-hidden': 'true' } }), figures.denoised.root, figures.plain.root),
          el('div', { className: 'row' }, plainSelect.root),
          el('p', { className: 'panel-note', textContent: t('denoise.psnrNote') })))));
  showPen();

  async function loadPlain() {
    try {
      plain = await models.get(state.plainId);
      plainInfo.textContent = describeModel(plain, t);
    } catch (error) {
      plain = null;
      ctx.messages.error(error);
    }
  }
  try {
    dae = await models.get('dae');
    daeInfo.textContent = describeModel(dae, t);
  } catch (error) {
    ctx.messages.error(error);
  }
  await loadPlain();
  disposers.push(models.onTrainedChange(() => {
    if (state.plainId === 'trained') loadPlain().then(update);
  }));
  // A view left while it was still mounting cleans up after itself.
  if (ctx.signal.aborted) for (const dispose of disposers) dispose();
  else active = { disposers };
  update();
}

export function unmount() {
  for (const dispose of active?.disposers ?? []) dispose();
  active = null;
}
