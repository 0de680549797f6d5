// Figures of the applications views: thumbnail galleries of chosen images
// (buttons that pick one), the per-pixel error map as a heat image, and the
// views' few extra styles.
import { el } from '../controls.js';
import { digitCanvas, drawDigit, PIXELS, SIDE } from '../digits.js';

// A row of clickable thumbnails: indices into images, each captioned with its score.
export function gallery({ t, title, images, indices, scores, onPick, name }) {
  const buttons = indices.map((index) => {
    const label = t('anomaly.thumb', { index, score: t.number(scores[index], 1) });
    const canvas = digitCanvas(label, 'digit thumb');
    drawDigit(canvas, images, index);
    const button = el('button', { type: 'button', className: 'apps-thumb', title: label, dataset: { index: String(index) },
      attrs: { 'aria-label': label } }, canvas, el('span', { textContent: t.number(scores[index], 0) }));
    button.addEventListener('click', () => onPick(index));
    return button;
  });
  return el('div', { className: 'apps-gallery', dataset: { gallery: name } },
    el('h4', { className: 'apps-gallery-title', textContent: title }), el('div', { className: 'apps-thumbs' }, buttons));
}

// Black → red → yellow → white as v goes 0 → 1.
function heat(v) {
  const x = Math.min(1, Math.max(0, v));
  return [Math.round(255 * Math.min(1, 3 * x)), Math.round(255 * Math.min(1, Math.max(0, 3 * x - 1))), Math.round(255 * Math.max(0, 3 * x - 2))];
}

// Draws a 28×28 map of non-negative values scaled so `max` is white.
export function drawHeat(canvas, map, max) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; ++i) {
    const [r, g, b] = heat(max > 0 ? map[i] / max : 0);
    image.data.set([r, g, b, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
}

// A colour bar for the heat map from 0 to max (in nats per pixel).
export function heatLegend(t, max) {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((v) => `rgb(${heat(v).join(',')}) ${v * 100}%`).join(', ');
  return el('div', { className: 'apps-heat-legend' },
    el('span', { textContent: t.number(0, 0) }),
    el('span', { className: 'apps-heat-bar', attrs: { style: `background: linear-gradient(90deg, ${stops})`, 'aria-hidden': 'true' } }),
    el('span', { textContent: `${t.number(max, 1)} ${t('anomaly.natsPerPixel')}` }));
}

const STYLE = `
.view-anomaly .layout > *, .view-reduce .layout > * { min-width: 0; }
.view-anomaly .chart, .view-reduce .chart { overflow: hidden; }
.apps-gallery { margin-top: .5rem; }
.apps-gallery-title { margin: .3rem 0; font-size: .85rem; font-weight: 600; }
.apps-thumbs { display: flex; flex-wrap: wrap; gap: .3rem; }
.apps-thumb { display: flex; flex-direction: column; align-items: center; gap: .1rem; padding: 2px; border: 2px solid transparent;
  border-radius: 6px; background: none; font: inherit; font-size: .7rem; color: var(--muted); cursor: pointer; }
.apps-thumb[aria-pressed="true"] { border-color: #7b2cbf; }
.apps-thumb:focus-visible { outline: 2px solid #7b2cbf; }
.apps-confusion { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .4rem 0; }
.apps-confusion th, .apps-confusion td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: right; }
.apps-confusion th { font-weight: 600; text-align: left; }
.apps-rates { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; margin: .3rem 0; font-variant-numeric: tabular-nums; }
.apps-big { font-size: 1.3rem; font-weight: 700; }
.apps-heat-legend { display: flex; align-items: center; gap: .4rem; font-size: .75rem; color: var(--muted); margin-top: .3rem; }
.apps-heat-bar { flex: 0 1 140px; height: 10px; border-radius: 3px; }
.apps-verdict { font-weight: 600; }
.apps-verdict.anomalous { color: #c0392b; }
.apps-verdict.normal { color: #2f6fdf; }
.apps-table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-top: .4rem; }
.apps-table th, .apps-table td { border-bottom: 1px solid var(--line); padding: .2rem .6rem; text-align: right; }
.apps-table th:first-child, .apps-table td:first-child { text-align: left; }
.apps-maps { display: grid; grid-template-columns: 1fr; gap: .8rem; }
@media (min-width: 760px) { .apps-maps { grid-template-columns: 1fr 1fr; } }
.apps-progress { color: var(--muted); font-size: .85rem; }
`;

// The views' styles, added once to the document (the one-file page bundles this module too).
export function ensureStyles() {
  if (document.getElementById('apps-styles')) return;
  document.head.append(el('style', { id: 'apps-styles', textContent: STYLE }));
}
