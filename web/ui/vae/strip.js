// A strip of decodings of resampled z = μ + σ⊙ε for the same drawing: how
// much the VAE's posterior lets the digit vary.
import { el } from '../controls.js';
import { digitCanvas, drawDigit, PIXELS } from '../digits.js';

export function decodingStrip({ t, count, label }) {
  const canvases = Array.from({ length: count }, (_, i) => digitCanvas(t('vae.strip.one', { i: i + 1 })));
  const root = el('div', { className: 'vae-strip', attrs: { role: 'group', 'aria-label': label } }, canvases);
  return {
    root,
    update(images) {
      canvases.forEach((canvas, i) => drawDigit(canvas, images ?? new Float32Array(PIXELS * count), i));
    },
  };
}
