// Drawing the measured "holes" of a 2-D latent map: each cell of
// lab.distanceGrid() whose centre is farther from every training code than
// the coverage threshold is shaded, darker the farther it is (fully opaque
// shading at 4× the threshold). Cells within the threshold stay clear, so
// what is shaded is exactly what the panel counts as "far".
//
//   const holes = holesGrid(lab, codes, plot.bounds);    // measure once per model
//   layer.draw((ctx) => drawHoles(ctx, plot.toScreen.bind(plot), holes));

export const GRID_CELLS = 64;

// The extent to measure: the map's data bounds (LatentScatter.bounds: x0, x1, y0, y1) widened by a margin.
export function holesGrid(lab, codes, { x0, x1, y0, y1 }, { cells = GRID_CELLS, margin = 0.25, quantile } = {}) {
  const padX = (x1 - x0) * margin, padY = (y1 - y0) * margin;
  const extent = { xMin: x0 - padX, xMax: x1 + padX, yMin: y0 - padY, yMax: y1 + padY };
  const grid = lab.distanceGrid(codes, extent, cells, cells);
  const threshold = lab.coverageThreshold(codes, 2, quantile === undefined ? undefined : { quantile });
  return { grid, cols: cells, rows: cells, extent, threshold };
}

// Opacity of a cell: 0 within the threshold, rising linearly to MAX_ALPHA at 4× it.
export const MAX_ALPHA = 0.55;
export function holeAlpha(distance, threshold) {
  if (!(distance > threshold)) return 0;
  return MAX_ALPHA * Math.min(1, (distance - threshold) / (3 * threshold));
}

export function drawHoles(ctx, toScreen, { grid, cols, rows, extent, threshold }, { color = '90, 40, 140' } = {}) {
  const cellW = (extent.xMax - extent.xMin) / cols, cellH = (extent.yMax - extent.yMin) / rows;
  for (let r = 0; r < rows; ++r) {
    for (let c = 0; c < cols; ++c) {
      const alpha = holeAlpha(grid[r * cols + c], threshold);
      if (alpha === 0) continue;
      const x = extent.xMin + c * cellW, yTop = extent.yMax - r * cellH;
      const [sx0, sy0] = toScreen(x, yTop);
      const [sx1, sy1] = toScreen(x + cellW, yTop - cellH);
      ctx.fillStyle = `rgba(${color}, ${alpha.toFixed(3)})`;
      // Rounded out by half a pixel so neighbouring cells leave no seams.
      ctx.fillRect(Math.floor(sx0), Math.floor(sy0), Math.ceil(sx1 - sx0) + 1, Math.ceil(sy1 - sy0) + 1);
    }
  }
}
