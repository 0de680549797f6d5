// Drawing a scatter plot onto 2-D canvas contexts, given its view (viewport.js):
// the base layer (grid, tick labels, the points coloured by class), redrawn
// only when the view changes, and the overlay drawn over it every frame
// (grid crosses, a path, marks with optional one-σ ellipses, the probe and
// the image decoded there).
import { CLASS_COLORS } from './digits.js';
import { niceStep, plotRect, ticks, toScreen, visibleRect } from './viewport.js';

// plot = { view, size, dpr }; formatTick(value, digits) formats axis numbers in the page's locale.
export function renderBase(ctx, plot, { xy, labels }, formatTick) {
  const { size, dpr } = plot;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  drawAxes(ctx, plot, formatTick);
  const r = plotRect(size);
  ctx.save();
  clipToPlot(ctx, r);
  drawPoints(ctx, plot, xy, labels, r);
  ctx.restore();
  ctx.strokeStyle = '#c9ced6';
  ctx.strokeRect(r.left + 0.5, r.top + 0.5, r.right - r.left - 1, r.bottom - r.top - 1);
}

function clipToPlot(ctx, r) {
  ctx.beginPath();
  ctx.rect(r.left, r.top, r.right - r.left, r.bottom - r.top);
  ctx.clip();
}

function drawAxes(ctx, { view, size }, formatTick) {
  const { x0, x1, y0, y1 } = visibleRect(view, size);
  const r = plotRect(size);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#555';
  ctx.strokeStyle = '#eceef2';
  ctx.lineWidth = 1;
  const step = niceStep(Math.max(x1 - x0, y1 - y0), 5);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of ticks(x0, x1, step)) {
    const sx = Math.round(toScreen(view, size, v, 0)[0]) + 0.5;
    line(ctx, sx, r.top, sx, r.bottom);
    ctx.fillText(formatTick(v, digits), sx, r.bottom + 5);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of ticks(y0, y1, step)) {
    const sy = Math.round(toScreen(view, size, 0, v)[1]) + 0.5;
    line(ctx, r.left, sy, r.right, sy);
    ctx.fillText(formatTick(v, digits), r.left - 4, sy);
  }
}

function line(ctx, ax, ay, bx, by) {
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx, by);
  ctx.stroke();
}

// One colour at a time (few fillStyle changes for thousands of squares).
function drawPoints(ctx, { view, size }, xy, labels, r) {
  const n = xy.length / 2;
  const side = n > 4000 ? 2.5 : 3.5;
  ctx.globalAlpha = 0.75;
  for (let label = 0; label < (labels ? CLASS_COLORS.length : 1); ++label) {
    ctx.fillStyle = labels ? CLASS_COLORS[label] : '#4e79a7';
    for (let i = 0; i < n; ++i) {
      if (labels && labels[i] !== label) continue;
      const [sx, sy] = toScreen(view, size, xy[2 * i], xy[2 * i + 1]);
      if (sx < r.left - 4 || sx > r.right + 4 || sy < r.top - 4 || sy > r.bottom + 4) continue;
      ctx.fillRect(sx - side / 2, sy - side / 2, side, side);
    }
  }
}

// overlay = { dots: Float32Array N×2, path: [[x, y], …], pathColor, marks: [{ x, y, text, color, radius, rx, ry }], probeImage };
// probe = [x, y] or null.
export function renderOverlay(ctx, plot, overlay, probe) {
  const { size, dpr } = plot;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.save();
  clipToPlot(ctx, plotRect(size));
  const at = (x, y) => toScreen(plot.view, size, x, y);
  if (overlay.dots) drawCrosses(ctx, overlay.dots, at);
  if (overlay.path?.length > 1) drawPath(ctx, overlay.path, overlay.pathColor ?? '#222', at);
  for (const mark of overlay.marks ?? []) drawMark(ctx, mark, at, plot.view.scale);
  if (probe) drawProbe(ctx, at(...probe), overlay.probeImage, size);
  ctx.restore();
}

// Small crosses, white-edged, so they stand out from the square data points.
function drawCrosses(ctx, dots, at) {
  ctx.lineCap = 'round';
  for (const [color, width] of [['rgba(255, 255, 255, 0.9)', 3.5], ['#111', 1.5]]) {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    for (let i = 0; i < dots.length; i += 2) {
      const [sx, sy] = at(dots[i], dots[i + 1]);
      ctx.moveTo(sx - 3, sy);
      ctx.lineTo(sx + 3, sy);
      ctx.moveTo(sx, sy - 3);
      ctx.lineTo(sx, sy + 3);
    }
    ctx.stroke();
  }
}

function drawPath(ctx, path, color, at) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2.5;
  ctx.setLineDash([]);
  ctx.beginPath();
  path.forEach(([x, y], i) => {
    const [sx, sy] = at(x, y);
    if (i === 0) ctx.moveTo(sx, sy);
    else ctx.lineTo(sx, sy);
  });
  ctx.stroke();
}

function drawMark(ctx, mark, at, scale) {
  const [sx, sy] = at(mark.x, mark.y);
  if (mark.rx !== undefined) {
    // A VAE posterior: the ellipse one σ around μ.
    ctx.fillStyle = 'rgba(17, 17, 17, 0.12)';
    ctx.strokeStyle = mark.color ?? '#111';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.ellipse(sx, sy, Math.max(1, mark.rx * scale), Math.max(1, mark.ry * scale), 0, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  if (mark.radius === 0) return;
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

// A cross at the probe and, beside it (inside the plot), the image decoded there.
function drawProbe(ctx, [sx, sy], image, size) {
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(sx - 9, sy);
  ctx.lineTo(sx + 9, sy);
  ctx.moveTo(sx, sy - 9);
  ctx.lineTo(sx, sy + 9);
  ctx.stroke();
  if (!image) return;
  const side = 56;
  const r = plotRect(size);
  let ix = sx + 12, iy = sy - side - 12;
  if (ix + side > r.right) ix = sx - side - 12;
  if (iy < r.top) iy = sy + 12;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, ix, iy, side, side);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 2;
  ctx.strokeRect(ix, iy, side, side);
}
