// Draws 28×28 images (Float32Array rows of 784 values in [0, 1]) onto canvases
// at their true resolution; CSS scales them up with crisp pixels
// (image-rendering: pixelated). White ink on black, as MNIST is usually shown.
import { el } from './controls.js';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

function paint(imageData, pixels, pixelOffset, x0, y0, stride) {
  const out = imageData.data;
  for (let r = 0; r < SIDE; ++r) {
    for (let c = 0; c < SIDE; ++c) {
      const v = pixels[pixelOffset + r * SIDE + c];
      const g = Math.round(255 * Math.min(1, Math.max(0, v)));
      const o = ((y0 + r) * stride + x0 + c) * 4;
      out[o] = out[o + 1] = out[o + 2] = g;
      out[o + 3] = 255;
    }
  }
}

// A canvas for one digit; `label` becomes its accessible name.
export function digitCanvas(label, className = 'digit') {
  return el('canvas', { width: SIDE, height: SIDE, className, attrs: { role: 'img', 'aria-label': label } });
}

// Each digit canvas's context and pixel buffer, made once: the Draw view
// redraws its canvases on every frame of a stroke.
const surfaces = new WeakMap(); // canvas -> { ctx, imageData }

// Draws row `index` of `images` (or the only row) onto a 28×28 canvas.
export function drawDigit(canvas, images, index = 0) {
  let surface = surfaces.get(canvas);
  if (!surface) {
    const ctx = canvas.getContext('2d');
    surfaces.set(canvas, (surface = { ctx, imageData: ctx.createImageData(SIDE, SIDE) }));
  }
  paint(surface.imageData, images, index * PIXELS, 0, 0, SIDE);
  surface.ctx.putImageData(surface.imageData, 0, 0);
}

// Draws `count` rows of images as a grid with `columns` columns and 1-pixel
// gaps (in image pixels); resizes the canvas to fit.
export function drawDigitGrid(canvas, images, { columns, count = images.length / PIXELS, gap = 1, background = 48 }) {
  const rows = Math.ceil(count / columns);
  const width = columns * SIDE + (columns - 1) * gap;
  const height = rows * SIDE + (rows - 1) * gap;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  const imageData = ctx.createImageData(width, height);
  const out = imageData.data;
  for (let i = 0; i < out.length; i += 4) {
    out[i] = out[i + 1] = out[i + 2] = background;
    out[i + 3] = 255;
  }
  for (let k = 0; k < count; ++k) {
    const x0 = (k % columns) * (SIDE + gap);
    const y0 = Math.floor(k / columns) * (SIDE + gap);
    paint(imageData, images, k * PIXELS, x0, y0, width);
  }
  ctx.putImageData(imageData, 0, 0);
}

// A captioned digit: { root, canvas, caption, metric } where metric is a line
// under the image for a number such as a PSNR.
export function digitFigure(caption, { className = 'digit', ariaLabel = caption } = {}) {
  const canvas = digitCanvas(ariaLabel, className);
  const metric = el('div', { className: 'figure-metric' });
  const captionElement = el('figcaption', { textContent: caption });
  const root = el('figure', { className: 'digit-figure' }, canvas, captionElement, metric);
  return { root, canvas, caption: captionElement, metric };
}

// The ten class colours (Tableau 10): points, legends and tags use the same ones.
export const CLASS_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#7f7f7f'];

export function classLegend(t) {
  return el('ul', { className: 'class-legend', attrs: { 'aria-label': t('latent.legend') } },
    CLASS_COLORS.map((color, digit) => el('li', {},
      el('span', { className: 'swatch', attrs: { style: `background:${color}`, 'aria-hidden': 'true' } }), String(digit))));
}
