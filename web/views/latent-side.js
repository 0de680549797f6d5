// One side of the Latent view: a model, its codes on a map (PCA or two chosen
// dimensions for Z > 2), the point under the mouse decoded live, and the
// manifold grid (latent-grid.js).
//
//   const side = latentSide(ctx, { key: 'left', prefix: 'l', fallbackId, ids, view });
//   side.load(id); side.reloadPoints(); side.drawGrid(); side.snapshot()
// view: { lab, test, grid: () => n, points: () => Promise<data set>, train: () => Promise<data set>, changed: () => … } from latent.js.
// A 2-D model's map also shows its measured holes and the prior's circles (latent-holes.js).
import { el, coalesced, panel, segmented, select } from '../ui/controls.js';
import { digitFigure, drawDigit } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { cardSummary, describeModel, modelSelect } from '../ui/modelinfo.js';
import { dimsProjection, pcaProjection } from '../ui/projection.js';
import { drawManifold } from './latent-grid.js';
import { latentHoles } from './latent-holes.js';

export function latentSide(ctx, { key, prefix, fallbackId, ids, view }) {
  const { t, models, params } = ctx;
  const state = readSideState(ctx, key, prefix, ids, fallbackId);
  const preview = digitFigure(t('latent.decoded'), { className: 'digit large' });
  const gridCanvas = el('canvas', { className: 'grid manifold', attrs: { role: 'img', 'aria-label': t('latent.gridLabel') } });
  const gridNote = el('small', { className: 'panel-note' });
  const info = el('small', { className: 'panel-note' });
  const probeCanvas = el('canvas', { width: 28, height: 28 });
  let overlay = {};
  const decodeAt = coalesced(() => {
    if (!state.probe || !state.model || state.model.disposed) return;
    state.decoded = state.model.decode(state.projection.unproject(...state.probe));
    drawDigit(preview.canvas, state.decoded);
    drawDigit(probeCanvas, state.decoded);
    preview.metric.textContent = `(${t.number(state.probe[0], 2)}, ${t.number(state.probe[1], 2)})`;
    map.setOverlay({ ...overlay, probeImage: probeCanvas });
    view.changed();
  }, ctx.signal);
  const map = new LatentScatter({
    t,
    life: ctx.life,
    label: t('latent.mapLabel'),
    onProbe: (x, y) => {
      state.probe = [x, y];
      decodeAt();
    },
    onViewChange: () => {
      holes.redraw();
      if (!state.model?.isVariational) drawGrid();
    },
  });
  const holesLegend = el('small', { className: 'panel-note', textContent: t('coverage.holesLegend'), attrs: { hidden: '' } });
  const holes = latentHoles(ctx, { lab: view.lab, map, legend: holesLegend });
  const chooser = modelSelect({ t, ids, value: state.id, label: t('latent.model'), name: `model-${key}`, onChange: (id) => load(id) });
  const projection = projectionControls(ctx, state, key, prefix, () => reproject());
  const root = panel(null,
    el('div', { className: 'row' }, chooser.root, projection.root),
    info,
    map.root,
    holesLegend,
    el('div', { className: 'morph-row' }, preview.root,
      el('p', { className: 'panel-note', attrs: { style: 'flex:1;min-width:180px' }, textContent: t('latent.howTo') })),
    el('h3', { className: 'subhead', textContent: t('latent.gridTitle') }),
    gridCanvas,
    gridNote);

  async function load(id) {
    try {
      const model = await models.get(id);
      const set = await view.points();
      Object.assign(state, { model, id, codes: await models.codes(model, set), labels: set.labels });
      params.set(key, id);
      info.textContent = describeModel(model, t);
      cardSummary(models, id, t).then((line) => line && state.id === id && (info.textContent = `${describeModel(model, t)} · ${line}`));
      projection.setLatentSize(model.latentSize);
      reproject();
      // After the map is on screen: the training set may still be downloading.
      measureHoles(model).catch((error) => ctx.life.left || ctx.messages.error(error));
    } catch (error) {
      ctx.messages.error(error);
    }
  }

  function reproject({ keepView = false } = {}) {
    const { model, codes } = state;
    const Z = model.latentSize;
    state.projection = Z === 2 || state.proj === 'dims' ? dimsProjection(codes, Z, ...(Z === 2 ? [0, 1] : state.dims)) : pcaProjection(view.lab, codes, Z);
    map.setPoints(state.projection.project(codes), state.labels, { fit: !keepView });
    drawGrid();
    if (!keepView) {
      // Start with the point at the centre of the map decoded, so the preview is never empty.
      const { x0, x1, y0, y1 } = map.bounds;
      state.probe = [(x0 + x1) / 2, (y0 + y1) / 2];
      map.setProbe(state.probe);
      decodeAt();
    }
    view.changed();
  }

  // Against the training codes, over the map as fitted to the shown points.
  async function measureHoles(model) {
    const trainingCodes = model.latentSize === 2 ? await models.codes(model, await view.train()) : null;
    if (ctx.life.left || state.model !== model) return;
    state.holes = holes.show(trainingCodes);
    view.changed();
  }

  function drawGrid() {
    const n = view.grid();
    gridCanvas.hidden = gridNote.hidden = n === 0;
    overlay = {};
    if (state.model && !state.model.disposed && n > 0) {
      overlay = { dots: drawManifold(gridCanvas, state.model, state.projection, n, map.visible) };
      gridNote.textContent = t(state.model.isVariational ? 'latent.gridVae' : 'latent.gridAe', { n });
    }
    map.setOverlay(overlay);
  }

  return {
    key,
    state,
    root,
    load,
    drawGrid,
    async reloadPoints() {
      if (!state.model) return;
      const set = await view.points();
      Object.assign(state, { codes: await models.codes(state.model, set), labels: set.labels });
      reproject({ keepView: true });
    },
    snapshot: () => ({ model: state.id, holes: state.holes, points: state.codes ? state.codes.length / (state.model?.latentSize ?? 1) : 0, probe: state.probe, decoded: state.decoded ? Array.from(state.decoded) : null }),
  };
}

