// The applications views' charts, drawn by uPlot (the page's chart library, as
// in the Train view): overlaid score histograms with the threshold, the ROC
// curve with the threshold's point, and the error-against-k curve.
// Each returns { root, update(...), destroy() } and follows its box's width.
import uPlot from '../../vendor/uplot/uPlot.esm.js';
import { el } from '../controls.js';

export const NORMAL_COLOR = '#2f6fdf';
export const ANOMALY_COLOR = '#e15759';
const HEIGHT = 230;
const RATE_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

function widthOf(root) {
  return Math.max(240, Math.min(900, root.clientWidth || 480));
}

// Resized in the next frame: resizing inside the observer's callback would
// change the observed box again in the same frame (a ResizeObserver loop).
function sized(life, root, plot) {
  life.observe(new ResizeObserver(() => life.frame(() => {
    const width = widthOf(root);
    if (Math.abs(width - plot.width) > 2) plot.setSize({ width, height: HEIGHT });
  })), root);
  life.onLeave(() => plot.destroy());
}

// A vertical line at x (data units) across the plotting area.
function verticalLine(u, x, color, dash = []) {
  if (!Number.isFinite(x)) return;
  const px = u.valToPos(x, 'x', true);
  const { top, height } = u.bbox;
  u.ctx.save();
  u.ctx.strokeStyle = color;
  u.ctx.lineWidth = 2 * devicePixelRatio;
  u.ctx.setLineDash(dash.map((d) => d * devicePixelRatio));
  u.ctx.beginPath();
  u.ctx.moveTo(px, top);
  u.ctx.lineTo(px, top + height);
  u.ctx.stroke();
  u.ctx.restore();
}

// Histograms of two score sets on shared log-spaced bins (fractions of each set).
export function histogramChart({ t, life, label }) {
  const root = el('div', { className: 'chart', dataset: { chart: 'histogram' }, attrs: { role: 'img', 'aria-label': label } });
  const marks = { threshold: NaN, drawing: NaN };
  const stepped = uPlot.paths.stepped({ align: 1 });
  const format = (u, v) => (v == null ? '—' : t.number(v, 1));
  // A log axis has a tick at every 1…9 × 10ⁿ: label only 1, 2 and 5 × 10ⁿ.
  const logTick = (v) => {
    if (v == null || v <= 0) return '';
    const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
    return [1, 2, 5].includes(mantissa) ? t.number(v, 0) : '';
  };
  const plot = new uPlot({
    width: widthOf(root),
    height: HEIGHT,
    scales: { x: { time: false, distr: 3 }, y: { range: (u, min, max) => [0, Math.max(0.01, max * 1.08)] } },
    axes: [{ label: t('anomaly.axisScore'), size: 42, values: (u, ticks) => ticks.map(logTick) },
      { label: t('anomaly.axisFraction'), size: 52, values: (u, ticks) => ticks.map((v) => t.number(100 * v, 0) + ' %') }],
    series: [
      { label: '', value: format },
      { label: t('anomaly.normal'), stroke: NORMAL_COLOR, fill: 'rgba(47,111,223,0.25)', paths: stepped, points: { show: false },
        value: (u, v) => (v == null ? '—' : `${t.number(100 * v, 1)} %`) },
      { label: t('anomaly.anomalous'), stroke: ANOMALY_COLOR, fill: 'rgba(225,87,89,0.25)', paths: stepped, points: { show: false },
        value: (u, v) => (v == null ? '—' : `${t.number(100 * v, 1)} %`) },
    ],
    hooks: { draw: [(u) => {
      verticalLine(u, marks.threshold, '#111');
      verticalLine(u, marks.drawing, '#7b2cbf', [5, 4]);
    }] },
    legend: { live: false },
  }, [[1, 2], [0, 0], [0, 0]], root);
  sized(life, root, plot);
  return {
    root,
    // edges: bins + 1; each set's fractions per bin (the last bin's value repeats at the last edge for the step).
    update(edges, normal, anomalous) {
      plot.setData([edges, [...normal, normal[normal.length - 1]], [...anomalous, anomalous[anomalous.length - 1]]]);
    },
    mark({ threshold = marks.threshold, drawing = marks.drawing } = {}) {
      Object.assign(marks, { threshold, drawing });
      plot.redraw(false);
    },
  };
}

