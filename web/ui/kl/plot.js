// A small canvas plot of 1-D densities (the curves' values come from C++:
// lab.normalDensity / lab.mixtureDensity): x axis with ticks, curves with an
// optional fill, vertical markers. Redraws at the element's width.
//
//   const plot = densityPlot({ label, life });
//   plot.draw({ x0, x1, curves: [{ values, color, fill, dash }], markers: [{ x, color }] });
import { el } from '../controls.js';

const HEIGHT = 190;
const MARGIN = { left: 8, right: 8, top: 10, bottom: 22 };

export function densityPlot({ label, life, height = HEIGHT }) {
  const canvas = el('canvas', { className: 'kl-plot', attrs: { role: 'img', 'aria-label': label } });
  let last = null;
  const render = () => {
    if (!last) return;
    const width = Math.max(240, canvas.clientWidth || 480);
    const dpr = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    drawFrame(ctx, width, height, last);
  };
  life.observe(new ResizeObserver(render), canvas);
  return {
    root: canvas,
    draw(scene) {
      last = scene;
      render();
    },
  };
}

function drawFrame(ctx, width, height, { x0, x1, curves, markers = [] }) {
  const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
  const top = Math.max(1e-9, ...curves.flatMap((c) => Array.from(c.values))) * 1.08;
  const sx = (x) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y) => MARGIN.top + plotH - (y / top) * plotH;
  ctx.strokeStyle = '#c5cad3';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(MARGIN.left, sy(0));
  ctx.lineTo(width - MARGIN.right, sy(0));
  ctx.stroke();
  ctx.fillStyle = '#5b6475';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const step = (x1 - x0) > 12 ? 2 : 1;
  for (let x = Math.ceil(x0 / step) * step; x <= x1; x += step) {
    ctx.fillRect(sx(x) - 0.5, sy(0), 1, 4);
    ctx.fillText(String(x).replace('-', '−'), sx(x), sy(0) + 6);
  }
  for (const { values, color, fill, dash } of curves) {
    const n = values.length;
    ctx.beginPath();
    for (let i = 0; i < n; ++i) {
      const x = sx(x0 + ((x1 - x0) * i) / (n - 1)), y = sy(values[i]);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.setLineDash(dash ?? []);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.setLineDash([]);
    if (fill) {
      ctx.lineTo(sx(x1), sy(0));
      ctx.lineTo(sx(x0), sy(0));
      ctx.closePath();
      ctx.fillStyle = fill;
      ctx.fill();
    }
  }
  for (const { x, color } of markers) {
    ctx.strokeStyle = color;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(sx(x), MARGIN.top);
    ctx.lineTo(sx(x), sy(0));
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
