// Interpolate: morph one digit into another by walking a straight (or
// spherical) path between their latent codes, for two models side by side
// (the 2-D AE and the 2-D VAE by default) so the AE's holes show: where its
// path crosses empty latent space the decodings stop looking like digits.
// Endpoints: test digits, a drawing (made here or in the draw view), or points
// clicked on either latent map.
// URL: a, b = t<i> | d<…> | z<model>:<x>,<y>; path=linear|spherical; speed=0.1..4;
//      loop=0|1; t=0..1 (scrub position); left, right = model ids.
// Test hook: views.interpolate = { t, playing, renders, frames: { left, right } } where each side is
//   { current: number[784], first: number[784], last: number[784] } (first/last: the strip's ends).
import { el, button, checkbox, coalesced, panel, segmented, slider } from '../ui/controls.js';
import { DigitPicker } from '../ui/picker.js';
import { DrawPad } from '../ui/drawpad.js';
import { digitFigure, drawDigit, drawDigitGrid, PIXELS, classLegend } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { describeModel, modelName, modelSelect } from '../ui/modelinfo.js';
import { drawnRef, parseRef, pointRef, testRef } from '../ui/digitref.js';
import { defaultProjection } from '../ui/projection.js';

const SIDE_IDS = ['ae2', 'vae2', 'vae16'];
const STRIP = 10; // frames in the strip
const PATH = 201; // codes along the path for the animation and the drawn line
const SECONDS = 2.5; // one pass at speed 1
let active = null;

