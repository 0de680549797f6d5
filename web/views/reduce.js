// Dimensionality reduction: an autoencoder with a k-dimensional code against
// PCA with k components (Hinton & Salakhutdinov, Science 2006). For a test
// digit or the student's drawing, both reconstructions side by side with their
// errors; the test error of PCA for every k = 1 … 64 with the AEs as points;
// and the two 2-D codes of the test digits (PCA's first two components, ae2's
// code) coloured by class, with the k-NN accuracy of each.
//
// URL: k=2|16|32 (the code sizes there are shipped dense AEs for), digit=t<i>|d<…>.
// Test hook: views.reduce = { k, input, pca: { error, reconstruction }, ae: { error, reconstruction },
//   pcaCurve, aeErrors: { <k>: error }, pcaAccuracy, aeAccuracy, pcaFittedIn: 'worker' | 'page' }.
import { el, panel, segmented, coalesced } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { DigitPicker } from '../ui/picker.js';
import { classLegend, digitFigure, drawDigit } from '../ui/digits.js';
import { drawnRef, parseRef, testRef } from '../ui/digitref.js';
import { LatentScatter } from '../ui/scatter.js';
import { errorCurveChart } from '../ui/apps/charts.js';
import { ensureStyles } from '../ui/apps/figures.js';
import { KNN_K, measuredErrors, sharedPca, squaredErrors, twoDimensional } from '../ui/apps/reduce-data.js';

const AE_IDS = { 2: 'ae2', 16: 'ae16', 32: 'ae32' };
const SIZES = Object.keys(AE_IDS).map(Number);

