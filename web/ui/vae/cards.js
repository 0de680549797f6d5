// One VAE's card for the drawing: μ and σ per dimension, the seeded ε and
// z = μ + σ⊙ε, and a strip of decodings of resampled z.
import { el } from '../controls.js';
import { describeModel, modelName } from '../modelinfo.js';
import { posteriorBars, sampleNumbers } from './posterior.js';
import { decodingStrip } from './strip.js';

export const STRIP = 12;

export function vaeCard({ t, id, model }) {
  const bars = posteriorBars({ t, Z: model.latentSize, label: t('vae.card.bars', { model: modelName(id, t) }) });
  const numbers = sampleNumbers({ t });
  const strip = decodingStrip({ t, count: STRIP, label: t('vae.strip.label', { model: modelName(id, t) }) });
  const root = el('article', { className: 'model-card vae-card', dataset: { model: id } },
    el('header', {}, el('strong', { textContent: modelName(id, t) })),
    el('small', { className: 'panel-note', textContent: describeModel(model, t) }),
    bars.root, numbers.root,
    el('h4', { textContent: t('vae.strip.title', { count: STRIP }) }), strip.root);
  return {
    root,
    // posterior: { mu, logvar } from model.encodeDistribution; samples from lab.samplePosterior (STRIP of them).
    update(posterior, samples) {
      bars.update(posterior?.mu ?? null, samples?.sigma ?? null);
      numbers.update(samples, model.latentSize);
      strip.update(samples ? model.decode(samples.z) : null);
    },
  };
}
