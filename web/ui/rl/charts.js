// The DQN view's two uPlot charts: the return of every episode with its
// 100-episode mean and the lines at 195 and 475, and the TD loss with ε over
// environment steps. They hold the run's whole history (the worker sends only
// the episodes of each slice).
import uPlot from '../../vendor/uplot/uPlot.esm.js';
import { coalesced, el } from '../controls.js';
import { runningMean } from './math.js';

const HEIGHT = 200;

// env() says which environment the run is on: CartPole's returns live in
// [0, 500] with its 195 and 475 lines; the gridworld's in about [-2, 1], without them.
export function dqnCharts(t, life, env) {
  const history = { episodes: [], returns: [], means: [], steps: [], loss: [], epsilon: [] };
  const returnsRoot = el('div', { className: 'chart', dataset: { chart: 'returns' } });
  const lossRoot = el('div', { className: 'chart', dataset: { chart: 'loss' } });
  let returnsChart = null, lossChart = null;

  const width = (root) => Math.max(260, root.clientWidth || 480);
  function create() {
    returnsChart = new uPlot({
      width: width(returnsRoot), height: HEIGHT,
      scales: { x: { time: false }, y: { range: (u, min, max) => (env() === 'cartpole' ? [0, 520]
        : [Math.min(-1.2, min ?? 0), Math.max(1.2, max ?? 0)]) } },
      axes: [{ label: t('dqn.axisEpisode'), size: 36 }, { size: 45 }],
      series: [
        { label: t('dqn.axisEpisode') },
        { label: t('dqn.series.return'), stroke: '#8fb4ff', width: 1, points: { show: false } },
        { label: t('dqn.series.mean'), stroke: '#2f6fdf', width: 2.5, points: { show: false } },
        { label: t('dqn.series.195'), stroke: '#f28e2b', width: 1, dash: [5, 4], points: { show: false } },
        { label: t('dqn.series.475'), stroke: '#3aa655', width: 1, dash: [5, 4], points: { show: false } },
      ],
    }, returnsData(), returnsRoot);
    lossChart = new uPlot({
      width: width(lossRoot), height: HEIGHT,
      scales: { x: { time: false }, loss: { distr: 3 }, eps: { range: [0, 1] } },
      axes: [{ label: t('dqn.axisStep'), size: 36 },
        { scale: 'loss', size: 55, values: (u, ticks) => ticks.map((v) => (v == null ? '' : v < 0.01 ? v.toExponential(0) : t.number(v, 2))) },
        { scale: 'eps', side: 1, size: 40 }],
      series: [
        { label: t('dqn.axisStep') },
        { label: t('dqn.series.loss'), scale: 'loss', stroke: '#e15759', width: 1.5, spanGaps: true, points: { show: false } },
        { label: t('dqn.series.epsilon'), scale: 'eps', stroke: '#76b7b2', width: 2, points: { show: false } },
      ],
    }, lossData(), lossRoot);
    life.onLeave(() => (returnsChart.destroy(), lossChart.destroy()));
    // Resized on the next frame and only on a real change, so resizing cannot feed back into the observer.
    const resize = coalesced(() => {
      for (const [chart, root] of [[returnsChart, returnsRoot], [lossChart, lossRoot]]) {
        if (Math.abs(width(root) - chart.width) > 2) chart.setSize({ width: width(root), height: HEIGHT });
      }
    });
    life.observe(new ResizeObserver(resize), returnsRoot);
  }
  function returnsData() {
    const n = history.episodes.length;
    const line = (value) => new Array(n).fill(env() === 'cartpole' ? value : null);
    return [history.episodes, history.returns, history.means, line(195), line(475)];
  }
  function lossData() {
    return [history.steps, history.loss, history.epsilon];
  }
  return {
    returnsRoot,
    lossRoot,
    history,
    create,
    clear() {
      for (const key of Object.keys(history)) history[key] = [];
      this.redraw();
    },
    // One worker report: the episodes that ended in it and one loss/ε point.
    add(report) {
      for (const value of report.returns) {
        history.episodes.push(history.episodes.length + 1);
        history.returns.push(value);
      }
      if (report.returns.length > 0) history.means = runningMean(history.returns);
      history.steps.push(report.steps);
      history.loss.push(Number.isFinite(report.loss) && report.loss > 0 ? report.loss : null);
      history.epsilon.push(report.epsilon);
    },
    redraw() {
      returnsChart?.setData(returnsData());
      lossChart?.setData(lossData());
    },
  };
}
