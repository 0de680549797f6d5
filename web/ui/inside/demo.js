// A short training run of the view's own, through the Train view's worker and
// protocol (training-worker.js): a small conv AE, plain or denoising, trained
// for a few seconds on 3 000 MNIST digits, its batch previews ('batch'
// messages, StartMessage.batchPreview) shown by the BatchPreview component.
import { startTrainingWorker } from '../../assets.js';
import { threadsChoice } from '../../lab.js';
import { button, el, segmented } from '../controls.js';
import { BatchPreview } from '../batch-preview.js';

export const DEMO_CONFIG = { type: 'ae', arch: 'conv', channels: [8, 16], latent: 16 };
const DEMO_NOISE = { kind: 'gaussian', level: 0.5 };
const DEMO_IMAGES = 3000;
// Batches of 32 at 5e-3: the outputs turn from blobs into digits within the run (~375 steps).
const DEMO_OPTIONS = { epochs: 4, batchSize: 32, learningRate: 5e-3, seed: 1 };

export class TrainingDemo {
  #t;
  #life;
  #data;
  #worker = null;
  #status;
  #startButton;
  #stopButton;

  // mode: 'plain' | 'denoise'; onMode(mode) when the student switches; onMessage(message) for the test hook.
  constructor({ t, life, data, mode, onMode, onMessage = () => {} }) {
    this.#t = t;
    this.#life = life;
    this.#data = data;
    this.mode = mode;
    this.onMessage = onMessage;
    this.preview = new BatchPreview({ t, life, denoising: mode === 'denoise' });
    const modeControl = segmented({ label: t('inside.demoMode'), name: 'demo', value: mode,
      options: [{ value: 'plain', text: t('inside.demoPlain') }, { value: 'denoise', text: t('inside.demoDenoise') }],
      onChange: (value) => {
        this.mode = value;
        this.preview.setDenoising(value === 'denoise');
        onMode(value);
      } });
    this.#startButton = button({ text: t('inside.demoStart'), kind: 'primary', name: 'demo-start', onClick: () => this.start() });
    this.#stopButton = button({ text: t('inside.demoStop'), name: 'demo-stop', disabled: true, onClick: () => this.stop() });
    this.#status = el('p', { className: 'status-line', textContent: t('inside.demoIdle') });
    this.root = el('div', { className: 'stack' },
      el('p', { className: 'panel-note', textContent: t('inside.demoIntro', { images: DEMO_IMAGES, epochs: DEMO_OPTIONS.epochs }) }),
      el('div', { className: 'row' }, modeControl.root, el('div', { className: 'btn-row' }, this.#startButton, this.#stopButton)),
      this.#status, this.preview.root);
    life.onLeave(() => this.#end());
  }

  async start() {
    this.#end();
    this.#startButton.disabled = true;
    this.#status.textContent = this.#t('inside.demoStarting');
    const train = await this.#data.load('mnist-train');
    if (this.#life.left) return;
    // Every k-th digit: the file is sorted by class, so a prefix would hold few classes.
    const stride = Math.floor(train.count / DEMO_IMAGES);
    const images = new Float32Array(DEMO_IMAGES * 784);
    for (let i = 0; i < DEMO_IMAGES; ++i) images.set(train.images.subarray(i * stride * 784, (i * stride + 1) * 784), i * 784);
    const config = this.mode === 'denoise' ? { ...DEMO_CONFIG, denoise: DEMO_NOISE } : DEMO_CONFIG;
    const worker = (this.#worker = startTrainingWorker(`?threads=${threadsChoice()}`));
    worker.addEventListener('message', (event) => this.#onMessage(event.data));
    worker.postMessage({ type: 'start', model: { config, seed: 1 }, train: { images }, options: DEMO_OPTIONS,
      progressIntervalMs: 250, batchPreview: { count: 4, intervalMs: 400 } }, [images.buffer]);
    this.#stopButton.disabled = false;
  }

  stop() {
    this.#worker?.postMessage({ type: 'stop' });
  }

  #onMessage(message) {
    if (this.#life.left) return;
    const t = this.#t;
    if (message.type === 'batch') this.preview.update(message);
    else if (message.type === 'progress') {
      this.#status.textContent = t('inside.demoProgress', { step: message.step, epoch: message.epoch + 1, epochs: DEMO_OPTIONS.epochs,
        loss: t.number(message.loss.reconstruction, 1) });
    } else if (message.type === 'finished' || message.type === 'stopped' || message.type === 'error') {
      if (message.type === 'error') this.#status.textContent = t('inside.demoFailed', { message: message.message });
      else this.#status.textContent = `${this.#status.textContent} · ${t(message.type === 'finished' ? 'inside.demoDone' : 'inside.demoStopped')}`;
      this.#end();
    }
    this.onMessage(message);
  }

  #end() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#startButton.disabled = false;
    this.#stopButton.disabled = true;
  }
}
