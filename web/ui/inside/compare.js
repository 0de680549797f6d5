// Dense vs conv on the same digit: each model's parameter count, its
// reconstruction and squared error Σ(x − x̂)², and the same noise
// (lab.corrupt, one seed) through both, scored against the clean digit.
import { el, segmented, slider } from '../controls.js';
import { digitFigure, drawDigit } from '../digits.js';
import { describeModel, modelName } from '../modelinfo.js';
import { squaredError } from './blocks.js';

export const NOISE_KINDS = ['gaussian', 'salt_and_pepper', 'masking', 'block'];

export class Comparison {
  #t;
  #lab;
  #cards;
  #noisyFigure;
  #cleanFigure;

  // entries: [{ id, model }]; noise: { kind, level }; onNoise(noise) when the student changes it.
  constructor({ t, lab, entries, noise, onNoise }) {
    this.#t = t;
    this.#lab = lab;
    this.noise = { ...noise };
    this.#cleanFigure = digitFigure(t('inside.clean'));
    this.#noisyFigure = digitFigure(t('inside.noisy'));
    const kind = segmented({ label: t('inside.noiseKind'), name: 'noise', value: noise.kind,
      options: NOISE_KINDS.map((value) => ({ value, text: t(`inside.noise.${value}`) })),
      onChange: (value) => ((this.noise.kind = value), onNoise(this.noise)) });
    const level = slider({ label: t('inside.noiseLevel'), name: 'level', min: 0, max: 1, step: 0.05, value: noise.level,
      format: (v) => t.number(v, 2), onInput: (value) => ((this.noise.level = value), onNoise(this.noise)) });
    this.#cards = entries.map((entry) => this.#card(entry));
    this.root = el('div', { className: 'stack' },
      el('div', { className: 'row' }, kind.root, level.root),
      el('div', { className: 'figures' }, this.#cleanFigure.root, this.#noisyFigure.root),
      el('div', { className: 'inside-compare' }, this.#cards.map((c) => c.root)));
  }

  #card({ id, model }) {
    const t = this.#t;
    const clean = digitFigure(t('inside.reconstruction'));
    const noisy = digitFigure(t('inside.fromNoisy'));
    const numbers = el('dl', { className: 'inside-numbers' });
    const root = el('article', { className: 'inside-compare-card', dataset: { model: id } },
      el('strong', { textContent: modelName(id, t) }),
      el('small', { className: 'panel-note', textContent: describeModel(model, t) }),
      el('div', { className: 'figures' }, clean.root, noisy.root), numbers);
    return { id, model, root, clean, noisy, numbers };
  }

  // clean: one 784-pixel digit. Returns what it showed: { noisy, models: { id: { parameters, error, noisyError } } }.
  update(clean) {
    const t = this.#t;
    const noisy = this.noise.level > 0
      ? this.#lab.corrupt(clean, { kind: this.noise.kind, level: this.noise.level, seed: 1 }) : Float32Array.from(clean);
    drawDigit(this.#cleanFigure.canvas, clean);
    drawDigit(this.#noisyFigure.canvas, noisy);
    this.#noisyFigure.metric.textContent = t('inside.errorShort', { value: t.number(squaredError(noisy, clean), 1) });
    const shown = { noisy: Array.from(noisy), models: {} };
    for (const card of this.#cards) {
      if (card.model.disposed) continue;
      const fromClean = card.model.reconstruct(clean);
      const fromNoisy = card.model.reconstruct(noisy);
      const error = squaredError(fromClean, clean), noisyError = squaredError(fromNoisy, clean);
      drawDigit(card.clean.canvas, fromClean);
      drawDigit(card.noisy.canvas, fromNoisy);
      card.clean.metric.textContent = t('inside.errorShort', { value: t.number(error, 1) });
      card.noisy.metric.textContent = t('inside.errorShort', { value: t.number(noisyError, 1) });
      const rows = [[t('inside.parametersLabel'), t.number(card.model.parameterCount, 0)], [t('inside.codeSize'), String(card.model.latentSize)],
        [t('inside.errorClean'), t.number(error, 1)], [t('inside.errorNoisy'), t.number(noisyError, 1)]];
      card.numbers.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: v })]));
      shown.models[card.id] = { parameters: card.model.parameterCount, error, noisyError,
        reconstruction: Array.from(fromClean), fromNoisy: Array.from(fromNoisy) };
    }
    return shown;
  }
}
