// Anomaly detection: a model of normal data (MNIST digits) scores every image;
// images it reconstructs badly score high. The view scores the test digits
// ("normal") and a set of anomalies (Fashion-MNIST, turned or inverted digits,
// noise) in slices, overlays both histograms, and lets the student move the
// threshold (confusion counts, TPR, FPR, the point on the ROC curve), look at
// the most and least anomalous images and at the per-pixel error map of one,
// and draw something of their own that is scored live.
//
// URL: model=ae2|ae16|ae32|vae2|vae16 (default vae16), score=model|recon (VAEs:
// −ELBO or reconstruction error), set=fashion|rotated|inverted|noise,
// threshold=<score>, pick=n<i>|a<i>|drawing, digit=d<…> (the drawing).
// Test hook: views.anomaly = { model, kind, set, normal, anomalous (scores), threshold, counts, auroc,
//   roc: { fpr, tpr } (length only), drawing: { score } | null, pick, map: { sum, score }, scoringMs }.
import { el, panel, segmented, select, coalesced } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { drawnRef, parseRef } from '../ui/digitref.js';
import { modelName } from '../ui/modelinfo.js';
import { confusion, extremes, fractionBelow, histogram, invert, logEdges, noiseImages, pixelCrossEntropy,
  quantile, rotateQuarter } from '../ui/apps/anomaly-math.js';
import { histogramChart, rocChart } from '../ui/apps/charts.js';
import { ensureStyles, gallery } from '../ui/apps/figures.js';
import { errorMapPanel, thresholdPanel, verdictLine } from '../ui/apps/anomaly-panels.js';
import { scoreSets } from '../ui/apps/scoring.js';

const MODEL_IDS = ['vae16', 'vae2', 'ae2', 'ae16', 'ae32'];
const SETS = ['fashion', 'rotated', 'inverted', 'noise'];
const GALLERY = 8;
const BINS = 40;

// The anomaly sets, made once per visit from the bundled data.
function anomalySets(test, fashion) {
  return {
    fashion: () => fashion.images,
    rotated: () => rotateQuarter(test.images),
    inverted: () => invert(test.images),
    noise: () => noiseImages(1000, 7),
  };
}

