// The loss for the digit being drawn, as the model computes it: the
// reconstruction term (Bernoulli cross-entropy in nats, for the z of sample 0),
// the KL term (model.evaluate), the KL split per dimension
// (lab.klPerDimension over the μ, log σ² shown) and, for a chosen β, the total
// reconstruction + β·KL (the model's own total with its β set to that value).
// URL: beta (0..4, as the Train view's), loss=<model id>.
import { el, panel, select } from '../controls.js';
import { math, mathText } from '../math.js';
import { modelName } from '../modelinfo.js';
import { legendItem, urlSlider, viewLink } from '../kl/widgets.js';
import { klBars } from './klbars.js';

export const BETA_RANGE = [0, 4];

// model.evaluate with β set for one call, restoring the model's own β after.
function evaluateAtBeta(model, input, seed, beta) {
  const own = model.config.beta;
  model.setBeta(beta);
  try {
    return model.evaluate(input, { seed });
  } finally {
    model.setBeta(own);
  }
}

export function lossPanel(ctx, lab, { ids, models, initial }) {
  const { t } = ctx;
  let state = null; // { input, seed, posteriors: Map(id -> { mu, logvar }) }
  const chosen = ctx.params.choice('loss', ids, initial);
  const picker = select({ label: t('vae.loss.model'), name: 'loss', value: chosen,
    options: ids.map((id) => ({ value: id, text: modelName(id, t) })), onChange: (id) => {
      ctx.params.set('loss', id);
      rebuildBars();
      update();
    } });
  const numbers = el('div', { className: 'vae-loss-values' });
  const balance = el('div', { className: 'vae-loss-bar', attrs: { 'aria-hidden': 'true' } });
  const barsSlot = el('div');
  let bars = null;
  const rebuildBars = () => {
    bars = klBars({ t, Z: models.get(picker.value).latentSize, label: t('vae.loss.perDim') });
    barsSlot.replaceChildren(bars.root);
  };
  const beta = urlSlider(ctx, { name: 'beta', label: t('vae.loss.beta'), range: BETA_RANGE, step: 0.1, fallback: 1, onInput: () => update() });
  const trainLink = viewLink(ctx, { view: 'train', name: 'train-link', params: () => ({ kind: 'vae', beta: beta.value }) });
  trainLink.className = 'btn';

  function update() {
    const b = beta.value;
    trainLink.refresh(t('vae.loss.train', { beta: t.number(b, 1) }));
    if (!state) {
      numbers.replaceChildren(el('span', { className: 'panel-note', textContent: t('vae.drawFirst') }));
      balance.replaceChildren();
      bars.update(null);
      ctx.expose({ loss: null });
      return;
    }
    const id = picker.value, model = models.get(id);
    const { mu, logvar } = state.posteriors.get(id);
    const own = model.evaluate(state.input, { seed: state.seed });
    const atBeta = evaluateAtBeta(model, state.input, state.seed, b);
    const perDim = lab.klPerDimension(mu, logvar);
    const sumPerDim = perDim.reduce((a, v) => a + v, 0);
    bars.update(perDim);
    const row = (key, value, className) =>
      [mathText(t(key)), el('span', { className, textContent: `${t.number(value, 2)} ${t('kl.nats')}` })];
    numbers.replaceChildren(
      ...row('vae.loss.recRow', own.reconstruction, 'vae-loss-rec'),
      ...row('vae.loss.klRow', own.kl, 'vae-loss-kl'),
      ...row('vae.loss.totalRow', atBeta.total, 'vae-loss-total'));
    const recShare = own.reconstruction / Math.max(1e-9, atBeta.total);
    balance.replaceChildren(
      el('span', { attrs: { style: `flex:${recShare};background:#2f6fdf` } }),
      el('span', { attrs: { style: `flex:${1 - recShare};background:#e08a3c` } }));
    ctx.expose({ loss: { model: id, seed: state.seed, reconstruction: own.reconstruction, kl: own.kl,
      klPerDim: Array.from(perDim), sumPerDim, modelKlPerDim: Array.from(own.klPerDim), beta: b, total: atBeta.total } });
  }
  rebuildBars();
  return {
    root: panel(t('vae.loss.title'),
      el('div', { className: 'kl-formula' }, math(String.raw`\begin{aligned} \mathcal{L}(x) = {} & -\log p(x\mid z) \\ & + \beta\, D_{\mathrm{KL}}\big(\mathcal N(\mu, \sigma^2)\,\|\,\mathcal N(0, I)\big) \end{aligned}`, { display: true })),
      mathText(t('vae.loss.intro'), { tag: 'p', className: 'panel-note' }),
      picker.root, numbers, balance,
      el('div', { className: 'kl-legend' }, legendItem(t('vae.loss.reconstruction'), '#2f6fdf'), legendItem(t('vae.loss.betaKl'), '#e08a3c')),
      beta.root,
      el('div', { className: 'btn-row' }, trainLink),
      el('h4', { textContent: t('vae.loss.perDim') }), barsSlot),
    update(next) {
      state = next;
      update();
    },
  };
}

