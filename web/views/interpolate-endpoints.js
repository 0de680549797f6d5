// The Interpolate view's two endpoints, A and B: each a test digit (picker), a
// drawing (made here or in the Draw view) or a point clicked on a latent map,
// written to the URL as a digit reference (ui/digitref.js).
//
//   const ends = endpoints(ctx, { test, lab, onChange });
//   await ends.set('a', text); ends.a / ends.b -> { image, point?, ref }; ends.ui.a.root
import { el, button, panel } from '../ui/controls.js';
import { DigitPicker } from '../ui/picker.js';
import { DrawPad } from '../ui/drawpad.js';
import { digitFigure, drawDigit } from '../ui/digits.js';
import { drawnRef, parseRef, testRef } from '../ui/digitref.js';
import { defaultProjection } from '../ui/projection.js';

export function endpoints(ctx, { test, lab, onChange }) {
  const { t, models, data, params } = ctx;
  const defaults = { a: testRef(data.indicesOf(test, 1)[0]), b: testRef(data.indicesOf(test, 7)[0]) };
  const chosen = {};
  async function resolve(ref) {
    if (ref.kind === 'test') return { image: data.image(test, ref.index), ref };
    if (ref.kind === 'drawn') return { image: ref.pixels, ref };
    const model = await models.get(ref.modelId);
    const projection = defaultProjection(lab, await models.codes(model, test), model.latentSize);
    const z = projection.unproject(ref.x, ref.y);
    return { image: model.decode(z), point: { model, z }, ref };
  }
  // text: a digit reference; a malformed one is reported and replaced by the default.
  async function set(key, text, { write = true } = {}) {
    let ref = parseRef(text, test.count);
    if (ref?.kind === 'point' && !models.has(ref.modelId)) ref = null;
    if (!ref) {
      ctx.messages.notice(t('app.paramUnknown', { name: key, value: String(text).slice(0, 16), options: 't…, d…, z…' }));
      text = defaults[key];
      ref = parseRef(text, test.count);
      write = true;
    }
    chosen[key] = await resolve(ref);
    if (write) params.set(key, text);
    ui[key].show(chosen[key]);
    onChange();
  }
  const ui = { a: endpointPanel(ctx, 'a', { test, lab, set }), b: endpointPanel(ctx, 'b', { test, lab, set }) };
  return {
    get a() {
      return chosen.a;
    },
    get b() {
      return chosen.b;
    },
    ui,
    set,
    // Both endpoints from the URL (or the defaults, then written to it).
    async restore() {
      for (const key of ['a', 'b']) await set(key, params.get(key) ?? defaults[key], { write: params.get(key) === null });
    },
  };
}

// One endpoint's panel: its digit, the picker, "use my drawing" and a pad to draw it here.
function endpointPanel(ctx, key, { test, lab, set }) {
  const { t } = ctx;
  const figure = digitFigure(t(`interp.endpoint.${key}`), { className: 'digit large' });
  const picker = new DigitPicker({ t, set: test, data: ctx.data, label: t('interp.pickTest'), name: `picker-${key}`, onPick: (index) => set(key, testRef(index)) });
  const useDrawing = button({
    text: t('interp.useDrawing'),
    name: `drawing-${key}`,
    kind: 'small',
    onClick: () => {
      if (ctx.shared.drawn) set(key, drawnRef(ctx.shared.drawn));
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
      const digit = pad.digit(lab);
      ctx.shared.drawn = digit;
      set(key, drawnRef(digit));
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
    show(endpoint) {
      drawDigit(figure.canvas, endpoint.image);
      figure.metric.textContent = t(`interp.source.${endpoint.ref.kind}`);
      picker.select(endpoint.ref.kind === 'test' ? endpoint.ref.index : -1);
    },
  };
}
