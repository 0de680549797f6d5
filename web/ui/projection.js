// Maps Z-dimensional latent codes to the 2-D plane of a scatter plot and back,
// so a point picked in the plane can be decoded:
//   PCA          the plane through the codes' mean spanned by their two main axes
//   two dims     dimensions i and j; the other dimensions stay at the codes' mean
// A 2-D model uses dims 0 and 1, which is the identity.
//
//   const p = pcaProjection(lab, codes, Z);  p.project(codes) -> Float32Array N×2;  p.unproject(x, y) -> Float32Array Z

function meanOf(codes, Z) {
  const n = codes.length / Z;
  const mean = new Float64Array(Z);
  for (let i = 0; i < n; ++i) for (let d = 0; d < Z; ++d) mean[d] += codes[i * Z + d];
  for (let d = 0; d < Z; ++d) mean[d] /= Math.max(1, n);
  return mean;
}

export function dimsProjection(codes, Z, i = 0, j = 1) {
  const mean = meanOf(codes, Z);
  return {
    kind: 'dims',
    dims: [i, j],
    project(rows) {
      const n = rows.length / Z;
      const out = new Float32Array(n * 2);
      for (let k = 0; k < n; ++k) (out[2 * k] = rows[k * Z + i]), (out[2 * k + 1] = rows[k * Z + j]);
      return out;
    },
    unproject(x, y) {
      const z = Float32Array.from(mean);
      z[i] = x;
      z[j] = y;
      return z;
    },
  };
}

// The plane of the codes' two principal components, fitted in C++ (lab.fitPca
// over the codes as Z-value rows); the parts are copied out and the Pca freed,
// so the projection holds no WASM memory.
export function pcaProjection(lab, codes, Z) {
  const pca = lab.fitPca(codes, Math.min(2, Z), { imageSize: Z });
  let mean, basis, variances;
  try {
    ({ mean, components: basis, explainedVariance: variances } = pca);
  } finally {
    pca.dispose();
  }
  const u = basis.subarray(0, Z);
  const w = Z > 1 ? basis.subarray(Z, 2 * Z) : new Float32Array(Z);
  return {
    kind: 'pca',
    variances: Array.from(variances),
    project(rows) {
      const m = rows.length / Z;
      const out = new Float32Array(m * 2);
      for (let k = 0; k < m; ++k) {
        let x = 0, y = 0;
        for (let d = 0; d < Z; ++d) {
          const centred = rows[k * Z + d] - mean[d];
          x += centred * u[d];
          y += centred * w[d];
        }
        out[2 * k] = x;
        out[2 * k + 1] = y;
      }
      return out;
    },
    unproject(x, y) {
      const z = new Float32Array(Z);
      for (let d = 0; d < Z; ++d) z[d] = mean[d] + x * u[d] + y * w[d];
      return z;
    },
  };
}

// Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9),
// for the VAE's manifold grid: a unit grid mapped through it covers the prior evenly.
export function inverseNormalCdf(p) {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// The default plane for a model's codes: the identity for a 2-D code, PCA otherwise.
// Cached per codes array (models.codes returns the same array for the same model and data set).
const defaultProjections = new WeakMap();
export function defaultProjection(lab, codes, Z) {
  if (!defaultProjections.has(codes)) {
    defaultProjections.set(codes, Z === 2 ? dimsProjection(codes, Z, 0, 1) : pcaProjection(lab, codes, Z));
  }
  return defaultProjections.get(codes);
}
