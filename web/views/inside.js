// Inside the networks (lecture: "convolutional autoencoder architecture" and
// "semi-/self-supervised training"). For the chosen model (shipped, trained or
// loaded): its architecture drawn from the model itself (model.architecture());
// the outputs of every layer for the digit being drawn (model.activations()),
// with a conv map's 3×3 filters on click (model.filters()); dense vs conv on
// the same digit and the same noise; and a short training run of its own whose
// batches show what self-supervised means (input, target, output).
// URL: model=<id>, digit=t<i>|d<…>, map=<layer>:<channel>, noise=<kind>, level=0..1, demo=plain|denoise.
// Test hook: views.inside = { model, layers, updates, maps: { <block>: sum }, compare, filters, demo: { batches, last } }.
import { button, el, coalesced, panel } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { describeModel, modelSelect } from '../ui/modelinfo.js';
import { drawnRef, parseRef, testRef } from '../ui/digitref.js';
import { ensureStyle, INSIDE_CSS } from '../ui/inside/style.js';
import { architectureDiagram, blockTitle } from '../ui/inside/diagram.js';
import { FeatureMaps, filterView } from '../ui/inside/featuremaps.js';
import { Comparison, NOISE_KINDS } from '../ui/inside/compare.js';
import { TrainingDemo } from '../ui/inside/demo.js';

const MODEL_IDS = ['ae_conv', 'dae', 'ae2', 'vae2', 'vae16'];
// Dense AEs with a code near ae_conv's 32 numbers, best first; ae2 only when none is shipped.
const DENSE_TWINS = ['ae32', 'ae16'];
const FIRST_DIGIT = 3; // a test digit to start from, so every panel shows something at once

export async function mount(root, ctx) {
  const { t, models, data, params, life } = ctx;
  ensureStyle('inside-css', INSIDE_CSS);
  const [lab, test] = await Promise.all([ctx.lab(), data.load('mnist-test')]);
  const usable = (model) => !model.isConditional;
  const ids = models.choices(MODEL_IDS, usable);
  const state = { modelId: params.choice('model', ids, 'ae_conv'), model: null, maps: null, updates: 0 };

  const pad = new DrawPad({ t, compact: true, onChange: (final) => {
    update();
    if (final) params.set('digit', pad.isEmpty ? null : drawnRef(padDigit()));
  } });
  const padDigit = () => pad.digit(lab);
  const example = button({ text: t('draw.example'), name: 'example',
    onClick: () => pad.setImage(data.image(test, Math.floor(Math.random() * test.count))) });

  const diagramSlot = el('div', { className: 'inside-diagram-slot' });
  const describeLine = el('p', { className: 'panel-note' });
  const mapsSlot = el('div');
  const filtersSlot = el('div', { className: 'inside-filter-box', attrs: { 'aria-live': 'polite' } });
  const select = modelSelect({ t, ids, value: state.modelId, label: t('inside.model'), onChange: (id) => showModel(id, null) });

  const comparison = await buildComparison(ctx, lab, () => update());
  let batches = 0;
  const demo = new TrainingDemo({ t, life, data, mode: params.choice('demo', ['plain', 'denoise'], 'plain'),
    onMode: (mode) => params.set('demo', mode === 'plain' ? null : mode),
    onMessage: (message) => message.type === 'batch' && ctx.expose({ demo: { batches: ++batches, last: {
      step: message.step, count: message.count, input: Array.from(message.input), target: Array.from(message.target) } } }) });

  root.append(
    el('h2', { textContent: t('inside.title') }),
    el('p', { className: 'view-intro', textContent: t('inside.intro') }),
    el('div', { className: 'layout two' },
      panel(t('inside.padTitle'), pad.root, el('div', { className: 'btn-row' }, example),
        el('p', { className: 'panel-note', textContent: t('inside.padNote') })),
      panel(t('inside.architectureTitle'), select.root, describeLine, diagramSlot,
        el('p', { className: 'panel-note', textContent: t('inside.architectureNote') }))),
    panel(t('inside.mapsTitle'), el('p', { className: 'panel-note', textContent: t('inside.mapsNote') }), filtersSlot, mapsSlot),
    panel(t('inside.compareTitle'), comparison.intro, comparison.view.root),
    panel(t('inside.selfTitle'), demo.root));

  function showModel(id, pick) {
    return models.get(id).then((model) => {
      if (life.left) return;
      state.modelId = id;
      state.model = model;
      params.set('model', id);
      const layers = model.architecture();
      const diagram = architectureDiagram(layers, t);
      diagramSlot.replaceChildren(diagram.root);
      describeLine.textContent = describeModel(model, t);
      state.maps = new FeatureMaps({ t, blocks: diagram.blocks, layers, onPick: (block, channel) => showFilters(block.name, channel) });
      const dense = model.config.arch === 'dense';
      mapsSlot.replaceChildren(dense ? el('p', { className: 'panel-note inside-warning', textContent: t('inside.denseNote') }) : '',
        state.maps.root);
      ctx.expose({ model: id, layers, blocks: diagram.blocks.map((b) => ({ name: b.name, kind: b.kind, shape: b.shape })) });
      filtersSlot.replaceChildren();
      if (pick) showFilters(pick.layer, pick.channel);
      else params.set('map', null);
      update();
    }, (error) => ctx.messages.error(error));
  }

  function showFilters(layer, channel) {
    let filters;
    try {
      filters = state.model.filters(layer, channel);
    } catch (error) {
      // A map= from an old link that this model does not have.
      ctx.messages.notice(t('app.paramUnknown', { name: 'map', value: `${layer}:${channel}`, options: t('inside.mapOptions') }));
      params.set('map', null);
      return;
    }
    const block = state.model.architecture().find((l) => l.name === layer);
    filtersSlot.replaceChildren(el('h4', { textContent: t('inside.filtersTitle', { channel: channel + 1, layer: `${blockTitle(block, t)} · ${layer}` }) }),
      filterView(filters, t));
    state.maps.setPicked(layer, channel);
    params.set('map', `${layer}:${channel}`);
    ctx.expose({ filters: { layer, channel, shape: filters.shape, weights: Array.from(filters.weights) } });
  }

  const update = coalesced(() => {
    if (!state.model || state.model.disposed || pad.isEmpty) return;
    const input = padDigit();
    ctx.shared.drawn = input;
    const maps = state.maps.update(state.model.activations(input));
    const compare = comparison.view.update(input);
    state.updates += 1;
    ctx.expose({ updates: state.updates, maps, compare, input: Array.from(input) });
  });

  startDigit(ctx, pad, test);
  await showModel(state.modelId, parsePick(params.get('map')));
  // A newly trained (or loaded) model joins the choices; if it is the one shown, it is shown anew.
  const off = models.onTrainedChange(({ model }) => {
    if (!usable(model)) return;
    if (![...select.input.options].some((o) => o.value === 'trained')) {
      select.input.append(el('option', { value: 'trained', textContent: t('model.trained') }));
    }
    if (state.modelId === 'trained') showModel('trained', null);
  });
  life.onLeave(off);
}

