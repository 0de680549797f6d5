// The anomaly view's behaviour over its panels (views/anomaly.js builds them):
// scoring the sets, the threshold and its counts, the galleries, the picked
// image's error map and the drawing's live score. URL state goes through
// ctx.params; values for the browser tests through ctx.expose.
import { coalesced } from '../controls.js';
import { drawnRef } from '../digitref.js';
import { confusion, extremes, fractionBelow, histogram, logEdges, pixelCrossEntropy, quantile } from './anomaly-math.js';
import { gallery } from './figures.js';
import { scoreSets } from './scoring.js';

const GALLERY = 8;
const BINS = 40;

export class AnomalySession {
  // state: { modelId, kind, set, pick }; ui: the panels; imagesOf(name) the images of a set.
  constructor({ ctx, lab, test, imagesOf, state, ui }) {
    Object.assign(this, { ctx, t: ctx.t, lab, test, imagesOf, ui });
    this.state = { ...state, threshold: null, model: null, scores: null, roc: null, generation: 0 };
    this.saveThreshold = coalesced(() => ctx.params.set('threshold', Number(this.state.threshold.toPrecision(5))));
    this.drawingChanged = coalesced(() => this.showDrawing());
  }

  // The score kind in use: an AE has only its reconstruction error ('model').
  get kind() {
    const { model, kind } = this.state;
    return model && !model.isVariational ? 'model' : kind;
  }

  rescore() {
    this.reload().catch((error) => this.ctx.life.left || this.ctx.messages.error(error));
  }

  async reload() {
    const { ctx, state, ui, t } = this;
    const mine = ++state.generation;
    state.scores = null;
    state.model = await ctx.models.get(state.modelId);
    if (ctx.life.left || mine !== state.generation) return;
    ui.kindControl.root.hidden = !state.model.isVariational;
    ui.scoreNote.textContent = t(state.model.isVariational ? `anomaly.note.${state.kind}` : 'anomaly.note.ae');
    const started = performance.now();
    const scores = await scoreSets({
      lab: this.lab, model: state.model, kind: this.kind, shared: ctx.shared, life: ctx.life,
      sets: [{ name: 'mnist', images: this.test.images }, { name: state.set, images: this.imagesOf(state.set) }],
      onProgress: (done, total) => (ui.progress.textContent = t('anomaly.scoring', { done, total })),
    });
    if (!scores || ctx.life.left || mine !== state.generation) return;
    const scoringMs = performance.now() - started;
    ui.progress.textContent = t('anomaly.scored', { count: this.test.count + scores[state.set].length });
    state.scores = scores;
    this.showScores();
    ctx.expose({ model: state.modelId, kind: this.kind, set: state.set, scoringMs,
      normal: Array.from(scores.mnist), anomalous: Array.from(scores[state.set]),
      auroc: state.roc.auroc, rocPoints: state.roc.thresholds.length });
  }

  showScores() {
    const { state, ui, t } = this;
    const normal = state.scores.mnist, anomalous = state.scores[state.set];
    let lo = Infinity, hi = -Infinity;
    for (const scores of [normal, anomalous]) for (const s of scores) (lo = Math.min(lo, s)), (hi = Math.max(hi, s));
    lo = Math.max(1e-3, lo);
    hi *= 1.001;
    const edges = logEdges(lo, hi, BINS);
    ui.hist.update(edges, histogram(normal, edges), histogram(anomalous, edges));
    ui.threshold.setRange(lo, hi);
    state.roc = this.lab.roc(normal, anomalous);
    ui.roc.update(state.roc.falsePositiveRate, state.roc.truePositiveRate);
    ui.aurocLine.textContent = t('anomaly.auroc', { value: t.number(state.roc.auroc, 4) });
    const linked = this.ctx.params.number('threshold', { min: lo, max: hi, fallback: NaN });
    this.setThreshold(state.threshold ?? (Number.isFinite(linked) ? linked : quantile(normal, 0.95)));
    this.showGalleries();
    this.showPick();
  }

  setThreshold(value, { fromSlider = false } = {}) {
    const { state, ui } = this;
    if (!state.scores) return;
    state.threshold = value;
    if (!fromSlider) ui.threshold.show(value);
    const counts = confusion(state.scores.mnist, state.scores[state.set], value);
    ui.threshold.counts(counts);
    ui.hist.mark({ threshold: value });
    ui.roc.mark({ fpr: counts.fpr, tpr: counts.tpr });
    this.saveThreshold();
    this.drawingChanged();
    this.ctx.expose({ threshold: value, counts });
  }

