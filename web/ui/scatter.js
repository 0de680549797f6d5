// A canvas scatter plot of 2-D latent codes for thousands of points, with
// smooth pan and zoom and a "probe": the point under the mouse (or finger, or
// moved by the arrow keys) that a view decodes live.
//
//   const plot = new LatentScatter({ t, label, onProbe: (x, y) => …, onPick: (x, y) => … });
//   plot.setPoints(xy /* Float32Array N×2 */, labels /* Int32Array N, or null */);
//   plot.setOverlay({ path: [[x, y], …], marks: [{ x, y, text, color }], probeImage: canvas });
//
// onViewChange(visible) is called after a pan, zoom or resize has been drawn.
// Mouse: hover probes, drag pans, wheel zooms, click picks, double-click fits.
// Touch: one finger probes (tap picks), two fingers pinch and pan.
// Keyboard (canvas focused): arrows move the probe, Shift+arrows pan, + and − zoom,
// 0 fits, Enter picks the probed point. Equal scales on both axes, so distances
// in the picture are distances in the latent space.
import { el, button } from './controls.js';
import { CLASS_COLORS } from './digits.js';

const MARGIN = { left: 38, right: 8, top: 8, bottom: 24 };

function niceStep(range, targetTicks) {
  const raw = range / targetTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

export class LatentScatter {
  #canvas;
  #base = document.createElement('canvas'); // the points, redrawn only when the view changes
  #xy = new Float32Array(0);
  #labels = null;
  #bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
  #view = { cx: 0, cy: 0, scale: 100 };
  #overlay = {};
  #probe = null; // [x, y] in data coordinates
  #pointers = new Map();
  #gesture = null;
  #dpr = 1;
  #width = 300;
  #height = 300;
  #baseDirty = true;
  #laidOut = false;
  #frame = 0;
  #onProbe;
  #onPick;
  #onViewChange;
  #resizeObserver;

  constructor({ t, label, onProbe, onPick, onViewChange }) {
    this.#onProbe = onProbe ?? (() => {});
    this.#onPick = onPick ?? (() => {});
    this.#onViewChange = onViewChange ?? (() => {});
    this.#canvas = el('canvas', { className: 'scatter-canvas', tabIndex: 0, attrs: { role: 'img', 'aria-label': label } });
    const zoomIn = button({ text: '+', onClick: () => this.zoomBy(1.5), title: t('scatter.zoomIn'), kind: 'icon' });
    const zoomOut = button({ text: '−', onClick: () => this.zoomBy(1 / 1.5), title: t('scatter.zoomOut'), kind: 'icon' });
    const fit = button({ text: '⤢', onClick: () => this.fit(), title: t('scatter.fit'), kind: 'icon' });
    for (const b of [zoomIn, zoomOut, fit]) b.setAttribute('aria-label', b.title);
    this.root = el('div', { className: 'scatter' }, this.#canvas, el('div', { className: 'scatter-tools' }, zoomIn, zoomOut, fit));
    this.#listen();
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(this.#canvas);
  }

  get canvas() {
    return this.#canvas;
  }

  dispose() {
    this.#resizeObserver.disconnect();
    cancelAnimationFrame(this.#frame);
  }

  setPoints(xy, labels = null, { fit = true } = {}) {
    this.#xy = xy;
    this.#labels = labels;
    this.#bounds = this.#robustBounds(xy);
    if (fit) this.fit();
    else this.#invalidate(true);
  }

  // Bounds holding 99% of the points, so a few outliers do not shrink the rest.
  #robustBounds(xy) {
    const n = xy.length / 2;
    if (n === 0) return { x0: -3, x1: 3, y0: -3, y1: 3 };
    const xs = new Float32Array(n), ys = new Float32Array(n);
    for (let i = 0; i < n; ++i) (xs[i] = xy[2 * i]), (ys[i] = xy[2 * i + 1]);
    xs.sort();
    ys.sort();
    const lo = Math.floor(0.005 * (n - 1)), hi = Math.ceil(0.995 * (n - 1));
    const pad = (a, b) => Math.max((b - a) * 0.06, 1e-3);
    const px = pad(xs[lo], xs[hi]), py = pad(ys[lo], ys[hi]);
    return { x0: xs[lo] - px, x1: xs[hi] + px, y0: ys[lo] - py, y1: ys[hi] + py };
  }

  get bounds() {
    return { ...this.#bounds };
  }

  // The data rectangle currently visible.
  get visible() {
    const { cx, cy, scale } = this.#view;
    const w = (this.#width - MARGIN.left - MARGIN.right) / scale / 2;
    const h = (this.#height - MARGIN.top - MARGIN.bottom) / scale / 2;
    return { x0: cx - w, x1: cx + w, y0: cy - h, y1: cy + h };
  }

  fit(bounds = this.#bounds) {
    const w = this.#width - MARGIN.left - MARGIN.right;
    const h = this.#height - MARGIN.top - MARGIN.bottom;
    this.#view = {
      cx: (bounds.x0 + bounds.x1) / 2,
      cy: (bounds.y0 + bounds.y1) / 2,
      scale: Math.min(w / (bounds.x1 - bounds.x0), h / (bounds.y1 - bounds.y0)),
    };
    this.#invalidate(true);
  }

  zoomBy(factor, [sx, sy] = this.#plotCentre()) {
    const [x, y] = this.toData(sx, sy);
    this.#view.scale = Math.min(1e6, Math.max(1e-3, this.#view.scale * factor));
    const [x2, y2] = this.toData(sx, sy);
    this.#view.cx += x - x2;
    this.#view.cy += y - y2;
    this.#invalidate(true);
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
    const { cx, cy, scale } = this.#view;
    const [px, py] = this.#plotCentre();
    return [px + (x - cx) * scale, py - (y - cy) * scale];
  }

  toData(sx, sy) {
    const { cx, cy, scale } = this.#view;
    const [px, py] = this.#plotCentre();
    return [cx + (sx - px) / scale, cy - (sy - py) / scale];
  }

  #plotCentre() {
    return [
      MARGIN.left + (this.#width - MARGIN.left - MARGIN.right) / 2,
      MARGIN.top + (this.#height - MARGIN.top - MARGIN.bottom) / 2,
    ];
  }

  #resize() {
    const rect = this.#canvas.getBoundingClientRect();
    if (rect.width < 10 || rect.height < 10) return;
    const visible = this.#laidOut ? this.visible : this.#bounds;
    this.#laidOut = true;
    this.#dpr = window.devicePixelRatio || 1;
    this.#width = rect.width;
    this.#height = rect.height;
    for (const c of [this.#canvas, this.#base]) {
      c.width = Math.round(rect.width * this.#dpr);
      c.height = Math.round(rect.height * this.#dpr);
    }
    this.fit(visible);
  }

  #invalidate(base) {
    if (base) this.#baseDirty = true;
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#render();
    });
  }

  #renderBase() {
    const ctx = this.#base.getContext('2d');
    const dpr = this.#dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.#width, this.#height);
    const { x0, x1, y0, y1 } = this.visible;
    const plotLeft = MARGIN.left, plotTop = MARGIN.top;
    const plotRight = this.#width - MARGIN.right, plotBottom = this.#height - MARGIN.bottom;
    // Grid and tick labels.
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#555';
    ctx.strokeStyle = '#eceef2';
    ctx.lineWidth = 1;
    const step = niceStep(Math.max(x1 - x0, y1 - y0), 5);
    const digits = Math.max(0, -Math.floor(Math.log10(step)));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let v = Math.ceil(x0 / step) * step; v <= x1; v += step) {
      const [sx] = this.toScreen(v, 0);
      ctx.beginPath();
      ctx.moveTo(Math.round(sx) + 0.5, plotTop);
      ctx.lineTo(Math.round(sx) + 0.5, plotBottom);
      ctx.stroke();
      ctx.fillText(v.toFixed(digits), sx, plotBottom + 5);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let v = Math.ceil(y0 / step) * step; v <= y1; v += step) {
      const [, sy] = this.toScreen(0, v);
      ctx.beginPath();
      ctx.moveTo(plotLeft, Math.round(sy) + 0.5);
      ctx.lineTo(plotRight, Math.round(sy) + 0.5);
      ctx.stroke();
      ctx.fillText(v.toFixed(digits), plotLeft - 4, sy);
    }
    // Points, one colour at a time.
    ctx.save();
    ctx.beginPath();
    ctx.rect(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop);
    ctx.clip();
    const n = this.#xy.length / 2;
    const size = n > 4000 ? 2.5 : 3.5;
    ctx.globalAlpha = 0.75;
    for (let label = 0; label < (this.#labels ? CLASS_COLORS.length : 1); ++label) {
      ctx.fillStyle = this.#labels ? CLASS_COLORS[label] : '#4e79a7';
      for (let i = 0; i < n; ++i) {
        if (this.#labels && this.#labels[i] !== label) continue;
        const [sx, sy] = this.toScreen(this.#xy[2 * i], this.#xy[2 * i + 1]);
        if (sx < plotLeft - 4 || sx > plotRight + 4 || sy < plotTop - 4 || sy > plotBottom + 4) continue;
        ctx.fillRect(sx - size / 2, sy - size / 2, size, size);
      }
    }
    ctx.restore();
    ctx.strokeStyle = '#c9ced6';
    ctx.strokeRect(plotLeft + 0.5, plotTop + 0.5, plotRight - plotLeft - 1, plotBottom - plotTop - 1);
    this.#baseDirty = false;
  }

  #render() {
    if (this.#baseDirty) {
      this.#renderBase();
      this.#onViewChange(this.visible);
    }
    const ctx = this.#canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.#base, 0, 0);
    ctx.setTransform(this.#dpr, 0, 0, this.#dpr, 0, 0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, this.#width - MARGIN.left - MARGIN.right, this.#height - MARGIN.top - MARGIN.bottom);
    ctx.clip();
    const { path, marks, dots, pathColor = '#222' } = this.#overlay;
    if (dots) {
      // Small crosses, white-edged, so they stand out from the square data points.
      ctx.lineCap = 'round';
      for (const [color, width] of [['rgba(255, 255, 255, 0.9)', 3.5], ['#111', 1.5]]) {
        ctx.strokeStyle = color;
        ctx.lineWidth = width;
        ctx.beginPath();
        for (let i = 0; i < dots.length; i += 2) {
          const [sx, sy] = this.toScreen(dots[i], dots[i + 1]);
          ctx.moveTo(sx - 3, sy);
          ctx.lineTo(sx + 3, sy);
          ctx.moveTo(sx, sy - 3);
          ctx.lineTo(sx, sy + 3);
        }
        ctx.stroke();
      }
    }
    if (path && path.length > 1) {
      ctx.strokeStyle = pathColor;
      ctx.lineWidth = 2.5;
      ctx.setLineDash([]);
      ctx.beginPath();
      path.forEach(([x, y], i) => {
        const [sx, sy] = this.toScreen(x, y);
        if (i === 0) ctx.moveTo(sx, sy);
        else ctx.lineTo(sx, sy);
      });
      ctx.stroke();
    }
    for (const mark of marks ?? []) {
      const [sx, sy] = this.toScreen(mark.x, mark.y);
      if (mark.rx !== undefined) {
        // A VAE posterior: the ellipse one σ around μ.
        const scale = this.#view.scale;
        ctx.fillStyle = 'rgba(17, 17, 17, 0.12)';
        ctx.strokeStyle = mark.color ?? '#111';
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.ellipse(sx, sy, Math.max(1, mark.rx * scale), Math.max(1, mark.ry * scale), 0, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
      if (mark.radius === 0) continue;
      ctx.fillStyle = mark.color ?? '#111';
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(sx, sy, mark.radius ?? 7, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
      if (mark.text) {
        ctx.fillStyle = '#fff';
        ctx.font = 'bold 10px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(mark.text, sx, sy + 0.5);
      }
    }
    if (this.#probe) {
      const [sx, sy] = this.toScreen(...this.#probe);
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(sx - 9, sy);
      ctx.lineTo(sx + 9, sy);
      ctx.moveTo(sx, sy - 9);
      ctx.lineTo(sx, sy + 9);
      ctx.stroke();
      const image = this.#overlay.probeImage;
      if (image) {
        const side = 56;
        let ix = sx + 12, iy = sy - side - 12;
        if (ix + side > this.#width - MARGIN.right) ix = sx - side - 12;
        if (iy < MARGIN.top) iy = sy + 12;
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(image, ix, iy, side, side);
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 2;
        ctx.strokeRect(ix, iy, side, side);
      }
    }
    ctx.restore();
  }

  #localPoint(event) {
    const rect = this.#canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  #probeAt(sx, sy) {
    this.#probe = this.toData(sx, sy);
    this.#invalidate(false);
    this.#onProbe(...this.#probe);
  }

  #listen() {
    const canvas = this.#canvas;
    canvas.addEventListener('pointerdown', (event) => {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      canvas.setPointerCapture(event.pointerId);
      const p = this.#localPoint(event);
      this.#pointers.set(event.pointerId, p);
      if (this.#pointers.size === 1) {
        this.#gesture = { kind: 'press', start: p, last: p, moved: false, touch: event.pointerType !== 'mouse' };
        if (this.#gesture.touch) this.#probeAt(...p);
      } else if (this.#pointers.size === 2) {
        this.#gesture = { kind: 'pinch', ...this.#pinchState() };
      }
      event.preventDefault();
    });
    canvas.addEventListener('pointermove', (event) => {
      const p = this.#localPoint(event);
      if (!this.#pointers.has(event.pointerId)) {
        if (event.pointerType === 'mouse') this.#probeAt(...p);
        return;
      }
      this.#pointers.set(event.pointerId, p);
      const g = this.#gesture;
      if (!g) return;
      if (g.kind === 'pinch' && this.#pointers.size >= 2) {
        const now = this.#pinchState();
        const [cx, cy] = this.toData(...g.centre);
        this.#view.scale = Math.min(1e6, Math.max(1e-3, this.#view.scale * (now.distance / g.distance)));
        const [nx, ny] = this.toData(...now.centre);
        this.#view.cx += cx - nx;
        this.#view.cy += cy - ny;
        Object.assign(g, now);
        this.#invalidate(true);
      } else if (g.kind === 'press') {
        if (Math.hypot(p[0] - g.start[0], p[1] - g.start[1]) > 4) g.moved = true;
        if (g.touch) {
          this.#probeAt(...p);
        } else if (g.moved) {
          this.#view.cx -= (p[0] - g.last[0]) / this.#view.scale;
          this.#view.cy += (p[1] - g.last[1]) / this.#view.scale;
          this.#invalidate(true);
        }
        g.last = p;
      }
    });
    const release = (event) => {
      if (!this.#pointers.has(event.pointerId)) return;
      const g = this.#gesture;
      this.#pointers.delete(event.pointerId);
      if (event.type === 'pointerup' && g?.kind === 'press' && !g.moved) this.#onPick(...this.toData(...this.#localPoint(event)));
      if (this.#pointers.size === 0) this.#gesture = null;
      else if (g?.kind === 'pinch') this.#gesture = { kind: 'done' };
    };
    canvas.addEventListener('pointerup', release);
    canvas.addEventListener('pointercancel', release);
    canvas.addEventListener('wheel', (event) => {
      event.preventDefault();
      this.zoomBy(Math.exp(-event.deltaY * 0.0015), this.#localPoint(event));
    }, { passive: false });
    canvas.addEventListener('dblclick', () => this.fit());
    canvas.addEventListener('keydown', (event) => {
      const stepPx = 16;
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      if (moves[event.key]) {
        event.preventDefault();
        const [dx, dy] = moves[event.key];
        if (event.shiftKey) {
          this.#view.cx += (dx * stepPx * 3) / this.#view.scale;
          this.#view.cy -= (dy * stepPx * 3) / this.#view.scale;
          this.#invalidate(true);
          return;
        }
        const [sx, sy] = this.#probe ? this.toScreen(...this.#probe) : this.#plotCentre();
        this.#probeAt(sx + dx * stepPx, sy + dy * stepPx);
      } else if (event.key === '+' || event.key === '=') {
        this.zoomBy(1.25);
      } else if (event.key === '-' || event.key === '_') {
        this.zoomBy(0.8);
      } else if (event.key === '0') {
        this.fit();
      } else if ((event.key === 'Enter' || event.key === ' ') && this.#probe) {
        event.preventDefault();
        this.#onPick(...this.#probe);
      }
    });
  }

  #pinchState() {
    const [a, b] = [...this.#pointers.values()];
    return { centre: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], distance: Math.max(1, Math.hypot(a[0] - b[0], a[1] - b[1])) };
  }
}
