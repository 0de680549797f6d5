// The geometry of a scatter plot's view, as pure functions: which data
// rectangle is visible, where a data point lands on the canvas and back, and
// how fitting, zooming, panning and pinching change the view. Equal scales on
// both axes, so distances in the picture are distances in the latent space.
//
//   view = { cx, cy, scale }   the data point at the plot's centre, pixels per data unit
//   size = { width, height }   the canvas in CSS pixels (the plot is inset by MARGIN)

export const MARGIN = { left: 38, right: 8, top: 8, bottom: 24 };
const MIN_SCALE = 1e-3;
const MAX_SCALE = 1e6;

export function plotRect({ width, height }) {
  return { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
}

export function plotCentre(size) {
  const r = plotRect(size);
  return [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
}

export function toScreen(view, size, x, y) {
  const [px, py] = plotCentre(size);
  return [px + (x - view.cx) * view.scale, py - (y - view.cy) * view.scale];
}

export function toData(view, size, sx, sy) {
  const [px, py] = plotCentre(size);
  return [view.cx + (sx - px) / view.scale, view.cy - (sy - py) / view.scale];
}

// The data rectangle the plot shows.
export function visibleRect(view, size) {
  const r = plotRect(size);
  const w = (r.right - r.left) / view.scale / 2;
  const h = (r.bottom - r.top) / view.scale / 2;
  return { x0: view.cx - w, x1: view.cx + w, y0: view.cy - h, y1: view.cy + h };
}

// The view that shows the whole of bounds, centred.
export function fitView(bounds, size) {
  const r = plotRect(size);
  return {
    cx: (bounds.x0 + bounds.x1) / 2,
    cy: (bounds.y0 + bounds.y1) / 2,
    scale: clampScale(Math.min((r.right - r.left) / (bounds.x1 - bounds.x0), (r.bottom - r.top) / (bounds.y1 - bounds.y0))),
  };
}

// Zooms by factor keeping the data point under screen point `at` where it is.
export function zoomView(view, size, factor, at = plotCentre(size)) {
  const [x, y] = toData(view, size, ...at);
  const scaled = { ...view, scale: clampScale(view.scale * factor) };
  const [x2, y2] = toData(scaled, size, ...at);
  return { ...scaled, cx: view.cx + x - x2, cy: view.cy + y - y2 };
}

// Moves the picture by (dx, dy) screen pixels (the data follows the pointer).
export function panView(view, dx, dy) {
  return { ...view, cx: view.cx - dx / view.scale, cy: view.cy + dy / view.scale };
}

// Two fingers: their centre and distance.
export function pinchState(a, b) {
  return { centre: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], distance: Math.max(1, Math.hypot(a[0] - b[0], a[1] - b[1])) };
}

// The view after two fingers moved from pinch `from` to pinch `to`: the data
// point under the old centre sits under the new one, scaled by the spread.
export function pinchView(view, size, from, to) {
  const [x, y] = toData(view, size, ...from.centre);
  const scaled = { ...view, scale: clampScale(view.scale * (to.distance / from.distance)) };
  const [x2, y2] = toData(scaled, size, ...to.centre);
  return { ...scaled, cx: view.cx + x - x2, cy: view.cy + y - y2 };
}

function clampScale(scale) {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

// Bounds holding 99% of the points (xy: N×2), so a few outliers do not shrink the rest.
export function robustBounds(xy) {
  const n = xy.length / 2;
  if (n === 0) return { x0: -3, x1: 3, y0: -3, y1: 3 };
  const xs = new Float32Array(n), ys = new Float32Array(n);
  for (let i = 0; i < n; ++i) (xs[i] = xy[2 * i]), (ys[i] = xy[2 * i + 1]);
  xs.sort();
  ys.sort();
  const lo = Math.floor(0.005 * (n - 1)), hi = Math.ceil(0.995 * (n - 1));
  const pad = (a, b) => Math.max((b - a) * 0.06, 1e-3);
  const px = pad(xs[lo], xs[hi]), py = pad(ys[lo], ys[hi]);
  return { x0: xs[lo] - px, x1: xs[hi] + px, y0: ys[lo] - py, y1: ys[hi] + py };
}

// A round tick step (1, 2 or 5 × 10^k) giving about targetTicks ticks over range.
export function niceStep(range, targetTicks) {
  const raw = range / targetTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

// The tick values from..to (inclusive where they fall) every step.
export function ticks(from, to, step) {
  const out = [];
  for (let k = Math.ceil(from / step); k * step <= to; ++k) out.push(k * step);
  return out;
}