export async function mount(root, ctx) {
  const { t, params, life, models, data } = ctx;
  ensureStyles();
  const [lab, train, test] = await Promise.all([ctx.lab(), data.load('mnist-train'), data.load('mnist-test')]);
  const state = { k: Number(params.choice('k', SIZES.map(String), '16')), input: data.image(test, 0), pca: null, aes: new Map() };

  // ---- input: a test digit or a drawing -----------------------------------------------------
  const picker = new DigitPicker({ t, set: test, data, label: t('reduce.pick'), name: 'digit', onPick: (index) => {
    pad.setImage(data.image(test, index));
    params.set('digit', testRef(index));
  } });
  const pad = new DrawPad({ t, size: 200, brush: 16, compact: true, onChange: (final) => {
    if (!pad.isEmpty) state.input = pad.digit(lab);
    update();
    if (final && !pad.onlyImage) params.set('digit', pad.isEmpty ? null : drawnRef(state.input));
  } });

  // ---- reconstructions --------------------------------------------------------------------------
  const kControl = segmented({ label: t('reduce.k'), name: 'k', value: String(state.k),
    options: SIZES.map((k) => ({ value: String(k), text: String(k) })),
    onChange: (value) => ((state.k = Number(value)), params.set('k', value), update(), curve.mark(state.k)) });
  const figures = {
    input: digitFigure(t('reduce.input'), { className: 'digit large' }),
    pca: digitFigure(t('reduce.pcaWith', { k: state.k }), { className: 'digit large' }),
    ae: digitFigure(t('reduce.aeWith', { k: state.k }), { className: 'digit large' }),
  };
  for (const [name, figure] of Object.entries(figures)) figure.metric.dataset.metric = name;

  // ---- curve and 2-D codes ----------------------------------------------------------------------
  const curve = errorCurveChart({ t, life, label: t('reduce.curveLabel') });
  const table = el('table', { className: 'apps-table', dataset: { name: 'errors' } });
  const maps = ['pca', 'ae'].map((name) => {
    const scatter = new LatentScatter({ t, life, label: t(`reduce.map.${name}`) });
    const accuracy = el('p', { className: 'apps-big', dataset: { accuracy: name } }, '…');
    return { name, scatter, accuracy, root: el('div', {}, el('h4', { className: 'subhead', textContent: t(`reduce.map.${name}`) }), scatter.root, accuracy) };
  });
  const status = el('p', { className: 'apps-progress', dataset: { name: 'progress' }, attrs: { 'aria-live': 'polite' } });

  root.append(
    el('h2', { textContent: t('reduce.title') }),
    el('p', { className: 'view-intro', textContent: t('reduce.intro') }),
    status,
    el('div', { className: 'layout two' },
      el('div', { className: 'stack' },
        panel(t('reduce.inputTitle'), picker.root, pad.root, el('p', { className: 'panel-note', textContent: t('reduce.inputNote') }))),
      el('div', { className: 'stack' },
        panel(t('reduce.reconTitle'), kControl.root,
          el('div', { className: 'figures summary' }, figures.input.root, figures.pca.root, figures.ae.root),
          el('p', { className: 'panel-note', textContent: t('reduce.reconNote') })),
        panel(t('reduce.curveTitle'), curve.root, table, el('p', { className: 'panel-note', textContent: t('reduce.curveNote') })),
        panel(t('reduce.mapsTitle'), el('div', { className: 'apps-maps' }, maps.map((m) => m.root)), classLegend(t),
          el('p', { className: 'panel-note', textContent: t('reduce.mapsNote', { k: KNN_K }) })))));

  const update = coalesced(() => {
    const ae = state.aes.get(state.k);
    drawDigit(figures.input.canvas, state.input);
    if (!state.pca || !ae) return;
    const pcaRebuilt = state.pca.reconstruct(state.input, { componentCount: state.k });
    const aeRebuilt = ae.reconstruct(state.input);
    const pcaError = squaredErrors(pcaRebuilt, state.input)[0], aeError = squaredErrors(aeRebuilt, state.input)[0];
    drawDigit(figures.pca.canvas, pcaRebuilt);
    drawDigit(figures.ae.canvas, aeRebuilt);
    figures.pca.caption.textContent = t('reduce.pcaWith', { k: state.k });
    figures.ae.caption.textContent = t('reduce.aeWith', { k: state.k });
    figures.pca.metric.textContent = t('reduce.error', { value: t.number(pcaError, 1) });
    figures.ae.metric.textContent = t('reduce.error', { value: t.number(aeError, 1) });
    ctx.expose({ k: state.k, input: Array.from(state.input),
      pca: { error: pcaError, reconstruction: Array.from(pcaRebuilt) }, ae: { error: aeError, reconstruction: Array.from(aeRebuilt) } });
  });

  function showErrors({ pcaCurve, aeErrors }) {
    curve.update(pcaCurve, aeErrors);
    curve.mark(state.k);
    const head = el('tr', {}, ...['reduce.colK', 'reduce.colPca', 'reduce.colAe', 'reduce.colGain'].map((key) => el('th', { scope: 'col', textContent: t(key) })));
    const rows = SIZES.map((k) => {
      const pca = pcaCurve[k - 1], ae = aeErrors.get(k);
      return el('tr', { dataset: { k: String(k) } }, el('td', { textContent: String(k) }), el('td', { textContent: t.number(pca, 2) }),
        el('td', { textContent: t.number(ae, 2) }), el('td', { textContent: `${t.number(100 * (1 - ae / pca), 0)} %` }));
    });
    table.replaceChildren(el('caption', { className: 'sr-only', textContent: t('reduce.tableCaption') }), el('thead', {}, head), el('tbody', {}, rows));
    ctx.expose({ pcaCurve: Array.from(pcaCurve), aeErrors: Object.fromEntries(aeErrors) });
  }

  function showMaps(codes) {
    maps[0].scatter.setPoints(codes.pcaTest, test.labels);
    maps[1].scatter.setPoints(codes.aeTest, test.labels);
    maps[0].accuracy.textContent = t('reduce.accuracy', { k: KNN_K, value: t.number(100 * codes.pcaAccuracy, 1) });
    maps[1].accuracy.textContent = t('reduce.accuracy', { k: KNN_K, value: t.number(100 * codes.aeAccuracy, 1) });
    ctx.expose({ pcaAccuracy: codes.pcaAccuracy, aeAccuracy: codes.aeAccuracy });
  }

  // The linked digit, else test digit 0.
  const linked = params.get('digit');
  const ref = linked ? parseRef(linked, test.count) : { kind: 'test', index: 0 };
  if (ref?.kind === 'drawn') pad.setImage(ref.pixels);
  else if (ref?.kind === 'test') (pad.setImage(data.image(test, ref.index)), picker.select(ref.index));
  else (ctx.messages.notice(t('app.paramUnknown', { name: 'digit', value: linked.slice(0, 16), options: 't…, d…' })), params.set('digit', null));

  const aes = await Promise.all(SIZES.map((k) => models.get(AE_IDS[k])));
  SIZES.forEach((k, i) => state.aes.set(k, aes[i]));
  // The view is usable at once; the fit and the measurements fill it in as they finish.
  measure().catch((error) => life.left || ctx.messages.error(error));

  async function measure() {
    status.textContent = t('reduce.fitting', { count: train.count });
    const fitted = await sharedPca(ctx, lab, train);
    if (life.left) return;
    state.pca = fitted.pca;
    ctx.expose({ pcaFittedIn: fitted.where });
    update();
    status.textContent = t('reduce.measuring');
    const errors = await measuredErrors(ctx, { pca: state.pca, aes: state.aes, test, life });
    if (!errors) return;
    showErrors(errors);
    const codes = await twoDimensional(ctx, { lab, pca: state.pca, ae2: state.aes.get(2), train, test, life });
    if (!codes) return;
    showMaps(codes);
    status.textContent = t('reduce.done', { count: train.count, test: test.count });
  }
}
