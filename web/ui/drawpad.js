// A drawing pad for digits: mouse, touch and pen through Pointer Events (pen
// pressure widens the stroke), brush size, eraser, undo and clear. White ink on
// black, like MNIST. The drawing is kept as a list of strokes so undo can
// replay it; digit(lab) returns it as an MNIST-like 28×28 digit.
//
//   const pad = new DrawPad({ t, onChange: (final) => … });  // final: a stroke ended
//   container.append(pad.root);
//   pad.digit(lab); pad.isEmpty; pad.onlyImage; pad.clear(); pad.undo(); pad.setImage(pixels28);
import { el, slider, button, segmented } from './controls.js';
import { SIDE } from './digits.js';

export class DrawPad {
  #canvas;
  #ctx;
  #strokes = []; // { width, erase, points: [[x, y, pressure]] } | { image: Float32Array(784) }
  #active = null; // the stroke being drawn and its pointer id
  #brush;
  #tool;
  #onChange;

  constructor({ t, size = 280, brush = 20, onChange, compact = false }) {
    this.size = size;
    this.#onChange = onChange ?? (() => {});
    this.#canvas = el('canvas', {
      width: size,
      height: size,
      className: 'drawpad-canvas',
      tabIndex: 0,
      attrs: { role: 'img', 'aria-label': t('pad.canvas') },
    });
    this.#ctx = this.#canvas.getContext('2d', { willReadFrequently: true });
    this.#brush = slider({ label: t('pad.brush'), min: 8, max: 40, value: brush, name: 'brush' });
    this.#tool = segmented({
      label: t('pad.tool'),
      name: 'tool',
      value: 'pen',
      options: [
        { value: 'pen', text: t('pad.pen') },
        { value: 'eraser', text: t('pad.eraser') },
      ],
    });
    const undo = button({ text: t('pad.undo'), onClick: () => this.undo(), name: 'undo', title: 'Ctrl+Z' });
    const clear = button({ text: t('pad.clear'), onClick: () => this.clear(), name: 'clear', kind: 'danger' });
    this.root = el('div', { className: `drawpad${compact ? ' compact' : ''}` },
      el('div', { className: 'drawpad-frame' }, this.#canvas, el('span', { className: 'drawpad-hint', textContent: t('pad.hint'), attrs: { 'aria-hidden': 'true' } })),
      el('div', { className: 'drawpad-tools' }, this.#tool.root, this.#brush.root, el('div', { className: 'btn-row' }, undo, clear)));
    this.#listen();
    this.#redraw();
  }

  get canvas() {
    return this.#canvas;
  }

  get isEmpty() {
    return this.#strokes.length === 0;
  }

  // The 28×28 image given to setImage() while nothing has been drawn over it
  // (it is MNIST-like already, so it needs no second preprocessing), else null.
  get onlyImage() {
    return this.#strokes.length === 1 && this.#strokes[0].image ? this.#strokes[0].image : null;
  }

  // The drawing as an MNIST-like 28×28 digit (lab.mnistify), or the image
  // given to setImage() while nothing has been drawn over it. Only the part of
  // the pad the pen can have touched is read: mnistify crops to the ink first,
  // so the result is the same, and reading all 280×280 pixels was the largest
  // cost of a frame while drawing.
  digit(lab) {
    if (this.onlyImage) return this.onlyImage;
    const { x, y, width, height } = this.#inkedRegion();
    if (width === 0 || height === 0) return new Float32Array(SIDE * SIDE);
    const { data } = this.#ctx.getImageData(x, y, width, height);
    const ink = new Float32Array(width * height);
    for (let i = 0; i < ink.length; ++i) ink[i] = data[i * 4] / 255;
    return lab.mnistify(ink, height, width);
  }

  // The pixel rectangle that holds every pen stroke (round caps, pressure and
  // 2 px for anti-aliasing included); the whole pad under an image.
  #inkedRegion() {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const stroke of this.#strokes) {
      if (stroke.image) return { x: 0, y: 0, width: this.size, height: this.size };
      if (stroke.erase) continue;  // erasing only removes ink
      for (const [x, y, pressure] of stroke.points) {
        const reach = (stroke.width * pressure) / 2 + 2;
        x0 = Math.min(x0, x - reach), y0 = Math.min(y0, y - reach);
        x1 = Math.max(x1, x + reach), y1 = Math.max(y1, y + reach);
      }
    }
    if (x1 < x0) return { x: 0, y: 0, width: 0, height: 0 };
    const left = Math.max(0, Math.floor(x0)), top = Math.max(0, Math.floor(y0));
    const right = Math.min(this.size, Math.ceil(x1)), bottom = Math.min(this.size, Math.ceil(y1));
    return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
  }

  clear() {
    this.#strokes = [];
    this.#active = null;
    this.#redraw();
    this.#onChange(true);
  }

  undo() {
    if (this.#strokes.length === 0) return;
    this.#strokes.pop();
    this.#active = null;
    this.#redraw();
    this.#onChange(true);
  }

  // Replaces the drawing by a 28×28 image scaled up (e.g. a test digit to draw over).
  setImage(pixels) {
    this.#strokes = [{ image: Float32Array.from(pixels) }];
    this.#redraw();
    this.#onChange(true);
  }

  #redraw() {
    const ctx = this.#ctx;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, this.size, this.size);
    for (const stroke of this.#strokes) {
      if (stroke.image) this.#drawImage(stroke.image);
      else this.#drawStroke(stroke, 0);
    }
  }

  #drawImage(pixels) {
    const small = new OffscreenCanvas(SIDE, SIDE);
    const sctx = small.getContext('2d');
    const image = sctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < pixels.length; ++i) {
      const g = Math.round(255 * pixels[i]);
      image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = g;
      image.data[i * 4 + 3] = 255;
    }
    sctx.putImageData(image, 0, 0);
    this.#ctx.imageSmoothingEnabled = true;
    this.#ctx.drawImage(small, 0, 0, this.size, this.size);
  }

  // Draws the stroke's segments from point `from` on (all of it when 0).
  #drawStroke(stroke, from) {
    const ctx = this.#ctx;
    ctx.strokeStyle = ctx.fillStyle = stroke.erase ? '#000' : '#fff';
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    const pts = stroke.points;
    if (pts.length === 1 && from === 0) {
      const [x, y, p] = pts[0];
      ctx.beginPath();
      ctx.arc(x, y, (stroke.width * p) / 2, 0, 2 * Math.PI);
      ctx.fill();
      return;
    }
    for (let i = Math.max(1, from); i < pts.length; ++i) {
      const [x0, y0, p0] = pts[i - 1];
      const [x1, y1, p1] = pts[i];
      ctx.lineWidth = stroke.width * (p0 + p1) / 2;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
    }
  }

  // rect: the canvas's box, read once per stroke (reading it on every move
  // forced a layout of the page whenever a frame had changed any text).
  #point(event, rect) {
    const x = ((event.clientX - rect.left) / rect.width) * this.size;
    const y = ((event.clientY - rect.top) / rect.height) * this.size;
    // Pens report pressure; mice report 0.5 while pressed, touch often 0 or 1.
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? 0.5 + event.pressure : 1;
    return [x, y, pressure];
  }

  #listen() {
    const canvas = this.#canvas;
    canvas.addEventListener('pointerdown', (event) => {
      if (this.#active || (event.pointerType === 'mouse' && event.button !== 0)) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      const rect = canvas.getBoundingClientRect();
      const stroke = { width: this.#brush.value, erase: this.#tool.value === 'eraser', points: [this.#point(event, rect)] };
      this.#strokes.push(stroke);
      this.#active = { stroke, pointerId: event.pointerId, rect };
      this.#drawStroke(stroke, 0);
      this.#onChange(false);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!this.#active || event.pointerId !== this.#active.pointerId) return;
      event.preventDefault();
      const { stroke, rect } = this.#active;
      const before = stroke.points.length;
      const events = event.getCoalescedEvents?.() ?? [];
      for (const e of events.length ? events : [event]) stroke.points.push(this.#point(e, rect));
      this.#drawStroke(stroke, before);
      this.#onChange(false);
    });
    const end = (event) => {
      if (!this.#active || event.pointerId !== this.#active.pointerId) return;
      this.#active = null;
      this.#onChange(true);
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        this.undo();
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        this.clear();
      }
    });
  }
}
