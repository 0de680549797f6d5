// The KL of each latent dimension as a bar, ½(σ_i² + μ_i² − 1 − log σ_i²)
// for one digit or its mean over the test split. A dimension whose KL is ~0
// sits at the prior: it carries no information about the input ("collapsed").
import { el } from '../controls.js';
import { math } from '../math.js';

export function klBars({ t, Z, label, scale = null }) {
  const rows = Array.from({ length: Z }, (_, d) => {
    const fill = el('span', { className: 'kl-term-fill' });
    const value = el('span', { className: 'kl-dim-value' });
    return { fill, value, cells: [el('span', {}, math(`z_{${d + 1}}`)), el('span', { className: 'kl-term-track kl-positive' }, fill), value] };
  });
  const root = el('div', { className: 'kl-terms', attrs: { role: 'group', 'aria-label': label } }, rows.flatMap((r) => r.cells));
  return {
    root,
    update(values, { collapsedBelow = null } = {}) {
      const top = scale ?? Math.max(0.5, ...Array.from(values ?? [0]));
      rows.forEach((row, d) => {
        const v = values ? values[d] : 0;
        Object.assign(row.fill.style, { left: '0%', width: `${(Math.min(top, Math.max(0, v)) / top) * 100}%` });
        row.fill.classList.toggle('collapsed', collapsedBelow !== null && v < collapsedBelow);
        row.value.textContent = values ? t.number(v, 2) : '—';
      });
    },
  };
}
