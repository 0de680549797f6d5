// The anomaly view's panels, each building its DOM and exposing update
// functions; the view (views/anomaly.js) wires them to the scores.
import { el, slider } from '../controls.js';
import { digitFigure, drawDigit } from '../digits.js';
import { drawHeat, heatLegend } from './figures.js';

const STEPS = 1000;

// The threshold slider, on a log scale between lo and hi, with the confusion
// counts and rates under it.
export function thresholdPanel({ t, onInput }) {
  let lo = 1, hi = 2;
  // A threshold set from elsewhere (the URL, a default) shows as itself, not as its slider step.
  let exact = { position: -1, value: NaN };
  const toValue = (position) => Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * position) / STEPS);
  const toPosition = (value) => Math.round((STEPS * (Math.log(value) - Math.log(lo))) / (Math.log(hi) - Math.log(lo)));
  const control = slider({
    label: t('anomaly.threshold'),
    min: 0,
    max: STEPS,
    value: 0,
    name: 'threshold',
    format: (position) => t.number(position === exact.position ? exact.value : toValue(position), 1),
    onInput: (position) => {
      exact = { position: -1, value: NaN };
      control.set(position);
      onInput(toValue(position));
    },
    hint: t('anomaly.thresholdHint'),
  });
  const cell = (name) => el('td', { dataset: { count: name }, textContent: '—' });
  const cells = { tp: cell('tp'), fn: cell('fn'), fp: cell('fp'), tn: cell('tn') };
  const table = el('table', { className: 'apps-confusion' },
    el('caption', { className: 'sr-only', textContent: t('anomaly.confusionCaption') }),
    el('thead', {}, el('tr', {}, el('th', { textContent: '' }),
      el('th', { scope: 'col', textContent: t('anomaly.flagged') }), el('th', { scope: 'col', textContent: t('anomaly.passed') }))),
    el('tbody', {},
      el('tr', {}, el('th', { scope: 'row', textContent: t('anomaly.rowAnomalous') }), cells.tp, cells.fn),
      el('tr', {}, el('th', { scope: 'row', textContent: t('anomaly.rowNormal') }), cells.fp, cells.tn)));
  const rate = (name) => el('span', { dataset: { rate: name }, textContent: '—' });
  const rates = { tpr: rate('tpr'), fpr: rate('fpr') };
  const root = el('div', {}, control.root, table,
    el('div', { className: 'apps-rates' },
      el('span', {}, `${t('anomaly.tprLong')}: `, rates.tpr), el('span', {}, `${t('anomaly.fprLong')}: `, rates.fpr)),
    el('p', { className: 'panel-note', textContent: t('anomaly.confusionNote') }));
  return {
    root,
    setRange(low, high) {
      lo = low;
      hi = high;
    },
    // Moves the slider to value (clamped to the range) and returns the value it shows.
    show(value) {
      const position = Math.min(STEPS, Math.max(0, toPosition(value)));
      exact = { position, value };
      control.set(position);
      return value;
    },
    counts(c) {
      for (const key of ['tp', 'fn', 'fp', 'tn']) cells[key].textContent = t.number(c[key], 0);
      rates.tpr.textContent = `${t.number(100 * c.tpr, 1)} %`;
      rates.fpr.textContent = `${t.number(100 * c.fpr, 1)} %`;
    },
    input: control.input,
  };
}

// The selected image: input, reconstruction and per-pixel cross-entropy.
export function errorMapPanel({ t }) {
  const input = digitFigure(t('anomaly.mapInput'), { className: 'digit large' });
  const rebuilt = digitFigure(t('anomaly.mapReconstruction'), { className: 'digit large' });
  const heatFigure = digitFigure(t('anomaly.mapError'), { className: 'digit large' });
  const legend = el('div');
  const numbers = el('p', { className: 'panel-note', dataset: { name: 'map-numbers' } });
  const root = el('div', {}, el('div', { className: 'figures' }, input.root, rebuilt.root, heatFigure.root), legend, numbers,
    el('p', { className: 'panel-note', textContent: t('anomaly.mapNote') }));
  return {
    root,
    // what: the caption of the picked image; map: per-pixel nats; score: the set's score of it.
    show({ what, image, reconstruction, map, score, scoreLabel }) {
      input.caption.textContent = what;
      drawDigit(input.canvas, image);
      drawDigit(rebuilt.canvas, reconstruction);
      const max = Math.max(1, ...map);
      drawHeat(heatFigure.canvas, map, max);
      legend.replaceChildren(heatLegend(t, max));
      const sum = map.reduce((s, v) => s + v, 0);
      numbers.textContent = t('anomaly.mapNumbers', { sum: t.number(sum, 1), score: t.number(score, 1), scoreLabel });
      return sum;
    },
  };
}

// The verdict line for the student's drawing.
export function verdictLine(t) {
  const root = el('p', { className: 'apps-verdict', dataset: { name: 'verdict' }, attrs: { 'aria-live': 'polite' } });
  return {
    root,
    show(result) {
      if (!result) {
        root.textContent = t('anomaly.drawPrompt');
        root.className = 'apps-verdict';
        return;
      }
      const { score, threshold, below } = result;
      const anomalous = score >= threshold;
      root.className = `apps-verdict ${anomalous ? 'anomalous' : 'normal'}`;
      root.textContent = t(anomalous ? 'anomaly.verdictAnomalous' : 'anomaly.verdictNormal', {
        score: t.number(score, 1), threshold: t.number(threshold, 1), percent: t.number(100 * below, 1),
      });
    },
  };
}
