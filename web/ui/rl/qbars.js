// The Q-values of the current state as horizontal bars, one per action; the
// greedy action's bar is highlighted. Bars are scaled to the largest |Q|.
import { el } from '../controls.js';

export function qBars(t) {
  const root = el('div', { className: 'dqn-qbars', attrs: { role: 'list' } });
  let rows = [];
  function build(labels) {
    root.replaceChildren();
    rows = labels.map((label) => {
      const bar = el('div', { className: 'dqn-qbar-fill' });
      const value = el('span', { className: 'dqn-qbar-value' });
      const row = el('div', { className: 'dqn-qbar', attrs: { role: 'listitem' } },
        el('span', { className: 'dqn-qbar-label', textContent: label }), el('div', { className: 'dqn-qbar-track' }, bar), value);
      root.append(row);
      return { row, bar, value };
    });
  }
  return {
    root,
    show(q, labels) {
      if (rows.length !== labels.length) build(labels);
      const scale = Math.max(1e-6, ...Array.from(q, Math.abs));
      let best = 0;
      for (let a = 1; a < q.length; ++a) if (q[a] > q[best]) best = a;
      q.forEach((v, a) => {
        rows[a].bar.style.width = `${(100 * Math.abs(v)) / scale}%`;
        rows[a].bar.classList.toggle('negative', v < 0);
        rows[a].row.classList.toggle('best', a === best);
        rows[a].value.textContent = t.number(v, 2);
      });
    },
  };
}