// The comparison's models: the shipped conv AE and the dense AE with the nearest code size.
async function buildComparison(ctx, lab, onNoise) {
  const { t, models, params } = ctx;
  const denseId = DENSE_TWINS.find((id) => models.has(id)) ?? 'ae2';
  const [conv, dense] = await Promise.all([models.get('ae_conv'), models.get(denseId)]);
  const noise = { kind: params.choice('noise', NOISE_KINDS, 'gaussian'), level: params.number('level', { min: 0, max: 1, fallback: 0.4 }) };
  const view = new Comparison({ t, lab, entries: [{ id: 'ae_conv', model: conv }, { id: denseId, model: dense }], noise,
    onNoise: (n) => {
      params.setMany({ noise: n.kind === 'gaussian' ? null : n.kind, level: n.level === 0.4 ? null : n.level });
      onNoise();
    } });
  const intro = el('div', {},
    el('p', { className: 'panel-note', textContent: t('inside.compareNote') }),
    denseId === 'ae2' ? el('p', { className: 'panel-note inside-warning', textContent: t('inside.noDenseTwin', { z: dense.latentSize }) }) : null);
  ctx.expose({ denseTwin: denseId });
  return { view, intro };
}

function startDigit(ctx, pad, test) {
  const linked = ctx.params.get('digit');
  const ref = linked ? parseRef(linked, test.count) : null;
  if (ref?.kind === 'drawn') pad.setImage(ref.pixels);
  else if (ref?.kind === 'test') pad.setImage(ctx.data.image(test, ref.index));
  else {
    if (linked) ctx.messages.notice(ctx.t('app.paramUnknown', { name: 'digit', value: linked.slice(0, 16), options: 'd…, t…' }));
    pad.setImage(ctx.data.image(test, FIRST_DIGIT));
    ctx.params.set('digit', testRef(FIRST_DIGIT));
  }
}

function parsePick(text) {
  const match = /^([a-z_]+\.\d+):(\d+)$/.exec(text ?? '');
  return match ? { layer: match[1], channel: Number(match[2]) } : null;
}
