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

// One cols×rows image stretched over the extent: cells meet without seams.
export function drawHoles(ctx, toScreen, { grid, cols, rows, extent, threshold }, { color = [90, 40, 140] } = {}) {
  const cells = new ImageData(cols, rows);
  for (let i = 0; i < cols * rows; ++i) {
    cells.data.set(color, 4 * i);
    cells.data[4 * i + 3] = Math.round(255 * holeAlpha(grid[i], threshold));
  }
  const image = document.createElement('canvas');
  image.width = cols;
  image.height = rows;
  image.getContext('2d').putImageData(cells, 0, 0);
  const [sx0, sy0] = toScreen(extent.xMin, extent.yMax);
  const [sx1, sy1] = toScreen(extent.xMax, extent.yMin);
  ctx.save();
  ctx.imageSmoothingEnabled = false;  // square cells: each is one measured distance
  ctx.drawImage(image, sx0, sy0, sx1 - sx0, sy1 - sy0);
  ctx.restore();
}
