// The scatter plot's input, as one small state machine over Pointer Events
// plus the keyboard. It only turns input into requests on the plot:
//   plot.probeAt(sx, sy)     show and decode the data point under a screen point
//   plot.pick(x, y)          a click or tap on a data point
//   plot.pan(dx, dy), plot.zoom(factor, at), plot.pinch(from, to), plot.fit()
//   plot.probeScreen()       the probe's screen point (or the plot's centre)
//
// Mouse: hover probes, drag pans, wheel zooms, click picks, double-click fits.
// Touch: one finger probes (tap picks), two fingers pinch and pan.
// Keyboard: arrows move the probe, Shift+arrows pan, + and − zoom, 0 fits, Enter picks.
import { pinchState } from './viewport.js';

const DRAG_THRESHOLD_PX = 4;
const KEY_STEP_PX = 16;
const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

// Listeners end with signal (the view's).
export function attachGestures(canvas, plot, signal) {
  const pointers = new Map(); // pointerId -> [x, y] on the canvas
  let gesture = null; // { kind: 'press', start, last, moved, touch } | { kind: 'pinch', centre, distance } | { kind: 'done' }
  const local = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const pinchNow = () => pinchState(...pointers.values());
  const on = (type, fn, options = {}) => canvas.addEventListener(type, fn, { ...options, signal });

  on('pointerdown', (event) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    const p = local(event);
    pointers.set(event.pointerId, p);
    if (pointers.size === 1) {
      gesture = { kind: 'press', start: p, last: p, moved: false, touch: event.pointerType !== 'mouse' };
      if (gesture.touch) plot.probeAt(...p);
    } else if (pointers.size === 2) {
      gesture = { kind: 'pinch', ...pinchNow() };
    }
    event.preventDefault();
  });
  on('pointermove', (event) => {
    const p = local(event);
    if (!pointers.has(event.pointerId)) {
      if (event.pointerType === 'mouse') plot.probeAt(...p);
      return;
    }
    pointers.set(event.pointerId, p);
    if (gesture?.kind === 'pinch' && pointers.size >= 2) {
      const now = pinchNow();
      plot.pinch(gesture, now);
      Object.assign(gesture, now);
    } else if (gesture?.kind === 'press') {
      movePress(gesture, p);
    }
  });
  function movePress(press, p) {
    if (Math.hypot(p[0] - press.start[0], p[1] - press.start[1]) > DRAG_THRESHOLD_PX) press.moved = true;
    if (press.touch) plot.probeAt(...p);
    else if (press.moved) plot.pan(p[0] - press.last[0], p[1] - press.last[1]);
    press.last = p;
  }
  const release = (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.delete(event.pointerId);
    if (event.type === 'pointerup' && gesture?.kind === 'press' && !gesture.moved) plot.pickAt(...local(event));
    if (pointers.size === 0) gesture = null;
    else if (gesture?.kind === 'pinch') gesture = { kind: 'done' };
  };
  on('pointerup', release);
  on('pointercancel', release);
  on('wheel', (event) => {
    event.preventDefault();
    plot.zoom(Math.exp(-event.deltaY * 0.0015), local(event));
  }, { passive: false });
  on('dblclick', () => plot.fit());
  on('keydown', (event) => onKey(event, plot));
}

function onKey(event, plot) {
  const arrow = ARROWS[event.key];
  if (arrow) {
    event.preventDefault();
    const [dx, dy] = arrow;
    // Shift+arrow pans the picture; the probe moves the other way on screen.
    if (event.shiftKey) plot.pan(-dx * KEY_STEP_PX * 3, -dy * KEY_STEP_PX * 3);
    else {
      const [sx, sy] = plot.probeScreen();
      plot.probeAt(sx + dx * KEY_STEP_PX, sy + dy * KEY_STEP_PX);
    }
  } else if (event.key === '+' || event.key === '=') plot.zoom(1.25);
  else if (event.key === '-' || event.key === '_') plot.zoom(0.8);
  else if (event.key === '0') plot.fit();
  else if ((event.key === 'Enter' || event.key === ' ') && plot.probe) {
    event.preventDefault();
    plot.pick(...plot.probe);
  }
}
