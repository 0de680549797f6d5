// Latent space: two models side by side (the 2-D AE and the 2-D VAE by
// default). Each shows the codes of the digits as a scatter coloured by label
// (pan, zoom; hover or drag anywhere to decode that point live) and the
// manifold grid: decodings of a regular grid of latent points; for a VAE the
// grid is a unit grid mapped through the inverse Gaussian CDF, so it covers the
// prior N(0, I) evenly. A model with more than two latent dimensions is shown
// on a plane: its two principal components (PCA) or two chosen dimensions.
// URL: left, right = model ids; lproj, rproj = pca|dims; ldims, rdims = "i,j";
//      set=test|all (2 004 test digits, or with the 7 996 training digits); grid=<n> (3..20, 0 hides).
// Test hook: views.latent = { left: { model, points, probe: [x, y], decoded: number[784] }, right: … }.
import { el, coalesced, panel, segmented, select, slider } from '../ui/controls.js';
import { classLegend, digitFigure, drawDigit, drawDigitGrid, PIXELS } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { cardSummary, describeModel, modelSelect } from '../ui/modelinfo.js';
import { dimsProjection, inverseNormalCdf, pcaProjection } from '../ui/projection.js';

const SIDE_IDS = ['ae2', 'vae2', 'vae16'];
let active = null;

