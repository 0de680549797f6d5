// The 2-D maps: the VAE's posterior for the drawing as 1σ and 2σ ellipses
// over the prior's unit circle (1σ of N(0, I)), and the plain AE's code as a
// single point (it has no σ). The background points are the test digits.
import { el } from '../controls.js';
import { LatentScatter } from '../scatter.js';

const PRIOR = { x: 0, y: 0, rx: 1, ry: 1, radius: 0, color: '#6b7280' };

export function latentMap({ t, life, codes, labels, label }) {
  const map = new LatentScatter({ t, life, label });
  map.root.classList.add('mini-map');
  map.setPoints(codes, labels);
  return {
    root: map.root,
    // posterior: { mu: [x, y], sigma: [sx, sy] } (a VAE) or { code: [x, y] } (an AE); null clears.
    show(posterior) {
      const marks = [];
      if (posterior?.sigma) {
        marks.push(PRIOR);
        const [x, y] = posterior.mu, [sx, sy] = posterior.sigma;
        marks.push({ x, y, rx: 2 * sx, ry: 2 * sy, radius: 0, color: '#c43d3d' });
        marks.push({ x, y, rx: sx, ry: sy, radius: 0, color: '#c43d3d' });
        marks.push({ x, y, radius: 5, color: '#111' });
      } else if (posterior?.code) {
        marks.push({ x: posterior.code[0], y: posterior.code[1], radius: 6, color: '#111' });
      }
      map.setOverlay({ marks });
    },
  };
}

export function mapFigure(title, map, note) {
  return el('figure', { className: 'vae-map' }, el('figcaption', { textContent: title }), map.root,
    el('small', { className: 'panel-note', textContent: note }));
}
