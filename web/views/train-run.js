// The Train view's run panel: start, pause/resume, one batch, stop; the
// status line, the progress bar and the tiles (epoch, speed, time left,
// losses), all read from the training session.
//
//   const run = trainRun(ctx, { onStart, hasKl });
//   run.root; run.show() (buttons and status); run.showProgress() (bar and tiles)
import { el, button } from '../ui/controls.js';
import { formatDuration } from './train-options.js';
import { session } from './train-session.js';

const TILES = ['epoch', 'speed', 'eta', 'reconstruction', 'kl', 'test'];

// hasKl(): whether the model being trained (or about to be) has a KL term.
export function trainRun(ctx, { onStart, hasKl }) {
  const { t } = ctx;
  const startButton = button({ text: t('train.start'), kind: 'primary', name: 'start', onClick: onStart });
  const pauseButton = button({ text: t('train.pause'), name: 'pause', onClick: () => (session.state === 'paused' ? session.resume() : session.pause()) });
  const stepButton = button({ text: t('train.step'), name: 'step', onClick: () => session.step() });
  const stopButton = button({ text: t('train.stop'), kind: 'danger', name: 'stop', onClick: () => session.stop() });
  const status = el('p', { className: 'status-line', attrs: { role: 'status' }, dataset: { name: 'status' } });
  const bar = el('div', { className: 'progress-fill' });
  const progressBar = el('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-label': t('train.progress') } }, bar);
  const tiles = Object.fromEntries(TILES.map((key) => {
    const value = el('div', { className: 'stat-value', textContent: '—' });
    return [key, { value, root: el('div', { className: 'stat', dataset: { stat: key } }, el('div', { className: 'stat-label', textContent: t(`train.stat.${key}`) }), value) }];
  }));

  function showProgress() {
    tiles.kl.root.hidden = !hasKl();
    const p = session.progress;
    if (!p) {
      bar.style.width = '0%';
      for (const tile of Object.values(tiles)) tile.value.textContent = '—';
      return;
    }
    bar.style.width = `${(p.progress * 100).toFixed(1)}%`;
    progressBar.setAttribute('aria-valuenow', String(Math.round(p.progress * 100)));
    tiles.epoch.value.textContent = `${Math.min(p.epoch + 1, session.options.epochs)} / ${session.options.epochs}`;
    tiles.speed.value.textContent = t(session.threads > 1 ? 'train.perSecondThreads' : 'train.perSecond',
      { n: t.number(Math.round(p.examplesPerSecond), 0), threads: session.threads });
    tiles.eta.value.textContent = session.state === 'finished' ? t('train.done') : formatDuration(p.etaSeconds);
    tiles.reconstruction.value.textContent = t.number(p.loss.reconstruction, 1);
    tiles.kl.value.textContent = t.number(p.loss.kl, 2);
    const lastEpoch = session.epochs.at(-1);
    tiles.test.value.textContent = lastEpoch?.test ? t.number(lastEpoch.test.total, 1) : '—';
  }
  return {
    root: el('div', { className: 'stack' },
      el('div', { className: 'btn-row' }, startButton, pauseButton, stepButton, stopButton),
      status, progressBar,
      el('div', { className: 'stats' }, Object.values(tiles).map((tile) => tile.root))),
    show() {
      const s = session.state;
      startButton.disabled = session.busy;
      startButton.textContent = ['finished', 'stopped', 'failed'].includes(s) ? t('train.restart') : t('train.start');
      pauseButton.disabled = !(s === 'running' || s === 'paused');
      pauseButton.textContent = s === 'paused' ? t('train.resume') : t('train.pause');
      stepButton.disabled = s !== 'paused';
      stopButton.disabled = !session.busy;
      status.textContent = t(`train.state.${s}`);
      status.dataset.state = s;
      showProgress();
    },
    showProgress,
  };
}
