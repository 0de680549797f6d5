// The Denoise view's noise: the kinds the C++ corruption offers (lab.corrupt)
// and the scribbles drawn here (random curved strokes plus the student's noise
// pen), rasterised into a 28×28 ink image and laid over the clean digit.
import { PIXELS, SIDE } from '../ui/digits.js';
import { uniforms } from '../ui/random.js';

export const KINDS = ['gaussian', 'salt_and_pepper', 'masking', 'block', 'scribble'];

// The noisy image for state { kind, level, seed, penStrokes }.
export function corrupted(lab, clean, { kind, level, seed, penStrokes }) {
  if (kind !== 'scribble') return lab.corrupt(clean, { kind, level, seed });
  const ink = rasterise([...randomScribbles(level, seed), ...penStrokes]);
  return Float32Array.from(clean, (v, i) => Math.max(v, ink[i]));
}

// Random quadratic Bézier strokes (in 28×28 pixel coordinates): more and thicker with level.
export function randomScribbles(level, seed) {
  const next = uniforms(seed + 1);
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

// The noise pen: strokes drawn on the noisy image (canvas), in 28×28
// coordinates, pushed onto strokes while active() says scribbles are on.
export function attachNoisePen(canvas, { signal, active, strokes, onChange }) {
  let stroke = null;
  const point = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [((event.clientX - rect.left) / rect.width) * SIDE, ((event.clientY - rect.top) / rect.height) * SIDE];
  };
  canvas.addEventListener('pointerdown', (event) => {
    if (!active()) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    stroke = { points: [point(event)], width: 1.6, pointerId: event.pointerId };
    strokes().push(stroke);
    onChange();
  }, { signal });
  canvas.addEventListener('pointermove', (event) => {
    if (!stroke || event.pointerId !== stroke.pointerId) return;
    stroke.points.push(point(event));
    onChange();
  }, { signal });
  const end = () => (stroke = null);
  canvas.addEventListener('pointerup', end, { signal });
  canvas.addEventListener('pointercancel', end, { signal });
}