export async function mount(container, ctx) {
  const { t, models, data, params } = ctx;
  const [lab, test] = await Promise.all([ctx.lab(), data.load('mnist-test')]);
  const ids = models.choices(SIDE_IDS, (m) => !m.isConditional);
  const state = {
    spherical: params.choice('path', ['linear', 'spherical'], 'linear') === 'spherical',
    speed: params.number('speed', { min: 0.1, max: 4, fallback: 1 }),
    loop: params.choice('loop', ['0', '1'], '0') === '1',
    t: params.number('t', { min: 0, max: 1, fallback: 0 }),
    playing: false,
    target: 'b', // which endpoint a click on a map sets
  };
  let renders = 0;
  let frameId = 0;
  let lastTime = 0;

  // ---- endpoints -----------------------------------------------------------
  const defaults = { a: testRef(data.indicesOf(test, 1)[0]), b: testRef(data.indicesOf(test, 7)[0]) };
  const endpoints = {};
  async function resolve(ref) {
    if (ref.kind === 'test') return { image: data.image(test, ref.index), ref };
    if (ref.kind === 'drawn') return { image: ref.pixels, ref };
    const model = await models.get(ref.modelId);
    const projection = defaultProjection(await models.codes(model, test), model.latentSize);
    const z = projection.unproject(ref.x, ref.y);
    return { image: model.decode(z), point: { model, z }, ref };
  }
  async function setEndpoint(key, text, { write = true } = {}) {
    let ref = parseRef(text, test.count);
    if (ref?.kind === 'point' && !models.has(ref.modelId)) ref = null;
    if (!ref) {
      ctx.messages.notice(t('app.paramUnknown', { name: key, value: String(text).slice(0, 16), options: 't…, d…, z…' }));
      text = defaults[key];
      ref = parseRef(text, test.count);
      write = true;
    }
    endpoints[key] = await resolve(ref);
    if (write) params.set(key, text);
    endpointUis[key].show();
    for (const side of sides) side.recompute();
    render();
  }

  function endpointUi(key) {
    const figure = digitFigure(t(`interp.endpoint.${key}`), { className: 'digit large' });
    const picker = new DigitPicker({
      t,
      set: test,
      data,
      label: t('interp.pickTest'),
      name: `picker-${key}`,
      onPick: (index) => setEndpoint(key, testRef(index)),
    });
    const useDrawing = button({
      text: t('interp.useDrawing'),
      name: `drawing-${key}`,
      kind: 'small',
      onClick: () => {
        if (ctx.shared.drawn) setEndpoint(key, drawnRef(ctx.shared.drawn));
        else ctx.messages.notice(t('interp.noDrawing'));
      },
    });
    const choose = el('details', { className: 'picker-details', open: window.matchMedia('(min-width: 760px)').matches },
      el('summary', { textContent: t('interp.pickTest') }), picker.root);
    // Drawing an endpoint right here: each finished stroke updates it.
    const pad = new DrawPad({
      t,
      compact: true,
      onChange: (final) => {
        if (!final || pad.isEmpty) return;
        const digit = pad.onlyImage ?? lab.mnistify(pad.ink(), pad.size, pad.size);
        ctx.shared.drawn = digit;
        setEndpoint(key, drawnRef(digit));
      },
    });
    const drawHere = el('details', { className: 'picker-details' }, el('summary', { textContent: t('interp.drawHere') }), pad.root);
    const root = panel(t(`interp.endpoint.${key}`),
      el('div', { className: 'endpoint' },
        el('div', { className: 'endpoint-head' }, figure.root, el('div', { className: 'stack' }, useDrawing,
          el('small', { className: 'panel-note', textContent: t('interp.mapHint') }))),
        choose,
        drawHere));
    return {
      root,
      show() {
        const e = endpoints[key];
        drawDigit(figure.canvas, e.image);
        figure.metric.textContent = t(`interp.source.${e.ref.kind}`);
        picker.select(e.ref.kind === 'test' ? e.ref.index : -1);
      },
    };
  }
  const endpointUis = { a: endpointUi('a'), b: endpointUi('b') };

  // ---- one side: a model, its map, the current frame and the strip ------------
  function makeSide(key, initialId) {
    const current = digitFigure(t('interp.current'), { className: 'digit large' });
    current.root.dataset.side = key;
    const strip = el('canvas', { className: 'grid', attrs: { role: 'img', 'aria-label': t('interp.strip') } });
    const info = el('small', { className: 'panel-note' });
    const map = new LatentScatter({
      t,
      label: t('interp.mapLabel'),
      onPick: (x, y) => setEndpoint(state.target, pointRef(side.id, x, y)),
    });
    const chooser = modelSelect({
      t,
      ids,
      value: initialId,
      label: t('interp.model'),
      name: `model-${key}`,
      onChange: (id) => side.load(id),
    });
    const root = panel(null,
      el('div', { className: 'row' }, chooser.root),
      info,
      map.root,
      el('h3', { className: 'subhead', textContent: t('interp.strip') }),
      el('div', { className: 'strip' }, strip));
    const side = {
      key,
      current,
      id: initialId,
      model: null,
      root,
      map,
      path: null,
      projection: null,
      frames: null,
      currentImage: null,
      async load(id) {
        try {
          const model = await models.get(id);
          const codes = await models.codes(model, test);
          side.id = id;
          side.model = model;
          side.projection = defaultProjection(codes, model.latentSize);
          info.textContent = describeModel(model, t) + (model.latentSize > 2 ? ` · ${t('interp.pcaNote')}` : '');
          current.caption.textContent = modelName(id, t);
          map.setPoints(side.projection.project(codes), test.labels);
          params.set(key, id);
          side.recompute();
          render();
        } catch (error) {
          ctx.messages.error(error);
        }
      },
      codeOf(endpoint) {
        if (endpoint.point && endpoint.point.model === side.model) return endpoint.point.z;
        return side.model.encode(endpoint.image);
      },
      recompute() {
        if (!side.model || side.model.disposed || !endpoints.a || !endpoints.b) return;
        const za = side.codeOf(endpoints.a), zb = side.codeOf(endpoints.b);
        side.path = lab.interpolate(za, zb, PATH, { spherical: state.spherical });
        side.frames = side.model.interpolate(za, zb, STRIP, { spherical: state.spherical }).images;
        drawDigitGrid(strip, side.frames, { columns: STRIP });
        side.projectedPath = side.projection.project(side.path);
      },
      render(tt) {
        if (!side.path || side.model.disposed) return;
        const Z = side.model.latentSize;
        const position = tt * (PATH - 1);
        const i = Math.min(PATH - 2, Math.floor(position));
        const f = position - i;
        const z = new Float32Array(Z);
        for (let d = 0; d < Z; ++d) z[d] = (1 - f) * side.path[i * Z + d] + f * side.path[(i + 1) * Z + d];
        side.currentImage = side.model.decode(z);
        drawDigit(current.canvas, side.currentImage);
        current.metric.textContent = `t = ${t.number(tt, 2)}`;
        const pp = side.projectedPath;
        const path = Array.from({ length: PATH }, (_, k) => [pp[2 * k], pp[2 * k + 1]]);
        const [cx, cy] = side.projection.project(z);
        map.setOverlay({
          path,
          marks: [
            { x: cx, y: cy, radius: 11, color: '#111' },
            { ...xy(path[0]), text: 'A', color: '#2f6fdf' },
            { ...xy(path[PATH - 1]), text: 'B', color: '#c43d3d' },
          ],
        });
      },
    };
    return side;
  }
  const xy = ([x, y]) => ({ x, y });
  const sides = [
    makeSide('left', params.choice('left', ids, 'ae2')),
    makeSide('right', params.choice('right', ids, 'vae2')),
  ];

  // ---- transport ---------------------------------------------------------------
  const scrub = slider({
    label: t('interp.position'),
    name: 'scrub',
    min: 0,
    max: 1,
    step: 0.001,
    value: state.t,
    format: (v) => t.number(v, 2),
    onInput: (v) => {
      pause();
      state.t = v;
      render();
    },
  });
  const playButton = button({ text: t('interp.play'), kind: 'primary', name: 'play', onClick: () => (state.playing ? pause() : play()) });
  const speed = slider({
    label: t('interp.speed'),
    name: 'speed',
    min: 0.1,
    max: 4,
    step: 0.1,
    value: state.speed,
    format: (v) => `${t.number(v, 1)}×`,
    onInput: (v) => {
      state.speed = v;
      params.set('speed', v);
    },
  });
  const loop = checkbox({
    label: t('interp.loop'),
    name: 'loop',
    checked: state.loop,
    onChange: (v) => {
      state.loop = v;
      params.set('loop', v ? 1 : 0);
    },
  });
  const pathKind = segmented({
    label: t('interp.path'),
    name: 'path',
    value: state.spherical ? 'spherical' : 'linear',
    options: [
      { value: 'linear', text: t('interp.linear'), title: t('interp.linearTitle') },
      { value: 'spherical', text: t('interp.spherical'), title: t('interp.sphericalTitle') },
    ],
    onChange: (v) => {
      state.spherical = v === 'spherical';
      params.set('path', v);
      for (const side of sides) side.recompute();
      render();
    },
  });
  const target = segmented({
    label: t('interp.clickSets'),
    name: 'target',
    value: state.target,
    options: [
      { value: 'a', text: t('interp.endpoint.a') },
      { value: 'b', text: t('interp.endpoint.b') },
    ],
    onChange: (v) => (state.target = v),
  });
  let direction = 1;
  let direction0 = 1;

  function play() {
    if (state.t >= 1 && !state.loop) state.t = 0;
    state.playing = true;
    direction = direction0;
    playButton.textContent = t('interp.pause');
    lastTime = performance.now();
    frameId = requestAnimationFrame(tick);
    expose();
  }
  function pause() {
    state.playing = false;
    direction0 = direction;
    cancelAnimationFrame(frameId);
    playButton.textContent = t('interp.play');
    params.set('t', Number(state.t.toFixed(3)));
    expose();
  }
  function tick(now) {
    // A frame's timestamp can precede the click that started playing: never step backwards.
    const dt = Math.min(0.1, Math.max(0, (now - lastTime) / 1000));
    lastTime = Math.max(lastTime, now);
    state.t += (direction * dt * state.speed) / SECONDS;
    if ((direction > 0 && state.t >= 1) || (direction < 0 && state.t <= 0)) {
      state.t = Math.min(1, Math.max(0, state.t));
      if (state.loop) direction = -direction;
      else {
        direction = 1;
        renderNow();
        pause();
        return;
      }
    }
    renderNow();
    frameId = requestAnimationFrame(tick);
  }
  function renderNow() {
    scrub.set(state.t);
    for (const side of sides) side.render(state.t);
    renders += 1;
    expose();
  }
  const render = coalesced(renderNow);
  function expose() {
    const frames = {};
    for (const side of sides) {
      if (!side.frames || !side.currentImage) continue;
      frames[side.key] = {
        current: Array.from(side.currentImage),
        first: Array.from(side.frames.subarray(0, PIXELS)),
        last: Array.from(side.frames.subarray((STRIP - 1) * PIXELS)),
      };
    }
    ctx.expose({ t: state.t, playing: state.playing, renders, frames });
  }

  container.append(
    el('h2', { textContent: t('interp.title') }),
    el('p', { className: 'view-intro', textContent: t('interp.intro') }),
    el('div', { className: 'layout halves' }, endpointUis.a.root, endpointUis.b.root),
    panel(t('interp.transport'),
      el('div', { className: 'morph-row' }, sides[0].current.root, sides[1].current.root,
        el('div', { className: 'transport' }, playButton, scrub.root, speed.root, loop.root, pathKind.root, target.root))),
    el('div', { className: 'layout halves' }, sides[0].root, sides[1].root),
    classLegend(t),
    el('p', { className: 'panel-note', textContent: t('interp.holesNote') }));

  await Promise.all(sides.map((side) => side.load(side.id)));
  await setEndpoint('a', params.get('a') ?? defaults.a, { write: params.get('a') === null });
  await setEndpoint('b', params.get('b') ?? defaults.b, { write: params.get('b') === null });
  const off = models.onTrainedChange(() => {
    for (const side of sides) if (side.id === 'trained') side.load('trained');
  });
  const dispose = () => {
    cancelAnimationFrame(frameId);
    off();
    for (const side of sides) side.map.dispose();
  };
  // A view left while it was still mounting cleans up after itself.
  if (ctx.signal.aborted) dispose();
  else active = { dispose };
  renderNow();
}

export function unmount() {
  active?.dispose();
  active = null;
}