// The ROC curve (FPR → TPR, FPR ascending as the threshold falls), the chance
// diagonal and the current threshold's point.
export function rocChart({ t, life, label }) {
  const root = el('div', { className: 'chart', dataset: { chart: 'roc' }, attrs: { role: 'img', 'aria-label': label } });
  const ticks = (u, values) => values.map((v) => t.number(v, 1));
  const rate = (u, v) => (v == null ? '—' : t.number(v, 3));
  let point = null;
  const plot = new uPlot({
    width: widthOf(root),
    height: HEIGHT,
    scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1.02] } },
    axes: [{ label: t('anomaly.fpr'), size: 42, values: ticks, splits: () => RATE_TICKS },
      { label: t('anomaly.tpr'), size: 48, values: ticks, splits: () => RATE_TICKS }],
    series: [
      { label: t('anomaly.fpr'), value: rate },
      { label: t('anomaly.rocSeries'), stroke: ANOMALY_COLOR, width: 2, points: { show: false }, value: rate },
      { label: t('anomaly.chance'), stroke: '#999', dash: [4, 4], width: 1, points: { show: false } },
    ],
    hooks: { draw: [(u) => {
      if (!point) return;
      const x = u.valToPos(point.fpr, 'x', true), y = u.valToPos(point.tpr, 'y', true);
      u.ctx.save();
      u.ctx.fillStyle = '#111';
      u.ctx.beginPath();
      u.ctx.arc(x, y, 5 * devicePixelRatio, 0, 2 * Math.PI);
      u.ctx.fill();
      u.ctx.restore();
    }] },
    legend: { live: false },
  }, [[0, 1], [0, 1], [0, 1]], root);
  sized(life, root, plot);
  return {
    root,
    update(fpr, tpr) {
      plot.setData([Array.from(fpr), Array.from(tpr), Array.from(fpr)]);
    },
    // { fpr, tpr } of the threshold shown.
    mark(at) {
      point = at;
      plot.redraw(false);
    },
  };
}

// Test squared error against the number of components/code size: PCA's curve and the AEs as points.
export function errorCurveChart({ t, life, label }) {
  const root = el('div', { className: 'chart', dataset: { chart: 'error-curve' }, attrs: { role: 'img', 'aria-label': label } });
  const marks = { k: NaN };
  const plot = new uPlot({
    width: widthOf(root),
    height: HEIGHT,
    scales: { x: { time: false, range: [0, 65] }, y: { range: (u, min, max) => [0, max * 1.05] } },
    axes: [{ label: t('reduce.axisK'), size: 42 }, { label: t('reduce.axisError'), size: 52, values: (u, ticks) => ticks.map((v) => t.number(v, 0)) }],
    series: [
      { label: 'k', value: (u, v) => (v == null ? '—' : String(v)) },
      { label: t('reduce.pcaSeries'), stroke: NORMAL_COLOR, width: 2, points: { show: false }, value: (u, v) => (v == null ? '—' : t.number(v, 2)) },
      { label: t('reduce.aeSeries'), stroke: ANOMALY_COLOR, width: 0, paths: () => null,
        points: { show: true, size: 11, fill: ANOMALY_COLOR, stroke: ANOMALY_COLOR }, value: (u, v) => (v == null ? '—' : t.number(v, 2)) },
    ],
    hooks: { draw: [(u) => verticalLine(u, marks.k, '#111', [4, 4])] },
    legend: { live: false },
  }, [[1], [0], [null]], root);
  sized(life, root, plot);
  return {
    root,
    // pcaCurve[j] for k = j + 1; ae: Map(k -> error).
    update(pcaCurve, ae) {
      const ks = Array.from(pcaCurve, (_, j) => j + 1);
      plot.setData([ks, Array.from(pcaCurve), ks.map((k) => ae.get(k) ?? null)]);
    },
    mark(k) {
      marks.k = k;
      plot.redraw(false);
    },
  };
}
