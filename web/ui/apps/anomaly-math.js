// Pure functions behind the anomaly view (no DOM, no WASM; tests/node/apps-math.test.js):
// the made-up anomaly sets, the per-pixel error map, a threshold's confusion
// counts, histograms on log-spaced bins and the extremes of a set.
const SIDE = 28;
const PIXELS = SIDE * SIDE;

// Each 28×28 image turned a quarter turn clockwise: out[r][c] = in[27 − c][r].
export function rotateQuarter(images) {
  const out = new Float32Array(images.length);
  for (let base = 0; base < images.length; base += PIXELS)
    for (let r = 0; r < SIDE; ++r)
      for (let c = 0; c < SIDE; ++c) out[base + r * SIDE + c] = images[base + (SIDE - 1 - c) * SIDE + r];
  return out;
}

// Black ink on white: 1 − x.
export function invert(images) {
  return Float32Array.from(images, (v) => 1 - v);
}

// count images of independent uniform pixels from a fixed seed (mulberry32),
// so every visit shows the same noise.
export function noiseImages(count, seed = 1) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: count * PIXELS }, next);
}

// The smallest step below 1 and the smallest normal value of a float32: the
// model's probabilities are float32, so 1 − p is never below 2⁻²⁴ unless it is 0.
const P_MIN = 2 ** -126;
const P_MAX = 1 - 2 ** -24;

// Per-pixel Bernoulli cross-entropy −[x ln p + (1 − x) ln(1 − p)] of an image x
// and its reconstruction p (nats); the map sums to the reconstruction error.
export function pixelCrossEntropy(image, reconstruction) {
  const out = new Float32Array(image.length);
  for (let i = 0; i < image.length; ++i) {
    const x = image[i], p = Math.min(P_MAX, Math.max(P_MIN, reconstruction[i]));
    out[i] = -(x * Math.log(p) + (1 - x) * Math.log(1 - p));
  }
  return out;
}

// Σ per-pixel cross-entropy for each row: the reconstruction-error score.
export function reconstructionErrors(images, reconstructions) {
  const n = images.length / PIXELS;
  const out = new Float32Array(n);
  for (let row = 0; row < n; ++row) {
    const map = pixelCrossEntropy(images.subarray(row * PIXELS, (row + 1) * PIXELS),
      reconstructions.subarray(row * PIXELS, (row + 1) * PIXELS));
    out[row] = map.reduce((s, v) => s + v, 0);
  }
  return out;
}

// Flag as anomalous when score ≥ threshold (the ROC curve's rule).
export function confusion(normalScores, anomalousScores, threshold) {
  let fp = 0, tp = 0;
  for (const s of normalScores) if (s >= threshold) ++fp;
  for (const s of anomalousScores) if (s >= threshold) ++tp;
  const tn = normalScores.length - fp, fn = anomalousScores.length - tp;
  return { tp, fp, tn, fn, tpr: tp / anomalousScores.length, fpr: fp / normalScores.length };
}

// bins + 1 edges evenly spaced in log(score) from lo to hi (both > 0).
export function logEdges(lo, hi, bins) {
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: bins + 1 }, (_, i) => Math.exp(a + ((b - a) * i) / bins));
}

// Fraction of the values in each bin [edges[i], edges[i+1]); values outside
// the edges go to the first or last bin, so every value is counted.
export function histogram(values, edges) {
  const bins = edges.length - 1;
  const counts = new Array(bins).fill(0);
  for (const v of values) {
    let lo = 0, hi = bins;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v >= edges[mid]) lo = mid;
      else hi = mid;
    }
    counts[lo] += 1;
  }
  return counts.map((c) => c / values.length);
}

// The indices of the `count` highest and lowest scores, highest first / lowest first.
export function extremes(scores, count) {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return { most: order.slice(0, count), least: order.slice(-count).reverse() };
}

// The fraction of values strictly below value (where a score sits among the normal ones).
export function fractionBelow(values, value) {
  let below = 0;
  for (const v of values) if (v < value) ++below;
  return below / values.length;
}

// The q-quantile (0..1) of the values, by the nearest rank.
export function quantile(values, q) {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
