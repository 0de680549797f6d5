// The Interpolate view's transport: play/pause, the position slider, speed,
// loop (back and forth), linear or spherical path, and which endpoint a click
// on a map sets. Playing advances state.t on animation frames of the view's life.
//
//   const controls = transport(ctx, state, { render, renderNow, recompute, changed });
//   controls.root; controls.show(t)   (moves the slider)
import { el, button, checkbox, segmented, slider } from '../ui/controls.js';

const SECONDS = 2.5; // one pass at speed 1

// state: { t, speed, loop, spherical, playing, target }; render() draws on the next
// frame, renderNow() in this one; changed(): the state the tests read moved.
export function transport(ctx, state, { render, renderNow, recompute, changed }) {
  const { t, params, life } = ctx;
  let direction = 1; // +1 towards B, −1 back towards A (looping)
  let lastTime = 0;
  let frameId = 0;
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
  function play() {
    if (state.t >= 1 && !state.loop) state.t = 0;
    state.playing = true;
    playButton.textContent = t('interp.pause');
    lastTime = performance.now();
    frameId = life.frame(tick);
    changed();
  }
  function pause() {
    state.playing = false;
    life.cancel(frameId);
    playButton.textContent = t('interp.play');
    params.set('t', Number(state.t.toFixed(3)));
    changed();
  }
  function tick(now) {
    // A frame's timestamp can precede the click that started playing: never step backwards.
    const dt = Math.min(0.1, Math.max(0, (now - lastTime) / 1000));
    lastTime = Math.max(lastTime, now);
    state.t += (direction * dt * state.speed) / SECONDS;
    const ended = (direction > 0 && state.t >= 1) || (direction < 0 && state.t <= 0);
    if (ended) {
      state.t = Math.min(1, Math.max(0, state.t));
      if (state.loop) direction = -direction;
    }
    renderNow();
    if (ended && !state.loop) {
      direction = 1;
      pause();
    } else frameId = life.frame(tick);
  }
  const root = el('div', { className: 'transport' }, playButton, scrub.root, ...settings(ctx, state, recompute).map((c) => c.root));
  return { root, show: (v) => scrub.set(v) };
}

// Speed, loop, path and click target: each kept in state (and the URL).
function settings({ t, params }, state, recompute) {
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
  const path = segmented({
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
      recompute();
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
  return [speed, loop, path, target];
}
