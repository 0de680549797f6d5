// Two 1-D normals, p known and q unknown as in the lecture's figure, μ and σ
// sliders for each: KL(p‖q) and KL(q‖p), each in closed form beside the
// numerical integral (lab.gaussianKl / lab.gaussianKlNumeric).
// URL: pm, ps (p's μ, σ), qm, qs (q's).
import { el, panel } from '../controls.js';
import { math, mathText } from '../math.js';
import { densityPlot } from './plot.js';
import { legendItem, urlSlider } from './widgets.js';

export const RANGE = { mu: [-5, 5], sigma: [0.2, 4] };
const X = [-10, 10];
const POINTS = 401;

export function normalsSection(ctx, lab) {
  const { t } = ctx;
  const plot = densityPlot({ label: t('kl.normals.plot'), life: ctx.life });
  const values = el('div', { className: 'kl-values' });
  const update = () => {
    const p = { mu: controls.pm.value, sigma: controls.ps.value };
    const q = { mu: controls.qm.value, sigma: controls.qs.value };
    const result = {
      pq: lab.gaussianKl(p, q), pqNumeric: lab.gaussianKlNumeric(p, q),
      qp: lab.gaussianKl(q, p), qpNumeric: lab.gaussianKlNumeric(q, p),
    };
    plot.draw({ x0: X[0], x1: X[1], curves: [
      { values: lab.normalDensity(p, X[0], X[1], POINTS), color: '#2f6fdf', fill: 'rgba(47,111,223,.12)' },
      { values: lab.normalDensity(q, X[0], X[1], POINTS), color: '#e08a3c', dash: [6, 4] },
    ] });
    const cell = (text, className = '') => el('span', { className, textContent: text });
    values.replaceChildren(
      cell(''), cell(t('kl.closedForm'), 'head'), cell(t('kl.numeric'), 'head'),
      math(String.raw`D_{\mathrm{KL}}(p\|q)`), cell(t.number(result.pq, 6), 'kl-pq'), cell(t.number(result.pqNumeric, 6), 'kl-pq-numeric'),
      math(String.raw`D_{\mathrm{KL}}(q\|p)`), cell(t.number(result.qp, 6), 'kl-qp'), cell(t.number(result.qpNumeric, 6), 'kl-qp-numeric'));
    ctx.expose({ normals: { p, q, ...result } });
  };
  const controls = {
    pm: urlSlider(ctx, { name: 'pm', label: t('kl.normals.pMu'), range: RANGE.mu, step: 0.1, fallback: 0, onInput: update }),
    ps: urlSlider(ctx, { name: 'ps', label: t('kl.normals.pSigma'), range: RANGE.sigma, step: 0.05, fallback: 1, onInput: update }),
    qm: urlSlider(ctx, { name: 'qm', label: t('kl.normals.qMu'), range: RANGE.mu, step: 0.1, fallback: 1.5, onInput: update }),
    qs: urlSlider(ctx, { name: 'qs', label: t('kl.normals.qSigma'), range: RANGE.sigma, step: 0.05, fallback: 2, onInput: update }),
  };
  update();
  return panel(t('kl.normals.title'),
    el('div', { className: 'kl-formula' }, math(String.raw`\begin{aligned} D_{\mathrm{KL}}(p\,\|\,q) &= \int p(x)\log\frac{p(x)}{q(x)}\,dx \\ &= \log\frac{\sigma_q}{\sigma_p} + \frac{\sigma_p^2 + (\mu_p-\mu_q)^2}{2\sigma_q^2} - \frac{1}{2} \end{aligned}`, { display: true })),
    mathText(t('kl.normals.intro'), { tag: 'p', className: 'panel-note' }),
    el('div', { className: 'kl-legend' },
      legendItem(t('kl.normals.p'), '#2f6fdf'),
      legendItem(t('kl.normals.q'), '#e08a3c')),
    plot.root,
    el('div', { className: 'kl-controls' }, Object.values(controls).map((c) => c.root)),
    values,
    mathText(t('kl.normals.note'), { tag: 'p', className: 'panel-note' }));
}
