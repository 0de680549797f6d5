// Discrete P and Q that the student drags (or picks from presets): D_KL(P‖Q)
// and D_KL(Q‖P) side by side, each term p_i log(p_i/q_i) as a bar, the
// infinite case, and "0 only when P = Q". Every number from lab.discreteKl.
// URL: p=40,30,20,10 q=25,25,25,25 (weights 0..100, 2 to 8 categories).
import { el, button, panel } from '../controls.js';
import { math, mathText } from '../math.js';
import { barEditor } from './bars.js';
import { termBars } from './terms.js';

const PRESETS = {
  similar: { p: [40, 30, 20, 10], q: [35, 30, 20, 15] },
  different: { p: [70, 10, 10, 10], q: [10, 20, 30, 40] },
  zero: { p: [40, 30, 20, 10], q: [50, 0, 30, 20] },
  equal: { p: [40, 30, 20, 10], q: [40, 30, 20, 10] },
};
const MAX_SHOWN = 8;

function parseWeights(ctx, name, fallback, limits) {
  const raw = ctx.params.get(name);
  if (raw === null || raw === '') return fallback;
  const values = raw.split(',').map(Number);
  const ok = values.length >= limits.minCategories && values.length <= Math.min(MAX_SHOWN, limits.maxCategories) &&
    values.every((v) => Number.isInteger(v) && v >= 0 && v <= 100);
  if (ok) return values;
  ctx.messages.notice(ctx.t('app.paramUnknown', { name, value: raw.slice(0, 24), options: '0..100, …' }));
  ctx.params.set(name, null);
  return fallback;
}

function direction(t, title, label) {
  const value = el('div', { className: 'kl-big' });
  const bars = termBars({ t, label });
  return { value, bars, root: el('div', {}, mathText(title, { tag: 'h4' }), value, bars.root) };
}

export function discreteSection(ctx, lab) {
  const { t } = ctx;
  const limits = lab.klLimits();
  let p = parseWeights(ctx, 'p', PRESETS.similar.p, limits);
  let q = parseWeights(ctx, 'q', PRESETS.similar.q, limits);
  if (q.length !== p.length) q = Array.from({ length: p.length }, () => 25);
  const forward = direction(t, t('kl.discrete.pq'), t('kl.discrete.termsPq'));
  const backward = direction(t, t('kl.discrete.qp'), t('kl.discrete.termsQp'));
  const verdict = el('p', { className: 'kl-verdict' });
  const shown = el('p', { className: 'panel-note kl-normalised' });
  const update = (final) => {
    const pq = lab.discreteKl(p, q), qp = lab.discreteKl(q, p);
    const text = (kl) => (Number.isFinite(kl.total) ? `${t.number(kl.total, 4)} ${t('kl.nats')}` : `∞ (${t('kl.discrete.infinite')})`);
    forward.value.textContent = text(pq);
    backward.value.textContent = text(qp);
    forward.bars.update(pq.terms);
    backward.bars.update(qp.terms);
    shown.textContent = `P = (${Array.from(pq.p, (v) => t.number(v, 3)).join('; ')}) · Q = (${Array.from(pq.q, (v) => t.number(v, 3)).join('; ')})`;
    const equal = pq.total === 0; // exactly: every term is p_i log 1
    verdict.className = pq.infiniteAt.length ? 'kl-alert' : equal ? 'kl-ok' : 'panel-note';
    verdict.replaceChildren(mathText(pq.infiniteAt.length
      ? t('kl.discrete.infiniteWhy', { i: pq.infiniteAt.map((i) => i + 1).join(', ') })
      : equal ? t('kl.discrete.equal') : t('kl.discrete.unequal')));
    if (final) ctx.params.setMany({ p: p.join(','), q: q.join(',') });
    ctx.expose({ discrete: { p: Array.from(pq.p), q: Array.from(pq.q), pq: pq.total, qp: qp.total,
      termsPq: Array.from(pq.terms), termsQp: Array.from(qp.terms), infiniteAt: pq.infiniteAt } });
  };
  const pEditor = barEditor({ label: t('kl.discrete.editP'), color: '#2f6fdf', values: p, life: ctx.life,
    onChange: (values, final) => ((p = values), update(final)) });
  const qEditor = barEditor({ label: t('kl.discrete.editQ'), color: '#e08a3c', values: q, life: ctx.life,
    onChange: (values, final) => ((q = values), update(final)) });
  const presets = el('div', { className: 'btn-row' }, Object.entries(PRESETS).map(([id, preset]) =>
    button({ text: t(`kl.preset.${id}`), name: `preset-${id}`, onClick: () => {
      p = preset.p.slice();
      q = preset.q.slice();
      pEditor.set(p);
      qEditor.set(q);
      update(true);
    } })));
  update(false);
  return panel(t('kl.discrete.title'),
    el('div', { className: 'kl-formula' }, math(String.raw`D_{\mathrm{KL}}(P\,\|\,Q) = \sum_i p_i \log\frac{p_i}{q_i}`, { display: true })),
    mathText(t('kl.discrete.intro'), { tag: 'p', className: 'panel-note' }),
    el('div', { className: 'kl-pair' },
      el('div', {}, el('h4', {}, math('P')), pEditor.root),
      el('div', {}, el('h4', {}, math('Q')), qEditor.root)),
    presets, shown,
    el('div', { className: 'kl-sides' }, forward.root, backward.root),
    verdict);
}
