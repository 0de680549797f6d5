// The Latent view's manifold: decodings of an n×n grid of points of the map's
// plane. For a VAE the grid is a unit grid mapped through the inverse Gaussian
// CDF (equal prior mass per cell; on a PCA plane each axis scaled by the
// codes' spread along it); for an AE it spans the visible part of the map.
import { drawDigitGrid } from '../ui/digits.js';
import { inverseNormalCdf } from '../ui/projection.js';

// The grid's plane coordinates: xs left to right, ys top (high y) to bottom.
// spread: [sx, sy] standard deviations along the plane's axes (VAE), visible: the map's rectangle (AE).
export function manifoldAxes(n, { variational, spread = [1, 1], visible }) {
  if (variational) {
    const q = Array.from({ length: n }, (_, k) => inverseNormalCdf((k + 0.5) / n));
    return { xs: q.map((v) => v * spread[0]), ys: q.map((v) => v * spread[1]).reverse() };
  }
  const { x0, x1, y0, y1 } = visible;
  return {
    xs: Array.from({ length: n }, (_, k) => x0 + ((k + 0.5) / n) * (x1 - x0)),
    ys: Array.from({ length: n }, (_, k) => y1 - ((k + 0.5) / n) * (y1 - y0)),
  };
}

// Decodes the n×n grid onto canvas; returns its points (Float32Array n²×2) for the map's crosses.
export function drawManifold(canvas, model, projection, n, visible) {
  const Z = model.latentSize;
  const spread = projection.kind === 'pca' ? projection.variances.map(Math.sqrt) : [1, 1];
  const { xs, ys } = manifoldAxes(n, { variational: model.isVariational, spread, visible });
  const plane = new Float32Array(n * n * 2);
  const codes = new Float32Array(n * n * Z);
  for (let r = 0; r < n; ++r) {
    for (let c = 0; c < n; ++c) {
      const k = r * n + c;
      plane[2 * k] = xs[c];
      plane[2 * k + 1] = ys[r];
      codes.set(projection.unproject(xs[c], ys[r]), k * Z);
    }
  }
  drawDigitGrid(canvas, model.decode(codes), { columns: n, gap: 0 });
  return plane;
}
