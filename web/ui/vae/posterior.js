// One row per latent dimension: μ as a bar from 0, the σ whisker from μ − σ
// to μ + σ, and the numbers μ, σ, ε and z = μ + σ·ε (all from the model and
// lab.samplePosterior; nothing here computes them).
import { el } from '../controls.js';
import { math, mathText } from '../math.js';

const SCALE = 3; // the track spans −3 … 3

const position = (v) => `${50 + (Math.max(-SCALE, Math.min(SCALE, v)) / SCALE) * 50}%`;

export function posteriorBars({ t, Z, label }) {
  const rows = Array.from({ length: Z }, (_, d) => {
    const mu = el('span', { className: 'vae-mu' });
    const whisker = el('span', { className: 'vae-whisker' });
    const muText = el('span', { className: 'vae-mu-value' });
    const sigmaText = el('span', { className: 'vae-sigma-value' });
    return { mu, whisker, muText, sigmaText,
      cells: [el('span', {}, math(`z_{${d + 1}}`)), el('span', { className: 'vae-track' }, mu, whisker), muText, sigmaText] };
  });
  const root = el('div', { className: 'vae-dims', attrs: { role: 'group', 'aria-label': label } },
    el('span'), mathText(t('vae.posterior.track'), { className: 'head' }),
    el('span', { className: 'head' }, math('\\mu')), el('span', { className: 'head' }, math('\\sigma')),
    rows.flatMap((r) => r.cells));
  return {
    root,
    update(mu, sigma) {
      rows.forEach((row, d) => {
        const m = mu ? mu[d] : 0, s = sigma ? sigma[d] : 0;
        Object.assign(row.mu.style, { left: m < 0 ? position(m) : '50%', width: `${(Math.min(SCALE, Math.abs(m)) / SCALE) * 50}%` });
        Object.assign(row.whisker.style, { left: position(m - s), width: `calc(${position(m + s)} - ${position(m - s)})` });
        row.whisker.hidden = !mu;
        row.muText.textContent = mu ? t.number(m, 2) : '—';
        row.sigmaText.textContent = sigma ? t.number(s, 3) : '—';
      });
    },
  };
}

// ε and z = μ + σ⊙ε of sample 0, as rows of numbers.
export function sampleNumbers({ t }) {
  const eps = el('div', { className: 'vae-numbers vae-eps' });
  const z = el('div', { className: 'vae-numbers vae-z' });
  const root = el('div', {}, el('div', {}, math('\\varepsilon \\sim \\mathcal{N}(0, I)'), eps),
    el('div', {}, math('z = \\mu + \\sigma \\odot \\varepsilon'), z));
  const row = (values) => `(${Array.from(values, (v) => t.number(v, 2)).join('; ')})`;
  return {
    root,
    update(samples, Z) {
      eps.textContent = samples ? row(samples.eps.subarray(0, Z)) : '—';
      z.textContent = samples ? row(samples.z.subarray(0, Z)) : '—';
    },
  };
}
