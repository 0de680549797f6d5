// The "coverage" panel: for the selected model, the measured share of prior
// samples far from every training code and the classes the samples decode to
// (a bar per class), with sentences chosen by what was measured
// (summary.js), never asserted in advance.
//
//   const coverage = coveragePanel({ t });
//   container.append(coverage.root);
//   coverage.show(lab.sampleCoverage(model, train, { count: 1000, temperature }));
import { el } from '../controls.js';
import { CLASS_COLORS } from '../digits.js';
import { RARE_SHARE, summarizeCoverage } from './summary.js';

export function coveragePanel({ t }) {
  const headline = el('p', { className: 'coverage-headline' });
  const bars = el('div', { className: 'coverage-bars', attrs: { role: 'img' } });
  const lesson = el('p', { className: 'panel-note coverage-lesson' });
  const definition = el('p', { className: 'panel-note', textContent: t('coverage.definition') });
  const root = el('section', { className: 'coverage-panel' },
    el('h3', { className: 'subhead', textContent: t('coverage.title') }), headline, bars, lesson, definition);
  Object.assign(bars.style, { display: 'flex', alignItems: 'flex-end', gap: '4px', height: '90px' });

  function show(result) {
    const summary = summarizeCoverage(result);
    headline.textContent = t('coverage.farShare', {
      share: t.number(100 * result.farShare, 1),
      count: result.count,
      temperature: t.number(result.temperature, 1),
      threshold: t.number(result.threshold, 2),
    });
    bars.replaceChildren(...summary.shares.map((share, c) => classBar(c, share, result.histogram[c], summary.shares)));
    bars.setAttribute('aria-label', t('coverage.barsLabel', {
      list: summary.shares.map((s, c) => `${c}: ${t.number(100 * s, 0)} %`).join(', '),
    }));
    lesson.textContent = summary.lessons.map((key) => t(key, {
      share: t.number(100 * result.farShare, 0),
      classes: summary.rare.join(', '),
      rareShare: t.number(100 * RARE_SHARE, 0),
      outside: t.number(100 * summary.codesOutside, 0),
      latent: result.latent,
    })).join(' ');
    root.dataset.farShare = String(result.farShare);
    root.dataset.histogram = Array.from(result.histogram).join(',');
    return summary;
  }

  function classBar(c, share, count, shares) {
    const peak = Math.max(...shares, 1e-9);
    const bar = el('div', { className: 'coverage-bar', attrs: { title: `${c}: ${count}` } });
    Object.assign(bar.style, { height: `${Math.max(1, (70 * share) / peak)}px`, background: CLASS_COLORS[c], width: '100%' });
    const column = el('div', { className: 'coverage-column', dataset: { digit: String(c), count: String(count) } },
      bar, el('span', { textContent: String(c) }));
    Object.assign(column.style, { flex: '1', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'flex-end' });
    return column;
  }

  return { root, show };
}
