// The Train view's loss curves (uPlot): reconstruction and KL per batch, and
// per epoch on the training and the test digits, from the session's series.
//
//   const charts = trainCharts(ctx, { plannedEpochs: () => n });
//   charts.panels.reconstruction / .kl; charts.start() once on the page; charts.redraw() (coalesced); charts.reset()
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { el, coalesced, panel } from '../ui/controls.js';
import { session } from './train-session.js';

const HEIGHT = 220;
const MIN_WIDTH = 260;

// plannedEpochs(): the x axis spans every planned epoch, so the curve grows towards its end.
export function trainCharts(ctx, { plannedEpochs }) {
  const { t } = ctx;
  const roots = { reconstruction: chartRoot('reconstruction'), kl: chartRoot('kl') };
  const empty = { reconstruction: emptyNote(t), kl: emptyNote(t) };
  const charts = {};
  const data = (key) => {
    const s = session.series;
    return key === 'reconstruction' ? [s.x, s.reconstruction, s.epochReconstruction, s.testReconstruction] : [s.x, s.kl, s.epochKl, s.testKl];
  };
  function reset() {
    for (const key of Object.keys(charts)) charts[key].setData(data(key));
    for (const note of Object.values(empty)) note.hidden = session.series.x.length > 0;
  }
  const panels = {
    reconstruction: withClass(panel(t('train.reconstructionChart'), empty.reconstruction, roots.reconstruction,
      el('p', { className: 'panel-note', textContent: t('train.reconstructionNote') })), 'p-rec'),
    kl: withClass(panel(t('train.klChart'), empty.kl, roots.kl, el('p', { className: 'panel-note', textContent: t('train.klNote') })), 'p-kl'),
  };
  return {
    panels,
    redraw: coalesced(reset, ctx.signal),
    reset,
    // Once the panels are on the page (uPlot measures its root).
    start() {
      for (const key of Object.keys(roots)) {
        charts[key] = new uPlot(options(t, roots[key], plannedEpochs), data(key), roots[key]);
        ctx.life.own(() => charts[key].destroy());
      }
      ctx.life.observe(new ResizeObserver(() => {
        for (const [key, chart] of Object.entries(charts)) {
          const width = Math.max(MIN_WIDTH, roots[key].clientWidth);
          if (Math.abs(width - chart.width) > 2) chart.setSize({ width, height: HEIGHT });
        }
      }), roots.reconstruction);
      reset();
    },
  };
}

const chartRoot = (key) => el('div', { className: 'chart', dataset: { chart: key } });
const emptyNote = (t) => el('p', { className: 'chart-empty', textContent: t('train.chartEmpty') });
function withClass(root, className) {
  root.classList.add(className);
  return root;
}

function options(t, root, plannedEpochs) {
  return {
    width: Math.max(MIN_WIDTH, root.clientWidth || 500),
    height: HEIGHT,
    scales: { x: { time: false, range: (u, min, max) => [0, Math.max(1, plannedEpochs(), max ?? 0)] } },
    axes: [
      { label: t('train.axisEpoch'), size: 40, values: (u, ticks) => ticks.map((v) => t.number(v, decimals(ticks))) },
      { label: t('train.axisNats'), size: 55, values: (u, ticks) => ticks.map((v) => t.number(v, decimals(ticks))) },
    ],
    series: [
      { label: t('train.axisEpoch'), value: (u, v) => (v == null ? '—' : t.number(v, 2)) },
      { label: t('train.series.batches'), stroke: '#8fb4ff', width: 1.5, spanGaps: true, points: { show: false }, value: seriesValue(t) },
      { label: t('train.series.trainEpoch'), stroke: '#2f6fdf', width: 2, spanGaps: true, points: { show: true, size: 6, fill: '#2f6fdf' }, value: seriesValue(t) },
      { label: t('train.series.test'), stroke: '#e15759', width: 2, spanGaps: true, dash: [6, 4], points: { show: true, size: 6, fill: '#e15759' }, value: seriesValue(t) },
    ],
    legend: { live: true },
  };
}

const seriesValue = (t) => (u, v) => (v == null ? '—' : t.number(v, 2));
// Enough decimals to tell neighbouring ticks apart.
function decimals(ticks) {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
  return step > 0 ? Math.max(0, Math.min(4, -Math.floor(Math.log10(step)))) : 0;
}
