// One row per category: its term p_i log(p_i/q_i) as a bar centred on 0
// (negative where p_i < q_i; the sum is never negative), ∞ in red.
import { el } from '../controls.js';

export function termBars({ t, label }) {
  const root = el('div', { className: 'kl-terms', attrs: { role: 'group', 'aria-label': label } });
  return {
    root,
    update(terms) {
      const finite = Array.from(terms).filter(Number.isFinite).map(Math.abs);
      const scale = Math.max(0.05, ...finite);
      root.replaceChildren(...Array.from(terms).flatMap((term, i) => {
        const fill = el('span', { className: 'kl-term-fill' });
        if (!Number.isFinite(term)) {
          fill.classList.add('infinite');
          Object.assign(fill.style, { left: '50%', width: '50%' });
        } else {
          const half = (Math.abs(term) / scale) * 50;
          fill.classList.toggle('negative', term < 0);
          Object.assign(fill.style, { left: `${term < 0 ? 50 - half : 50}%`, width: `${half}%` });
        }
        return [el('span', { textContent: String(i + 1) }), el('span', { className: 'kl-term-track' }, fill),
          el('span', { className: 'kl-term-value', textContent: Number.isFinite(term) ? t.number(term, 3) : '∞' })];
      }));
    },
  };
}
