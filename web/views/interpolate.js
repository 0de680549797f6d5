// Interpolate: morph one digit into another by walking a straight (or
// spherical) path between their latent codes, for two models side by side
// (the 2-D AE and the 2-D VAE by default) so the AE's holes show: where its
// path crosses empty latent space the decodings stop looking like digits.
// Endpoints: test digits, a drawing (made here or in the draw view), or points
// clicked on either latent map (interpolate-endpoints.js); each side is
// interpolate-side.js, play/pause and the settings interpolate-transport.js.
// URL: a, b = t<i> | d<…> | z<model>:<x>,<y>; path=linear|spherical; speed=0.1..4;
//      loop=0|1; t=0..1 (scrub position); left, right = model ids.
// Test hook: views.interpolate = { t, playing, renders, frames() } where frames() returns, per side,
//   { current: number[784], first: number[784], last: number[784] } (first/last: the strip's ends),
//   computed when called (the animation copies nothing for the tests).
import { el, coalesced, panel } from '../ui/controls.js';
import { classLegend } from '../ui/digits.js';
import { pointRef } from '../ui/digitref.js';
import { digitAnimationGif } from '../ui/export.js';
import { endpoints } from './interpolate-endpoints.js';
import { interpolateSide } from './interpolate-side.js';
import { transport } from './interpolate-transport.js';

const SIDE_IDS = ['ae2', 'vae2', 'vae16'];
const MORPH_FRAMES = 24; // A → B of the GIF (then back to A)

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
  const recompute = () => {
    for (const side of sides) side.recompute();
    render();
  };
  const ends = endpoints(ctx, { test, lab, onChange: recompute });
  const onPick = (modelId, x, y) => ends.set(state.target, pointRef(modelId, x, y));
  const side = (key, fallback) => interpolateSide(ctx, { key, initialId: params.choice(key, ids, fallback), ids, test, lab, ends, options: state, onPick, onLoad: () => render() });
  const sides = [side('left', 'ae2'), side('right', 'vae2')];
  const changed = () => ctx.expose({
    t: state.t,
    playing: state.playing,
    renders,
    frames: () => Object.fromEntries(sides.map((s) => [s.key, s.frames()]).filter(([, frames]) => frames)),
  });
  function renderNow() {
    controls.show(state.t);
    for (const s of sides) s.render(state.t);
    renders += 1;
    changed();
  }
  const render = coalesced(renderNow, ctx.signal);
  const controls = transport(ctx, state, { render, renderNow, recompute, changed });

  container.append(
    el('h2', { textContent: t('interp.title') }),
    el('p', { className: 'view-intro', textContent: t('interp.intro') }),
    el('div', { className: 'layout halves' }, ends.ui.a.root, ends.ui.b.root),
    transportPanel(t('interp.transport'), el('div', { className: 'morph-row' }, sides[0].current.root, sides[1].current.root, controls.root)),
    el('div', { className: 'layout halves' }, sides[0].root, sides[1].root),
    classLegend(t),
    el('p', { className: 'panel-note', textContent: t('interp.holesNote') }));

  await Promise.all(sides.map((s) => s.load(s.id)));
  await ends.restore();
  for (const s of sides) {
    ctx.offerAnimation(t(`interp.morphGif.${s.key}`), () => {
      const frames = s.morph(MORPH_FRAMES);
      if (!frames) throw new Error(t('interp.morphNotReady'));
      return digitAnimationGif(frames, { count: 2 * MORPH_FRAMES - 2 });
    });
  }
  ctx.life.own(models.onTrainedChange(() => {
    for (const s of sides) if (s.id === 'trained') s.load('trained');
  }));
  renderNow();
}

// On a phone it stays at the top of the screen while the maps scroll under it (styles.css).
function transportPanel(title, ...children) {
  const root = panel(title, ...children);
  root.classList.add('p-transport');
  return root;
}
