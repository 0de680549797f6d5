// A canvas scatter plot of 2-D latent codes for thousands of points, with
// smooth pan and zoom and a "probe": the point under the mouse (or finger, or
// moved by the arrow keys) that a view decodes live.
//
//   const plot = new LatentScatter({ t, life, label, onProbe: (x, y) => …, onPick: (x, y) => … });
//   plot.setPoints(xy /* Float32Array N×2 */, labels /* Int32Array N, or null */);
//   plot.setOverlay({ path: [[x, y], …], marks: [{ x, y, text, color }], probeImage: canvas });
//
// onViewChange(visible) is called after a pan, zoom or resize has been drawn.
// Its observer, frames and listeners belong to `life` (the view's ctx.life).
// The geometry is in viewport.js, the drawing in scatter-render.js, the input
// in scatter-gestures.js; this class holds the state and ties them together.
import { el, button } from './controls.js';
import { renderBase, renderOverlay } from './scatter-render.js';
import { attachGestures } from './scatter-gestures.js';
import { fitView, panView, pinchView, plotCentre, robustBounds, toData, toScreen, visibleRect, zoomView } from './viewport.js';

export class LatentScatter {
  #canvas;
  #base = document.createElement('canvas'); // the points, redrawn only when the view changes
  #points = { xy: new Float32Array(0), labels: null };
  #bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
  #view = { cx: 0, cy: 0, scale: 100 };
  #size = { width: 300, height: 300 };
  #dpr = 1;
  #overlay = {};
  #probe = null; // [x, y] in data coordinates
  #baseDirty = true;
  #laidOut = false;
  #frame = 0;
  #life;
  #t;
  #onProbe;
  #onPick;
  #onViewChange;

  constructor({ t, life, label, onProbe, onPick, onViewChange }) {
    this.#t = t;
    this.#life = life;
    this.#onProbe = onProbe ?? (() => {});
    this.#onPick = onPick ?? (() => {});
    this.#onViewChange = onViewChange ?? (() => {});
    this.#canvas = el('canvas', { className: 'scatter-canvas', tabIndex: 0, attrs: { role: 'img', 'aria-label': label } });
    const tool = (text, key, onClick) => {
      const b = button({ text, onClick, title: t(key), kind: 'icon' });
      b.setAttribute('aria-label', b.title);
      return b;
    };
    this.root = el('div', { className: 'scatter' }, this.#canvas, el('div', { className: 'scatter-tools' },
      tool('+', 'scatter.zoomIn', () => this.zoom(1.5)),
      tool('−', 'scatter.zoomOut', () => this.zoom(1 / 1.5)),
      tool('⤢', 'scatter.fit', () => this.fit())));
    attachGestures(this.#canvas, this, life.signal);
    life.observe(new ResizeObserver(() => this.#resize()), this.#canvas);
  }

  get canvas() {
    return this.#canvas;
  }

  setPoints(xy, labels = null, { fit = true } = {}) {
    this.#points = { xy, labels };
    this.#bounds = robustBounds(xy);
    if (fit) this.fit();
    else this.#invalidate(true);
  }

  get bounds() {
    return { ...this.#bounds };
  }

  // The data rectangle currently visible.
  get visible() {
    return visibleRect(this.#view, this.#size);
  }

  setOverlay(overlay) {
    this.#overlay = overlay;
    this.#invalidate(false);
  }

  setProbe(point) {
    this.#probe = point;
    this.#invalidate(false);
  }

  get probe() {
    return this.#probe;
  }

  toScreen(x, y) {
    return toScreen(this.#view, this.#size, x, y);
  }

  toData(sx, sy) {
    return toData(this.#view, this.#size, sx, sy);
  }

  // ---- requests from the gestures and the buttons --------------------------------
  fit(bounds = this.#bounds) {
    this.#setView(fitView(bounds, this.#size));
  }

  zoom(factor, at) {
    this.#setView(zoomView(this.#view, this.#size, factor, at));
  }

  pan(dx, dy) {
    this.#setView(panView(this.#view, dx, dy));
  }

  pinch(from, to) {
    this.#setView(pinchView(this.#view, this.#size, from, to));
  }

  probeAt(sx, sy) {
    this.#probe = this.toData(sx, sy);
    this.#invalidate(false);
    this.#onProbe(...this.#probe);
  }

  probeScreen() {
    return this.#probe ? this.toScreen(...this.#probe) : plotCentre(this.#size);
  }

  pickAt(sx, sy) {
    this.pick(...this.toData(sx, sy));
  }

  pick(x, y) {
    this.#onPick(x, y);
  }

  #setView(view) {
    this.#view = view;
    this.#invalidate(true);
  }

  #resize() {
    const rect = this.#canvas.getBoundingClientRect();
    if (rect.width < 10 || rect.height < 10) return;
    const visible = this.#laidOut ? this.visible : this.#bounds;
    this.#laidOut = true;
    this.#dpr = window.devicePixelRatio || 1;
    this.#size = { width: rect.width, height: rect.height };
    for (const c of [this.#canvas, this.#base]) {
      c.width = Math.round(rect.width * this.#dpr);
      c.height = Math.round(rect.height * this.#dpr);
    }
    this.fit(visible);
  }

  #invalidate(base) {
    if (base) this.#baseDirty = true;
    if (this.#frame) return;
    this.#frame = this.#life.frame(() => {
      this.#frame = 0;
      this.#render();
    });
  }

  #render() {
    const plot = { view: this.#view, size: this.#size, dpr: this.#dpr };
    if (this.#baseDirty) {
      renderBase(this.#base.getContext('2d'), plot, this.#points, (v, digits) => this.#t.number(v, digits));
      this.#baseDirty = false;
      this.#onViewChange(this.visible);
    }
    const ctx = this.#canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.#base, 0, 0);
    renderOverlay(ctx, plot, this.#overlay, this.#probe);
  }
}
