// Anomaly detection: a model of normal data (MNIST digits) scores every image;
// images it reconstructs badly score high. The view scores the test digits
// ("normal") and a set of anomalies (Fashion-MNIST, turned or inverted digits,
// noise) in slices, overlays both histograms, and lets the student move the
// threshold (confusion counts, TPR, FPR, the point on the ROC curve), look at
// the most and least anomalous images and at the per-pixel error map of one,
// and draw something of their own that is scored live. Its behaviour lives in
// ui/apps/anomaly-session.js.
//
// URL: model=vae16|vae2|ae2|ae16|ae32 (default vae16), score=model|recon (VAEs:
// −ELBO or reconstruction error), set=fashion|rotated|inverted|noise,
// threshold=<score>, pick=n<i>|a<i>|drawing, digit=d<…> (the drawing).
// Test hook: views.anomaly = { model, kind, set, normal, anomalous (the scores), threshold, counts,
//   auroc, rocPoints, drawing: { score, anomalous } | null, pick, map: { sum, score }, scoringMs }.
import { el, panel, segmented, select } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { parseRef } from '../ui/digitref.js';
import { modelName } from '../ui/modelinfo.js';
import { invert, noiseImages, rotateQuarter } from '../ui/apps/anomaly-math.js';
import { histogramChart, rocChart } from '../ui/apps/charts.js';
import { ensureStyles } from '../ui/apps/figures.js';
import { errorMapPanel, thresholdPanel, verdictLine } from '../ui/apps/anomaly-panels.js';
import { AnomalySession } from '../ui/apps/anomaly-session.js';

const MODEL_IDS = ['vae16', 'vae2', 'ae2', 'ae16', 'ae32'];
const SETS = ['fashion', 'rotated', 'inverted', 'noise'];

// The anomaly sets, each made on first use from the bundled data.
function anomalySets(test, fashion) {
  const makers = {
    mnist: () => test.images,
    fashion: () => fashion.images,
    rotated: () => rotateQuarter(test.images),
    inverted: () => invert(test.images),
    noise: () => noiseImages(1000, 7),
  };
  const made = new Map();
  return (name) => {
    if (!made.has(name)) made.set(name, makers[name]());
    return made.get(name);
  };
}

export async function mount(root, ctx) {
  const { t, params, life, models, data } = ctx;
  ensureStyles();
  const [lab, test, fashion] = await Promise.all([ctx.lab(), data.load('mnist-test'), data.load('fashion-test')]);
  const ids = models.choices(MODEL_IDS, (m) => !m.isConditional);
  const state = {
    modelId: params.choice('model', ids, 'vae16'),
    kind: params.choice('score', ['model', 'recon'], 'model'),
    set: params.choice('set', SETS, 'fashion'),
    pick: params.get('pick'),
  };
  let session = null;
  // A new model or score kind has its own scale: its threshold starts afresh.
  const choose = (changes, urlChanges) => {
    Object.assign(session.state, changes);
    params.setMany(urlChanges);
    session.rescore();
  };

  const ui = {
    kindControl: segmented({ label: t('anomaly.scoreKind'), name: 'score', value: state.kind,
      options: [{ value: 'model', text: t('anomaly.kindElbo') }, { value: 'recon', text: t('anomaly.kindRecon') }],
      onChange: (kind) => choose({ kind, threshold: null }, { score: kind, threshold: null }) }),
    progress: el('p', { className: 'apps-progress', dataset: { name: 'progress' }, attrs: { 'aria-live': 'polite' } }),
    scoreNote: el('p', { className: 'panel-note', dataset: { name: 'score-note' } }),
    hist: histogramChart({ t, life, label: t('anomaly.histLabel') }),
    roc: rocChart({ t, life, label: t('anomaly.rocLabel') }),
    aurocLine: el('p', { className: 'apps-big', dataset: { name: 'auroc' } }),
    threshold: thresholdPanel({ t, onInput: (value) => session.setThreshold(value, { fromSlider: true }) }),
    galleries: el('div', { dataset: { name: 'galleries' } }),
    map: errorMapPanel({ t }),
    verdict: verdictLine(t),
    pad: new DrawPad({ t, size: 200, brush: 16, compact: true, onChange: (final) => session?.padChanged(final) }),
  };
  const modelControl = select({ label: t('anomaly.model'), name: 'model', value: state.modelId,
    options: ids.map((id) => ({ value: id, text: modelName(id, t) })),
    onChange: (modelId) => choose({ modelId, threshold: null }, { model: modelId, threshold: null }) });
  const setControl = select({ label: t('anomaly.set'), name: 'set', value: state.set,
    options: SETS.map((name) => ({ value: name, text: t(`anomaly.set.${name}`) })),
    onChange: (set) => choose({ set }, { set }) });

  root.append(
    el('h2', { textContent: t('anomaly.title') }),
    el('p', { className: 'view-intro', textContent: t('anomaly.intro') }),
    el('div', { className: 'layout two' },
      el('div', { className: 'stack' },
        panel(t('anomaly.setup'), modelControl.root, ui.kindControl.root, setControl.root, ui.scoreNote, ui.progress),
        panel(t('anomaly.drawTitle'), ui.pad.root, ui.verdict.root, el('p', { className: 'panel-note', textContent: t('anomaly.drawNote') }))),
      el('div', { className: 'stack' },
        panel(t('anomaly.histTitle'), ui.hist.root, ui.threshold.root),
        panel(t('anomaly.rocTitle'), ui.aurocLine, ui.roc.root, el('p', { className: 'panel-note', textContent: t('anomaly.rocNote') })),
        panel(t('anomaly.mapTitle'), ui.map.root),
        panel(t('anomaly.galleryTitle'), ui.galleries))));

  // A drawing linked in the URL (before the session, so it does not count as a new stroke).
  const linked = params.get('digit');
  if (linked) {
    const ref = parseRef(linked, test.count);
    if (ref?.kind === 'drawn') ui.pad.setImage(ref.pixels);
    else params.set('digit', null);
  }
  ui.verdict.show(null);
  session = new AnomalySession({ ctx, lab, test, imagesOf: anomalySets(test, fashion), state, ui });
  // The view is usable at once; the scores fill it in slice by slice.
  session.rescore();
}