export async function mount(root, ctx) {
  const { t, params, life, models, data } = ctx;
  ensureStyles();
  const [lab, test, fashion] = await Promise.all([ctx.lab(), data.load('mnist-test'), data.load('fashion-test')]);
  const makers = anomalySets(test, fashion);
  const made = new Map();
  const imagesOf = (name) => (name === 'mnist' ? test.images : (made.has(name) || made.set(name, makers[name]()), made.get(name)));

  const ids = models.choices(MODEL_IDS, (m) => !m.isConditional);
  const state = {
    modelId: params.choice('model', ids, 'vae16'),
    kind: params.choice('score', ['model', 'recon'], 'model'),
    set: params.choice('set', SETS, 'fashion'),
    threshold: null,
    model: null,
    scores: null,
    roc: null,
    pick: params.get('pick') ?? null,
    generation: 0,
  };

  // ---- controls ----------------------------------------------------------------------------
  const modelControl = select({ label: t('anomaly.model'), name: 'model', value: state.modelId,
    options: ids.map((id) => ({ value: id, text: modelName(id, t) })),
    onChange: (id) => ((state.modelId = id), (state.threshold = null), params.setMany({ model: id, threshold: null }), reload()) });
  const kindControl = segmented({ label: t('anomaly.scoreKind'), name: 'score', value: state.kind,
    options: [{ value: 'model', text: t('anomaly.kindElbo') }, { value: 'recon', text: t('anomaly.kindRecon') }],
    onChange: (kind) => ((state.kind = kind), (state.threshold = null), params.setMany({ score: kind, threshold: null }), reload()) });
  const setControl = select({ label: t('anomaly.set'), name: 'set', value: state.set,
    options: SETS.map((name) => ({ value: name, text: t(`anomaly.set.${name}`) })),
    onChange: (name) => ((state.set = name), params.set('set', name), reload()) });
  const progress = el('p', { className: 'apps-progress', dataset: { name: 'progress' }, attrs: { 'aria-live': 'polite' } });
  const scoreNote = el('p', { className: 'panel-note', dataset: { name: 'score-note' } });

  // ---- charts, threshold, galleries, map ------------------------------------------------------
  const hist = histogramChart({ t, life, label: t('anomaly.histLabel') });
  const roc = rocChart({ t, life, label: t('anomaly.rocLabel') });
  const aurocLine = el('p', { className: 'apps-big', dataset: { name: 'auroc' } });
  const threshold = thresholdPanel({ t, onInput: (value) => setThreshold(value, { fromSlider: true }) });
  const galleries = el('div', { dataset: { name: 'galleries' } });
  const map = errorMapPanel({ t });

  // ---- drawing -------------------------------------------------------------------------------
  const verdict = verdictLine(t);
  const pad = new DrawPad({ t, size: 200, brush: 16, compact: true, onChange: (final) => {
    // Drawing shows the drawing's error map; clearing the pad goes back to an image of the sets.
    state.pick = pad.isEmpty ? null : 'drawing';
    drawingChanged();
    if (pad.isEmpty) showPick();
    if (final) params.setMany({ digit: pad.isEmpty ? null : drawnRef(drawingImage()), pick: state.pick });
  } });
  const drawingImage = () => pad.onlyImage ?? lab.mnistify(pad.ink(), pad.size, pad.size);

  root.append(
    el('h2', { textContent: t('anomaly.title') }),
    el('p', { className: 'view-intro', textContent: t('anomaly.intro') }),
    el('div', { className: 'layout two' },
      el('div', { className: 'stack' },
        panel(t('anomaly.setup'), modelControl.root, kindControl.root, setControl.root, scoreNote, progress),
        panel(t('anomaly.drawTitle'), pad.root, verdict.root, el('p', { className: 'panel-note', textContent: t('anomaly.drawNote') }))),
      el('div', { className: 'stack' },
        panel(t('anomaly.histTitle'), hist.root, threshold.root),
        panel(t('anomaly.rocTitle'), aurocLine, roc.root, el('p', { className: 'panel-note', textContent: t('anomaly.rocNote') })),
        panel(t('anomaly.mapTitle'), map.root),
        panel(t('anomaly.galleryTitle'), galleries))));

  // ---- behaviour -----------------------------------------------------------------------------
  const expose = () => ctx.expose({
    model: state.modelId, kind: effectiveKind(), set: state.set, threshold: state.threshold,
    normal: state.scores ? Array.from(state.scores.mnist) : null,
    anomalous: state.scores ? Array.from(state.scores[state.set]) : null,
    auroc: state.roc?.auroc ?? null, rocPoints: state.roc?.thresholds.length ?? 0,
  });
  const effectiveKind = () => (state.model && !state.model.isVariational ? 'model' : state.kind);

  function setThreshold(value, { fromSlider = false } = {}) {
    if (!state.scores) return;
    state.threshold = value;
    if (!fromSlider) threshold.show(value);
    const counts = confusion(state.scores.mnist, state.scores[state.set], value);
    threshold.counts(counts);
    hist.mark({ threshold: value });
    roc.mark({ fpr: counts.fpr, tpr: counts.tpr });
    saveThreshold();
    drawingChanged();
    ctx.expose({ threshold: value, counts });
    expose();
  }
  const saveThreshold = coalesced(() => params.set('threshold', Number(state.threshold.toPrecision(5))));

  function showScores() {
    const normal = state.scores.mnist, anomalous = state.scores[state.set];
    const all = [...normal, ...anomalous];
    const lo = Math.max(1e-3, Math.min(...all)), hi = Math.max(...all) * 1.001;
    const edges = logEdges(lo, hi, BINS);
    hist.update(edges, histogram(normal, edges), histogram(anomalous, edges));
    threshold.setRange(lo, hi);
    state.roc = lab.roc(normal, anomalous);
    roc.update(state.roc.falsePositiveRate, state.roc.truePositiveRate);
    aurocLine.textContent = t('anomaly.auroc', { value: t.number(state.roc.auroc, 4) });
    const linked = params.number('threshold', { min: lo, max: hi, fallback: NaN });
    const start = state.threshold ?? (Number.isFinite(linked) ? linked : quantile(normal, 0.95));
    setThreshold(start);
    showGalleries();
    showPick();
  }

  function showGalleries() {
    const sets = [['mnist', test.images, 'normal'], [state.set, imagesOf(state.set), 'anomalous']];
    galleries.replaceChildren(...sets.flatMap(([name, images, role]) => {
      const scores = state.scores[name];
      const { most, least } = extremes(scores, GALLERY);
      const prefix = role === 'normal' ? 'n' : 'a';
      const pick = (index) => ((state.pick = `${prefix}${index}`), params.set('pick', state.pick), showPick());
      const setName = role === 'normal' ? t('anomaly.set.mnist') : t(`anomaly.set.${state.set}`);
      return [gallery({ t, title: t('anomaly.most', { set: setName }), images, indices: most, scores, onPick: pick, name: `${role}-most` }),
        gallery({ t, title: t('anomaly.least', { set: setName }), images, indices: least, scores, onPick: pick, name: `${role}-least` })];
    }));
  }

  // The picked image's error map: n<i> a test digit, a<i> an anomaly, 'drawing' the pad.
  function showPick() {
    if (!state.scores) return;
    let pick = state.pick;
    const match = /^([na])(\d+)$/.exec(pick ?? '');
    const setName = match?.[1] === 'n' ? 'mnist' : state.set;
    const images = imagesOf(setName);
    if (pick === 'drawing' && pad.isEmpty) pick = null;
    if (pick !== 'drawing' && (!match || Number(match[2]) >= images.length / 784)) {
      pick = `a${extremes(state.scores[state.set], 1).most[0]}`;
      return (state.pick = pick), showPick();
    }
    const image = pick === 'drawing' ? drawingImage() : images.subarray(Number(match[2]) * 784, (Number(match[2]) + 1) * 784);
    const score = pick === 'drawing' ? scoreOf(image) : state.scores[setName][Number(match[2])];
    const reconstruction = state.model.reconstruct(image);
    const what = pick === 'drawing' ? t('anomaly.pickDrawing')
      : t('anomaly.pickImage', { set: t(`anomaly.set.${setName}`), index: Number(match[2]) });
    const sum = map.show({ what, image, reconstruction, map: pixelCrossEntropy(image, reconstruction), score, scoreLabel: scoreLabel() });
    for (const thumb of galleries.querySelectorAll('.apps-thumb')) {
      const role = thumb.closest('[data-gallery]').dataset.gallery.startsWith('normal') ? 'n' : 'a';
      thumb.setAttribute('aria-pressed', String(`${role}${thumb.dataset.index}` === pick));
    }
    ctx.expose({ pick, map: { sum, score } });
  }

  const scoreLabel = () => t(effectiveKind() === 'recon' || !state.model.isVariational ? 'anomaly.kindRecon' : 'anomaly.kindElbo');

  // One image's score, as its set's scores are defined (a VAE's −ELBO with a fixed sample seed).
  function scoreOf(image) {
    if (effectiveKind() === 'recon' || !state.model.isVariational) {
      if (!state.model.isVariational) return state.model.anomalyScores(image)[0];
      return pixelCrossEntropy(image, state.model.reconstruct(image)).reduce((s, v) => s + v, 0);
    }
    return state.model.anomalyScores(image, { seed: 1 })[0];
  }

  const drawingChanged = coalesced(() => {
    if (!state.scores || pad.isEmpty) {
      verdict.show(null);
      hist.mark({ drawing: NaN });
      ctx.expose({ drawing: null });
      return;
    }
    const score = scoreOf(drawingImage());
    verdict.show({ score, threshold: state.threshold, below: fractionBelow(state.scores.mnist, score) });
    hist.mark({ drawing: score });
    if (state.pick === 'drawing') showPick();
    ctx.expose({ drawing: { score, anomalous: score >= state.threshold } });
  });

  async function reload() {
    const mine = ++state.generation;
    state.scores = null;
    state.model = await models.get(state.modelId);
    if (life.left || mine !== state.generation) return;
    kindControl.root.hidden = !state.model.isVariational;
    scoreNote.textContent = t(state.model.isVariational ? `anomaly.note.${state.kind}` : 'anomaly.note.ae');
    const started = performance.now();
    const scores = await scoreSets({
      lab, model: state.model, kind: effectiveKind(), shared: ctx.shared, life,
      sets: [{ name: 'mnist', images: test.images }, { name: state.set, images: imagesOf(state.set) }],
      onProgress: (done, total) => (progress.textContent = t('anomaly.scoring', { done, total })),
    });
    if (!scores || life.left || mine !== state.generation) return;
    const scoringMs = performance.now() - started;
    progress.textContent = t('anomaly.scored', { count: test.count + scores[state.set].length });
    state.scores = scores;
    showScores();
    ctx.expose({ scoringMs });
  }

  // A drawing linked in the URL.
  const linked = params.get('digit');
  if (linked) {
    const ref = parseRef(linked, test.count);
    if (ref?.kind === 'drawn') pad.setImage(ref.pixels);
    else params.set('digit', null);
  }
  await reload();
}