  showGalleries() {
    const { state, t } = this;
    const sets = [['mnist', 'normal'], [state.set, 'anomalous']];
    this.ui.galleries.replaceChildren(...sets.flatMap(([name, role]) => {
      const scores = state.scores[name], images = this.imagesOf(name);
      const { most, least } = extremes(scores, GALLERY);
      const prefix = role === 'normal' ? 'n' : 'a';
      const onPick = (index) => ((state.pick = `${prefix}${index}`), this.ctx.params.set('pick', state.pick), this.showPick());
      const set = t(`anomaly.set.${name}`);
      return [gallery({ t, title: t('anomaly.most', { set }), images, indices: most, scores, onPick, name: `${role}-most` }),
        gallery({ t, title: t('anomaly.least', { set }), images, indices: least, scores, onPick, name: `${role}-least` })];
    }));
  }

  // The picked image's error map: n<i> a test digit, a<i> an anomaly, 'drawing'
  // the pad; anything else falls back to the most anomalous image.
  showPick() {
    const { state, ui, t } = this;
    if (!state.scores) return;
    const match = /^([na])(\d+)$/.exec(state.pick ?? '');
    const setName = match?.[1] === 'n' ? 'mnist' : state.set;
    const index = match ? Number(match[2]) : -1;
    const drawing = state.pick === 'drawing' && !ui.pad.isEmpty;
    if (!drawing && !(index >= 0 && index < state.scores[setName].length)) {
      state.pick = `a${extremes(state.scores[state.set], 1).most[0]}`;
      return this.showPick();
    }
    const image = drawing ? this.drawingImage() : this.imagesOf(setName).subarray(index * 784, (index + 1) * 784);
    const score = drawing ? this.scoreOf(image) : state.scores[setName][index];
    const reconstruction = state.model.reconstruct(image);
    const what = drawing ? t('anomaly.pickDrawing') : t('anomaly.pickImage', { set: t(`anomaly.set.${setName}`), index });
    const scoreLabel = t(this.kind === 'recon' || !state.model.isVariational ? 'anomaly.kindRecon' : 'anomaly.kindElbo');
    const sum = ui.map.show({ what, image, reconstruction, map: pixelCrossEntropy(image, reconstruction), score, scoreLabel });
    for (const thumb of ui.galleries.querySelectorAll('.apps-thumb')) {
      const role = thumb.closest('[data-gallery]').dataset.gallery.startsWith('normal') ? 'n' : 'a';
      thumb.setAttribute('aria-pressed', String(`${role}${thumb.dataset.index}` === state.pick));
    }
    this.ctx.expose({ pick: state.pick, map: { sum, score } });
    return undefined;
  }

  drawingImage() {
    const { pad } = this.ui;
    return pad.digit(this.lab);
  }

  // One image's score as its set's scores are defined (a VAE's −ELBO from one
  // posterior sample, here with a fixed seed so a drawing keeps its score).
  scoreOf(image) {
    const { model } = this.state;
    if (!model.isVariational) return model.anomalyScores(image)[0];
    if (this.kind === 'recon') return pixelCrossEntropy(image, model.reconstruct(image)).reduce((s, v) => s + v, 0);
    return model.anomalyScores(image, { seed: 1 })[0];
  }

  // The pad changed: its drawing becomes the picked image (clearing goes back to the sets).
  padChanged(final) {
    const { state, ui } = this;
    state.pick = ui.pad.isEmpty ? null : 'drawing';
    this.drawingChanged();
    if (ui.pad.isEmpty) this.showPick();
    if (final) this.ctx.params.setMany({ digit: ui.pad.isEmpty ? null : drawnRef(this.drawingImage()), pick: state.pick });
  }

  showDrawing() {
    const { state, ui } = this;
    if (!state.scores || ui.pad.isEmpty) {
      ui.verdict.show(null);
      ui.hist.mark({ drawing: NaN });
      this.ctx.expose({ drawing: null });
      return;
    }
    const score = this.scoreOf(this.drawingImage());
    ui.verdict.show({ score, threshold: state.threshold, below: fractionBelow(state.scores.mnist, score) });
    ui.hist.mark({ drawing: score });
    if (state.pick === 'drawing') this.showPick();
    this.ctx.expose({ drawing: { score, anomalous: score >= state.threshold } });
  }
}
