// What "self-supervised" looks like while a model trains: a few images of one
// batch as the loss saw them — the input the model was fed, the target its
// output is compared with (the input itself, or the clean image for a
// denoising autoencoder, whose input is the noisy copy) and the model's
// output — redrawn at most every minIntervalMs, with the supervised /
// unsupervised / self-supervised distinction in words (i18n/inside.js).
//
//   const preview = new BatchPreview({ t, life: ctx.life, denoising });
//   container.append(preview.root);
//   worker 'batch' message → preview.update(message)   // { step, count, input, target, output }
//
// Any view can mount it (the Train view with its session's 'batch' messages);
// it holds nothing but timers registered with `life`.
import { el } from './controls.js';
import { drawDigitGrid } from './digits.js';
import { BATCH_PREVIEW_CSS, ensureStyle } from './inside/style.js';

const ROWS = ['input', 'target', 'output'];

export class BatchPreview {
  #t;
  #life;
  #canvases = {};
  #captions = {};
  #status;
  #pending = null;
  #paintedAt = -Infinity;
  #timer = false;

  constructor({ t, life, denoising = false, minIntervalMs = 250, explanation = true }) {
    ensureStyle('batch-preview-css', BATCH_PREVIEW_CSS);
    this.#t = t;
    this.#life = life;
    this.minIntervalMs = minIntervalMs;
    this.painted = 0;
    this.last = null;
    const rows = ROWS.map((row) => {
      // Sized for four digits until the first batch says how many there are.
      const canvas = el('canvas', { className: 'grid batch-grid', width: 4 * 29 - 1, height: 28,
        attrs: { role: 'img', 'aria-label': t(`batchPreview.${row}Label`) } });
      this.#canvases[row] = canvas;
      this.#captions[row] = el('span', { className: 'batch-caption' });
      return el('div', { className: `batch-row batch-${row}`, dataset: { row } }, this.#captions[row], canvas);
    });
    this.#status = el('p', { className: 'panel-note batch-status', textContent: t('batchPreview.waiting') });
    this.root = el('div', { className: 'batch-preview' },
      explanation ? explanationBlock(t) : null,
      el('div', { className: 'batch-rows' }, rows),
      el('p', { className: 'panel-note', textContent: t('batchPreview.compare') }),
      this.#status);
    this.setDenoising(denoising);
  }

  // A denoising model is fed the noisy copy and compared with the clean image.
  setDenoising(denoising) {
    this.denoising = denoising;
    for (const row of ROWS) this.#captions[row].textContent = this.#t(`batchPreview.${row}${denoising && row !== 'output' ? 'Denoise' : ''}`);
  }

  update(preview) {
    this.#pending = preview;
    const wait = this.minIntervalMs - (performance.now() - this.#paintedAt);
    if (wait <= 0) this.#paint();
    else if (!this.#timer) {
      this.#timer = true;
      this.#life.after(wait, () => {
        this.#timer = false;
        this.#paint();
      });
    }
  }

  #paint() {
    const preview = this.#pending;
    if (!preview) return;
    this.#pending = null;
    for (const row of ROWS) drawDigitGrid(this.#canvases[row], preview[row], { columns: preview.count, count: preview.count });
    this.#status.textContent = this.#t('batchPreview.step', { step: preview.step });
    this.#paintedAt = performance.now();
    this.painted += 1;
    this.last = preview;
  }
}

function explanationBlock(t) {
  return el('div', { className: 'batch-explanation' },
    el('p', {}, el('strong', { textContent: t('batchPreview.supervisedTitle') }), ' ', t('batchPreview.supervised')),
    el('p', {}, el('strong', { textContent: t('batchPreview.unsupervisedTitle') }), ' ', t('batchPreview.unsupervised')),
    el('p', {}, el('strong', { textContent: t('batchPreview.selfTitle') }), ' ', t('batchPreview.self')),
    el('blockquote', { className: 'batch-quote' },
      el('p', { textContent: t('batchPreview.quote') }),
      el('footer', { textContent: t('batchPreview.quoteSource') })));
}
