// Canvas pictures of the two environments, from the state the worker sent.
import { ARROWS, cartPoleGeometry, greedyPolicy } from './math.js';

// Fits the canvas's backing store to its CSS size and the device's pixel ratio.
function fit(canvas) {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  return { ctx: canvas.getContext('2d'), width, height, ratio };
}

export function drawCartPole(canvas, state) {
  const { ctx, width, height, ratio } = fit(canvas);
  ctx.clearRect(0, 0, width, height);
  const g = cartPoleGeometry(state?.x ?? 0, state?.theta ?? 0, width, height);
  ctx.strokeStyle = '#888';
  ctx.lineWidth = 2 * ratio;
  ctx.beginPath();
  ctx.moveTo(g.track.left, g.cart.y + 0.15 * g.scale);
  ctx.lineTo(g.track.right, g.cart.y + 0.15 * g.scale);
  for (const end of [g.track.left, g.track.right]) {  // the ±2.4 m limits
    ctx.moveTo(end, g.cart.y - 0.1 * g.scale);
    ctx.lineTo(end, g.cart.y + 0.25 * g.scale);
  }
  ctx.stroke();
  const cartW = 0.5 * g.scale, cartH = 0.3 * g.scale;
  ctx.fillStyle = '#2f6fdf';
  ctx.fillRect(g.cart.x - cartW / 2, g.cart.y - cartH / 2, cartW, cartH);
  ctx.strokeStyle = '#c98a2b';
  ctx.lineWidth = Math.max(3 * ratio, 0.06 * g.scale);
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(g.cart.x, g.cart.y);
  ctx.lineTo(g.tip.x, g.tip.y);
  ctx.stroke();
  ctx.fillStyle = '#333';
  ctx.beginPath();
  ctx.arc(g.cart.x, g.cart.y, 0.04 * g.scale, 0, 2 * Math.PI);
  ctx.fill();
}

const CELL_COLOURS = { '#': '#9a9a9a', G: '#3aa655', P: '#d64545' };

// Heat map of max_a Q per cell (blue low, yellow high, scaled to the grid's
// range) with the greedy action as an arrow, and the agent as a dot.
export function drawGrid(canvas, grid) {
  const { ctx, width, height } = fit(canvas);
  ctx.clearRect(0, 0, width, height);
  if (!grid) return;
  const size = Math.min(width / grid.cols, height / grid.rows);
  const cells = greedyPolicy(grid.q, grid.layout);
  const values = cells.filter((c) => c.drawn).map((c) => c.value);
  const lo = Math.min(...values), hi = Math.max(...values);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = `${Math.round(size * 0.5)}px sans-serif`;
  cells.forEach((cell, i) => {
    const x = (i % grid.cols) * size, y = Math.floor(i / grid.cols) * size;
    const kind = grid.layout[i];
    if (cell.drawn) {
      const u = hi > lo ? (cell.value - lo) / (hi - lo) : 0.5;
      ctx.fillStyle = `hsl(${230 - 180 * u}, 70%, ${35 + 30 * u}%)`;
    } else {
      ctx.fillStyle = CELL_COLOURS[kind];
    }
    ctx.fillRect(x + 1, y + 1, size - 2, size - 2);
    if (cell.drawn) {
      ctx.fillStyle = '#fff';
      ctx.fillText(ARROWS[cell.action], x + size / 2, y + size / 2);
    }
  });
  const ax = (grid.agent % grid.cols + 0.5) * size, ay = (Math.floor(grid.agent / grid.cols) + 0.5) * size;
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = Math.max(2, size * 0.08);
  ctx.beginPath();
  ctx.arc(ax, ay, size * 0.32, 0, 2 * Math.PI);
  ctx.stroke();
}
