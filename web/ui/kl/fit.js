// Forward vs reverse KL: one normal q fitted to a two-mode mixture p by
// minimising KL(p‖q) (it spreads over both modes and ends at p's mean and
// variance) and KL(q‖p) (it settles on one mode), both from the same start,
// animated along the paths lab.fitGaussian returns.
// URL: fa, fb (the modes' means), fs (their σ), fw (weight of the first), f0 (start μ).
import { el, button, panel } from '../controls.js';
import { math, mathText } from '../math.js';
import { densityPlot } from './plot.js';
import { legendItem, urlSlider } from './widgets.js';

const X = [-8, 8];
const POINTS = 321;
const STEPS = 200;
const STEPS_PER_FRAME = 2;
const START_SIGMA = 1;

export function fitSection(ctx, lab) {
  const { t } = ctx;
  const plot = densityPlot({ label: t('kl.fit.plot'), life: ctx.life });
  const status = el('p', { className: 'panel-note kl-fit-status', attrs: { 'aria-live': 'polite' } });
  const values = el('div', { className: 'kl-values' });
  let run = null; // { mixture, paths, moments, step }

  const mixture = () => ({ weight: controls.fw.value,
    first: { mu: controls.fa.value, sigma: controls.fs.value }, second: { mu: controls.fb.value, sigma: controls.fs.value } });
  const show = () => {
    const { paths, moments, step, mixture: p } = run;
    const at = (path) => ({ mu: path.mu[step], sigma: path.sigma[step], forward: path.forward[step], reverse: path.reverse[step] });
    const f = at(paths.forward), r = at(paths.reverse);
    plot.draw({ x0: X[0], x1: X[1], curves: [
      { values: run.density, color: '#1d2330', fill: 'rgba(29,35,48,.08)' },
      { values: lab.normalDensity(f, X[0], X[1], POINTS), color: '#2f6fdf' },
      { values: lab.normalDensity(r, X[0], X[1], POINTS), color: '#c43d3d', dash: [6, 4] },
    ], markers: [{ x: p.first.mu, color: '#9aa2b1' }, { x: p.second.mu, color: '#9aa2b1' }] });
    const cell = (text, className = '') => el('span', { className, textContent: text });
    const n = (v) => t.number(v, 3);
    values.replaceChildren(
      cell(''), mathText(t('kl.fit.forward'), { className: 'head' }), mathText(t('kl.fit.reverse'), { className: 'head' }),
      math(String.raw`\mu`), cell(n(f.mu), 'fit-forward-mu'), cell(n(r.mu), 'fit-reverse-mu'),
      math(String.raw`\sigma`), cell(n(f.sigma), 'fit-forward-sigma'), cell(n(r.sigma), 'fit-reverse-sigma'),
      math(String.raw`D_{\mathrm{KL}}(p\|q)`), cell(n(f.forward), 'fit-forward-kl'), cell(n(r.forward)),
      math(String.raw`D_{\mathrm{KL}}(q\|p)`), cell(n(f.reverse)), cell(n(r.reverse), 'fit-reverse-kl'));
    const done = step === STEPS;
    status.textContent = done
      ? t('kl.fit.done', { mean: n(moments.mu), sd: n(moments.sigma) })
      : t('kl.fit.running', { step, steps: STEPS });
    ctx.expose({ fit: { step, done, moments, forward: f, reverse: r, mixture: p } });
  };
  const animate = () => {
    if (!run) return;
    run.step = Math.min(STEPS, run.step + STEPS_PER_FRAME);
    show();
    if (run.step < STEPS) ctx.life.frame(animate);
  };
  const start = ({ animated }) => {
    const p = mixture();
    const from = { mu: controls.f0.value, sigma: START_SIGMA };
    run = {
      mixture: p,
      moments: lab.mixtureMoments(p),
      density: lab.mixtureDensity(p, X[0], X[1], POINTS),
      paths: {
        forward: lab.fitGaussian(p, { direction: 'forward', start: from, steps: STEPS }),
        reverse: lab.fitGaussian(p, { direction: 'reverse', start: from, steps: STEPS }),
      },
      step: animated ? 0 : STEPS,
    };
    show();
    if (animated) ctx.life.frame(animate);
  };
  const again = () => start({ animated: false });
  const controls = {
    fa: urlSlider(ctx, { name: 'fa', label: t('kl.fit.modeA'), range: [-5, 0], step: 0.1, fallback: -2.5, onInput: again }),
    fb: urlSlider(ctx, { name: 'fb', label: t('kl.fit.modeB'), range: [0, 5], step: 0.1, fallback: 2.5, onInput: again }),
    fs: urlSlider(ctx, { name: 'fs', label: t('kl.fit.modeSigma'), range: [0.3, 1.5], step: 0.05, fallback: 0.7, onInput: again }),
    fw: urlSlider(ctx, { name: 'fw', label: t('kl.fit.weight'), range: [0.1, 0.9], step: 0.05, fallback: 0.5, onInput: again }),
    f0: urlSlider(ctx, { name: 'f0', label: t('kl.fit.start'), range: [-5, 5], step: 0.1, fallback: 0.8, onInput: again }),
  };
  const runButton = button({ text: t('kl.fit.run'), name: 'fit-run', kind: 'primary', onClick: () => start({ animated: true }) });
  start({ animated: true });
  return panel(t('kl.fit.title'),
    el('div', { className: 'kl-formula' }, math(String.raw`\min_q D_{\mathrm{KL}}(p\,\|\,q) \quad\text{vs.}\quad \min_q D_{\mathrm{KL}}(q\,\|\,p)`, { display: true })),
    mathText(t('kl.fit.intro'), { tag: 'p', className: 'panel-note' }),
    el('div', { className: 'kl-legend' },
      legendItem(t('kl.fit.legendP'), '#1d2330'),
      legendItem(t('kl.fit.legendForward'), '#2f6fdf'),
      legendItem(t('kl.fit.legendReverse'), '#c43d3d')),
    plot.root,
    el('div', { className: 'btn-row' }, runButton),
    status, values,
    el('div', { className: 'kl-controls' }, Object.values(controls).map((c) => c.root)),
    mathText(t('kl.fit.note'), { tag: 'p', className: 'panel-note' }));
}