export async function mount(container, ctx) {
  const { t, models, data, params } = ctx;
  const test = await data.load('mnist-test');
  const ids = models.choices(SIDE_IDS, (m) => !m.isConditional);
  const shared = {
    set: params.choice('set', ['test', 'all'], 'test'),
    grid: params.number('grid', { min: 0, max: 20, fallback: 12, integer: true }),
  };
  if (shared.grid > 0 && shared.grid < 3) {
    shared.grid = 3; // a grid needs at least 3×3 points; 0 hides it
    params.set('grid', 3);
  }

  // The digits to scatter: the test set, or test and training sets together.
  let points = null;
  async function pointSet() {
    if (shared.set === 'test') return test;
    if (!points) {
      const train = await data.load('mnist-train');
      const images = new Float32Array((test.count + train.count) * PIXELS);
      images.set(test.images);
      images.set(train.images, test.images.length);
      const labels = new Int32Array(test.count + train.count);
      labels.set(test.labels);
      labels.set(train.labels, test.count);
      points = { name: 'mnist-all', images, labels, count: test.count + train.count };
    }
    return points;
  }

  function makeSide(key, prefix, fallbackId) {
    const state = {
      id: params.choice(key, ids, fallbackId),
      proj: params.choice(`${prefix}proj`, ['pca', 'dims'], 'pca'),
      dims: [0, 1],
      model: null,
      codes: null,
      projection: null,
      probe: null,
      decoded: null,
    };
    const dimsParam = params.get(`${prefix}dims`);
    if (dimsParam) {
      const parts = dimsParam.split(',').map(Number);
      if (parts.length === 2 && parts.every((d) => Number.isInteger(d) && d >= 0 && d < 512) && parts[0] !== parts[1]) state.dims = parts;
      else {
        ctx.messages.notice(t('app.paramUnknown', { name: `${prefix}dims`, value: dimsParam, options: 'i,j' }));
        params.set(`${prefix}dims`, null);
      }
    }
    const preview = digitFigure(t('latent.decoded'), { className: 'digit large' });
    const gridCanvas = el('canvas', { className: 'grid manifold', attrs: { role: 'img', 'aria-label': t('latent.gridLabel') } });
    const gridNote = el('small', { className: 'panel-note' });
    const info = el('small', { className: 'panel-note' });
    const probeCanvas = el('canvas', { width: 28, height: 28 });
    let overlay = {};
    const decodeAt = coalesced(() => {
      if (!state.probe || !state.model || state.model.disposed) return;
      const z = state.projection.unproject(...state.probe);
      state.decoded = state.model.decode(z);
      drawDigit(preview.canvas, state.decoded);
      drawDigit(probeCanvas, state.decoded);
      preview.metric.textContent = `(${t.number(state.probe[0], 2)}, ${t.number(state.probe[1], 2)})`;
      map.setOverlay({ ...overlay, probeImage: probeCanvas });
      exposeAll();
    });
    const map = new LatentScatter({
      t,
      label: t('latent.mapLabel'),
      onProbe: (x, y) => {
        state.probe = [x, y];
        decodeAt();
      },
      onViewChange: () => {
        if (!state.model?.isVariational) drawGrid();
      },
    });
    const chooser = modelSelect({ t, ids, value: state.id, label: t('latent.model'), name: `model-${key}`, onChange: (id) => load(id) });
    const projChoice = segmented({
      label: t('latent.projection'),
      name: `proj-${key}`,
      value: state.proj,
      options: [
        { value: 'pca', text: t('latent.pca'), title: t('latent.pcaTitle') },
        { value: 'dims', text: t('latent.dims'), title: t('latent.dimsTitle') },
      ],
      onChange: (v) => {
        state.proj = v;
        params.set(`${prefix}proj`, v);
        showDimSelects();
        reproject();
      },
    });
    const dimSelects = [0, 1].map((axis) => select({
      label: axis === 0 ? t('latent.axisX') : t('latent.axisY'),
      name: `dim-${key}-${axis}`,
      value: String(state.dims[axis]),
      options: [],
      onChange: (v) => {
        state.dims[axis] = Number(v);
        if (state.dims[0] === state.dims[1]) state.dims[1 - axis] = (state.dims[axis] + 1) % state.model.latentSize;
        dimSelects[1 - axis].set(String(state.dims[1 - axis]));
        params.set(`${prefix}dims`, state.dims.join(','));
        reproject();
      },
    }));
    const projControls = el('div', { className: 'row' }, projChoice.root, dimSelects[0].root, dimSelects[1].root);
    const showDimSelects = () => dimSelects.forEach((s) => (s.root.hidden = state.proj !== 'dims'));
    const root = panel(null,
      el('div', { className: 'row' }, chooser.root, projControls),
      info,
      map.root,
      el('div', { className: 'morph-row' }, preview.root,
        el('p', { className: 'panel-note', attrs: { style: 'flex:1;min-width:180px' }, textContent: t('latent.howTo') })),
      el('h3', { className: 'subhead', textContent: t('latent.gridTitle') }),
      gridCanvas,
      gridNote);

    async function load(id) {
      try {
        const model = await models.get(id);
        const set = await pointSet();
        state.codes = await models.codes(model, set);
        state.model = model;
        state.id = id;
        params.set(key, id);
        info.textContent = describeModel(model, t);
        cardSummary(models, id, t).then((line) => line && state.id === id && (info.textContent = `${describeModel(model, t)} · ${line}`));
        const Z = model.latentSize;
        projControls.hidden = Z <= 2;
        showDimSelects();
        for (const s of dimSelects) {
          s.input.replaceChildren(...Array.from({ length: Z }, (_, d) => el('option', { value: String(d), textContent: `z${d + 1}` })));
        }
        state.dims = state.dims.map((d) => Math.min(d, Z - 1));
        if (state.dims[0] === state.dims[1]) state.dims = [0, 1];
        dimSelects.forEach((s, axis) => s.set(String(state.dims[axis])));
        reproject();
      } catch (error) {
        ctx.messages.error(error);
      }
    }

    async function reloadPoints() {
      if (!state.model) return;
      state.codes = await models.codes(state.model, await pointSet());
      reproject({ keepView: true });
    }

    function reproject({ keepView = false } = {}) {
      const { model, codes } = state;
      const Z = model.latentSize;
      state.projection = Z === 2 || state.proj === 'dims' ? dimsProjection(codes, Z, ...(Z === 2 ? [0, 1] : state.dims)) : pcaProjection(codes, Z);
      const set = shared.set === 'test' ? test : points;
      map.setPoints(state.projection.project(codes), set.labels, { fit: !keepView });
      drawGrid();
      if (!keepView) {
        // Start with the point at the centre of the map decoded, so the preview is never empty.
        const { x0, x1, y0, y1 } = map.bounds;
        state.probe = [(x0 + x1) / 2, (y0 + y1) / 2];
        map.setProbe(state.probe);
        decodeAt();
      }
      exposeAll();
    }

    // The manifold: decodings of an n×n grid of plane points, rows from top (high y) to bottom.
    function drawGrid() {
      const n = shared.grid;
      gridCanvas.hidden = gridNote.hidden = n === 0;
      if (!state.model || state.model.disposed || n === 0) {
        overlay = {};
        map.setOverlay(overlay);
        return;
      }
      const { model, projection } = state;
      const Z = model.latentSize;
      const plane = new Float32Array(n * n * 2);
      let xs, ys;
      if (model.isVariational) {
        // A unit grid through the inverse Gaussian CDF: equal prior mass per cell.
        // On a PCA plane each axis is scaled by the spread of the codes along it.
        const q = Array.from({ length: n }, (_, k) => inverseNormalCdf((k + 0.5) / n));
        const [sx, sy] = projection.kind === 'pca' ? projection.variances.map(Math.sqrt) : [1, 1];
        xs = q.map((v) => v * sx);
        ys = q.map((v) => v * sy).reverse();
        gridNote.textContent = t('latent.gridVae', { n });
      } else {
        const { x0, x1, y0, y1 } = map.visible;
        xs = Array.from({ length: n }, (_, k) => x0 + ((k + 0.5) / n) * (x1 - x0));
        ys = Array.from({ length: n }, (_, k) => y1 - ((k + 0.5) / n) * (y1 - y0));
        gridNote.textContent = t('latent.gridAe', { n });
      }
      const codes = new Float32Array(n * n * Z);
      for (let r = 0; r < n; ++r) {
        for (let c = 0; c < n; ++c) {
          const k = r * n + c;
          plane[2 * k] = xs[c];
          plane[2 * k + 1] = ys[r];
          codes.set(projection.unproject(xs[c], ys[r]), k * Z);
        }
      }
      drawDigitGrid(gridCanvas, model.decode(codes), { columns: n, gap: 0 });
      overlay = { dots: plane };
      map.setOverlay(overlay);
    }

    return {
      key,
      state,
      root,
      map,
      load,
      reloadPoints,
      drawGrid,
      dispose: () => map.dispose(),
    };
  }

  function exposeAll() {
    const out = {};
    for (const side of sides) {
      const s = side.state;
      out[side.key] = { model: s.id, points: s.codes ? s.codes.length / (s.model?.latentSize ?? 1) : 0, probe: s.probe, decoded: s.decoded ? Array.from(s.decoded) : null };
    }
    ctx.expose(out);
  }

  const sides = [makeSide('left', 'l', 'ae2'), makeSide('right', 'r', 'vae2')];
  const setChoice = segmented({
    label: t('latent.points'),
    name: 'set',
    value: shared.set,
    options: [
      { value: 'test', text: t('latent.setTest', { n: test.count }) },
      { value: 'all', text: t('latent.setAll', { n: 10000 }) },
    ],
    onChange: async (v) => {
      shared.set = v;
      params.set('set', v);
      await Promise.all(sides.map((s) => s.reloadPoints()));
    },
  });
  const gridSize = slider({
    label: t('latent.gridSize'),
    name: 'grid',
    min: 0,
    max: 20,
    value: shared.grid,
    format: (v) => (v === 0 ? t('latent.gridOff') : `${v}×${v}`),
    onInput: (v) => {
      shared.grid = v === 0 ? 0 : Math.max(3, v);
      params.set('grid', shared.grid);
      for (const side of sides) side.drawGrid();
    },
  });

  container.append(
    el('h2', { textContent: t('latent.title') }),
    el('p', { className: 'view-intro', textContent: t('latent.intro') }),
    panel(null, el('div', { className: 'row' }, setChoice.root, gridSize.root, classLegend(t))),
    el('div', { className: 'layout halves' }, sides[0].root, sides[1].root));

  await Promise.all(sides.map((side) => side.load(side.state.id)));
  const off = models.onTrainedChange(() => {
    for (const side of sides) if (side.state.id === 'trained') side.load('trained');
  });
  const dispose = () => {
    off();
    for (const side of sides) side.dispose();
  };
  // A view left while it was still mounting cleans up after itself.
  if (ctx.signal.aborted) dispose();
  else active = { dispose };
}

export function unmount() {
  active?.dispose();
  active = null;
}
