// What the Train form offers, as pure functions over the engine's limits
// (lab.limits): the preset layer sizes, the learning-rate steps, parsing a
// typed list of layers, and the texts the form shows.

export const SIZES = {
  dense: { small: [128], medium: [256, 64], large: [512, 128] },
  conv: { small: [8, 16], medium: [16, 32], large: [32, 64] },
};
// Learning rates on a 1-2-5 scale; the slider offers those within the engine's range.
const RATES = [1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.2, 0.5, 1, 2, 5, 10];

export function ratesWithin({ min, max }) {
  const rates = RATES.filter((r) => r >= min && r <= max);
  return rates.length ? rates : [min];
}

// Batch sizes to offer: the powers of two the engine accepts.
export function powersOfTwoWithin({ min, max }) {
  const out = [];
  for (let b = 1; b <= max; b *= 2) if (b >= min) out.push(b);
  return out.length ? out : [min];
}

// The option nearest to v (distance measured after `scale`, e.g. Math.log for rates).
export function nearestOf(options, v, scale = (x) => x) {
  return options.reduce((best, o) => (Math.abs(scale(o) - scale(v)) < Math.abs(scale(best) - scale(v)) ? o : best), options[0]);
}

// "256, 64" -> [256, 64] when the list fits the engine's limits for arch, else null.
export function parseLayers(text, arch, limits) {
  const trimmed = String(text).trim();
  const values = trimmed === '' ? [] : trimmed.split(/[\s,]+/).map(Number);
  const [count, width] = arch === 'dense' ? [limits.hiddenLayers, limits.hiddenWidth] : [limits.convLayers, limits.convChannels];
  const ok = values.length >= count.min && values.length <= count.max
    && values.every((v) => Number.isInteger(v) && v >= width.min && v <= width.max);
  return ok ? values : null;
}

export function presetOf(arch, layers) {
  return Object.keys(SIZES[arch]).find((k) => SIZES[arch][k].join() === layers.join()) ?? 'custom';
}

// The config as the engine reads it, with spaces so the line wraps between fields, never inside a word.
export function configText(config) {
  return JSON.stringify(config, null, 1).replace(/\n\s*/g, ' ');
}

// "1 min 05 s", "42 s", or '—' when unknown.
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}