// This side's URL state: model, projection and the two dimensions shown.
function readSideState({ t, params, messages }, key, prefix, ids, fallbackId) {
  const state = {
    id: params.choice(key, ids, fallbackId),
    proj: params.choice(`${prefix}proj`, ['pca', 'dims'], 'pca'),
    dims: [0, 1],
    model: null,
    codes: null,
    labels: null,
    projection: null,
    probe: null,
    decoded: null,
    holes: null,
  };
  const dimsParam = params.get(`${prefix}dims`);
  if (!dimsParam) return state;
  const parts = dimsParam.split(',').map(Number);
  if (parts.length === 2 && parts.every((d) => Number.isInteger(d) && d >= 0 && d < 512) && parts[0] !== parts[1]) state.dims = parts;
  else {
    messages.notice(t('app.paramUnknown', { name: `${prefix}dims`, value: dimsParam, options: 'i,j' }));
    params.set(`${prefix}dims`, null);
  }
  return state;
}

// PCA or two chosen dimensions (only offered when Z > 2).
function projectionControls({ t, params }, state, key, prefix, onChange) {
  const choice = segmented({
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
      showDims();
      onChange();
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
      onChange();
    },
  }));
  const root = el('div', { className: 'row' }, choice.root, dimSelects[0].root, dimSelects[1].root);
  const showDims = () => dimSelects.forEach((s) => (s.root.hidden = state.proj !== 'dims'));
  return {
    root,
    setLatentSize(Z) {
      root.hidden = Z <= 2;
      showDims();
      for (const s of dimSelects) s.input.replaceChildren(...Array.from({ length: Z }, (_, d) => el('option', { value: String(d), textContent: `z${d + 1}` })));
      state.dims = state.dims.map((d) => Math.min(d, Z - 1));
      if (state.dims[0] === state.dims[1]) state.dims = [0, 1];
      dimSelects.forEach((s, axis) => s.set(String(state.dims[axis])));
    },
  };
}
