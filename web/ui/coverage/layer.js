// A transparent canvas stacked over a 2-D map's canvas (LatentScatter's, or
// any), the same size, that ignores the pointer: where the holes overlay and
// the prior's circles are drawn, so the map itself needs no change.
//
//   const layer = new MapLayer(plot.canvas);            // inserted right after it
//   layer.draw((ctx, width, height) => { ... });       // CSS pixels; cleared first
//   life.own(layer);                                   // removes it on leave
import { el } from '../controls.js';

export class MapLayer {
  #canvas;
  #target;
  #painter = null;
  #observer;

  constructor(target) {
    this.#target = target;
    this.#canvas = el('canvas', { className: 'map-layer', attrs: { 'aria-hidden': 'true' } });
    // No box of its own (page CSS may give canvases borders): it lies exactly on the map's content box.
    Object.assign(this.#canvas.style, { position: 'absolute', pointerEvents: 'none', left: '0', top: '0', border: '0', padding: '0',
      margin: '0', boxSizing: 'content-box', background: 'transparent', borderRadius: '0' });
    const parent = target.parentElement;
    if (parent && getComputedStyle(parent).position === 'static') parent.style.position = 'relative';
    target.after(this.#canvas);
    this.#observer = new ResizeObserver(() => this.redraw());
    this.#observer.observe(target);
  }

  get canvas() {
    return this.#canvas;
  }

  draw(painter) {
    this.#painter = painter;
    this.redraw();
  }

  // Call after the map moved (LatentScatter's onViewChange).
  redraw() {
    const { offsetLeft, offsetTop, clientLeft, clientTop, clientWidth: width, clientHeight: height } = this.#target;
    const dpr = window.devicePixelRatio || 1;
    Object.assign(this.#canvas.style, { left: `${offsetLeft + clientLeft}px`, top: `${offsetTop + clientTop}px`, width: `${width}px`, height: `${height}px` });
    this.#canvas.width = Math.max(1, Math.round(width * dpr));
    this.#canvas.height = Math.max(1, Math.round(height * dpr));
    const ctx = this.#canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (this.#painter) this.#painter(ctx, width, height);
  }

  dispose() {
    this.#observer.disconnect();
    this.#canvas.remove();
  }
}
