// The VAE's case: N(μ, σ²) against the prior N(0, 1), with the KL term
// ½(σ² + μ² − 1 − log σ²) computed by the loss the VAE trains with
// (lab.vaeKlTerm → nn/losses/gaussian_kl), beside the general closed form.
// URL: vm, vs.
import { el, panel } from '../controls.js';
import { math, mathText } from '../math.js';
import { densityPlot } from './plot.js';
import { RANGE } from './normals.js';
import { legendItem, urlSlider, viewLink } from './widgets.js';

const X = [-6, 6];
const POINTS = 301;

export function vaeCaseSection(ctx, lab) {
  const { t } = ctx;
  const plot = densityPlot({ label: t('kl.vae.plot'), life: ctx.life });
  const value = el('div', { className: 'kl-big kl-vae-value' });
  const check = el('p', { className: 'panel-note kl-vae-check' });
  const update = () => {
    const mu = controls.vm.value, sigma = controls.vs.value;
    const term = lab.vaeKlTerm(mu, sigma);
    const general = lab.gaussianKl({ mu, sigma }, { mu: 0, sigma: 1 });
    plot.draw({ x0: X[0], x1: X[1], curves: [
      { values: lab.normalDensity({ mu: 0, sigma: 1 }, X[0], X[1], POINTS), color: '#9aa2b1', fill: 'rgba(154,162,177,.15)' },
      { values: lab.normalDensity({ mu, sigma }, X[0], X[1], POINTS), color: '#2f6fdf' },
    ] });
    value.textContent = `${t.number(term, 4)} ${t('kl.nats')}`;
    check.textContent = t('kl.vae.check', { value: t.number(general, 4) });
    ctx.expose({ vae: { mu, sigma, term, general } });
  };
  const controls = {
    vm: urlSlider(ctx, { name: 'vm', label: '$\\mu$', range: [-3, 3], step: 0.05, fallback: 1, onInput: update }),
    vs: urlSlider(ctx, { name: 'vs', label: '$\\sigma$', range: [RANGE.sigma[0], 3], step: 0.05, fallback: 0.5, onInput: update }),
  };
  update();
  return panel(t('kl.vae.title'),
    el('div', { className: 'kl-formula' }, math(String.raw`\begin{aligned} &D_{\mathrm{KL}}\big(\mathcal{N}(\mu,\sigma^2)\,\|\,\mathcal{N}(0,1)\big) \\ &\quad = \tfrac{1}{2}\left(\sigma^2 + \mu^2 - 1 - \log\sigma^2\right) \end{aligned}`, { display: true })),
    mathText(t('kl.vae.intro'), { tag: 'p', className: 'panel-note' }),
    el('div', { className: 'kl-legend' },
      legendItem(t('kl.vae.prior'), '#9aa2b1'),
      legendItem(t('kl.vae.posterior'), '#2f6fdf')),
    plot.root,
    el('div', { className: 'kl-controls' }, Object.values(controls).map((c) => c.root)),
    value, check,
    mathText(t('kl.vae.sum'), { tag: 'p', className: 'panel-note' }),
    el('div', { className: 'kl-formula' }, math(String.raw`D_{\mathrm{KL}} = \tfrac{1}{2}\sum_{i=1}^{K}\left(\sigma_i^2 + \mu_i^2 - 1 - \log\sigma_i^2\right)`, { display: true })),
    el('p', {}, viewLink(ctx, { view: 'vae', name: 'vae-link', text: t('kl.vae.link') })));
}
