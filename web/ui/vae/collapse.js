// Active and collapsed dimensions: for each shipped VAE, the KL per latent
// dimension averaged over the test split (model.evaluate's klPerDim). A
// dimension under ACTIVE_NATS sits at the prior whatever the input: the
// encoder gives it μ ≈ 0 and σ ≈ 1, the decoder ignores it. Training with a
// larger β (vae16_beta4 against vae16) pushes more dimensions there.
import { el, panel } from '../controls.js';
import { mathText } from '../math.js';
import { modelName } from '../modelinfo.js';
import { klBars } from './klbars.js';

export const ACTIVE_NATS = 0.1;
const SEED = 1;

// Computed once per model and data set for the session (2004 images per model).
function testSplitKl(ctx, id, model, test) {
  ctx.shared.testSplitKl ??= new Map();
  const key = `${id} ${test.name}`;
  if (!ctx.shared.testSplitKl.has(key) || ctx.shared.testSplitKl.get(key).model !== model) {
    const { kl, klPerDim } = model.evaluate(test.images, { seed: SEED });
    ctx.shared.testSplitKl.set(key, { model, kl, klPerDim });
  }
  return ctx.shared.testSplitKl.get(key);
}

export function collapsePanel(ctx, { ids, models, test }) {
  const { t } = ctx;
  const exposed = {};
  const cards = ids.map((id) => {
    const model = models.get(id);
    const { kl, klPerDim } = testSplitKl(ctx, id, model, test);
    const active = Array.from(klPerDim).filter((v) => v >= ACTIVE_NATS).length;
    const bars = klBars({ t, Z: model.latentSize, label: t('vae.collapse.bars', { model: modelName(id, t) }), scale: 3.5 });
    bars.update(klPerDim, { collapsedBelow: ACTIVE_NATS });
    exposed[id] = { kl, klPerDim: Array.from(klPerDim), active, beta: model.config.beta };
    return el('article', { className: 'model-card', dataset: { model: id } },
      el('header', {}, el('strong', { textContent: modelName(id, t) })),
      el('p', { className: 'panel-note vae-collapse-summary',
        textContent: t('vae.collapse.summary', { kl: t.number(kl, 1), active, Z: model.latentSize, beta: t.number(model.config.beta, 0) }) }),
      bars.root);
  });
  ctx.expose({ collapse: exposed });
  return panel(t('vae.collapse.title'),
    mathText(t('vae.collapse.intro', { threshold: t.number(ACTIVE_NATS, 1) }), { tag: 'p', className: 'panel-note' }),
    el('div', { className: 'vae-cards vae-collapse' }, cards));
}
