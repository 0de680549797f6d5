// What a coverage measurement says, as data the panel's text is chosen from
// (pure; tests/node/coverage.test.js checks it against its definition).
//   shares[c]      share of the samples whose decoding is nearest a training digit of class c
//   rare           classes below RARE_SHARE of the samples (absent ones included), ascending
//   absent         classes no sample decoded to
//   farShare       the measured share of samples beyond the threshold (copied)
//   sampleRadius   the 95th percentile of the samples' norms |z|
//   codesOutside   share of training codes with a norm beyond sampleRadius: how much of
//                  the code range the prior's samples (95% of them) do not reach
//   lessons        the i18n keys of the sentences the measurement supports, in order
export const RARE_SHARE = 0.02;
export const FAR_NOTABLE = 0.1;
// "Only the middle" is said when more than half the training codes lie beyond the samples' 95% radius.
export const OUTSIDE_NOTABLE = 0.5;

function norms(rows, width) {
  const out = new Float64Array(rows.length / width);
  for (let i = 0; i < out.length; ++i) {
    let sum = 0;
    for (let k = 0; k < width; ++k) sum += rows[i * width + k] ** 2;
    out[i] = Math.sqrt(sum);
  }
  return out;
}

// The q-quantile by linear interpolation between order statistics (as coverage_threshold).
export function quantile(values, q) {
  const sorted = Float64Array.from(values).sort();
  const position = q * (sorted.length - 1);
  const below = Math.floor(position), above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function summarizeCoverage({ histogram, farShare, samples, codes, latent }) {
  const total = histogram.reduce((a, b) => a + b, 0);
  const shares = Array.from(histogram, (n) => (total > 0 ? n / total : 0));
  const rare = [], absent = [];
  shares.forEach((share, c) => {
    if (share < RARE_SHARE) rare.push(c);
    if (histogram[c] === 0) absent.push(c);
  });
  const sampleRadius = quantile(norms(samples, latent), 0.95);
  const codeNorms = norms(codes, latent);
  const codesOutside = codeNorms.reduce((n, r) => n + (r > sampleRadius), 0) / codeNorms.length;
  // Beyond 2-D, 8000 training codes are sparse: a VAE's own prior samples are
  // far from all of them (vae16: 71% at T = 1) while decoding to clean digits,
  // so there the far share is not called "holes".
  const far = latent > 2 ? 'coverage.lessonSparse' : 'coverage.lessonFar';
  const lessons = [farShare >= FAR_NOTABLE ? far : 'coverage.lessonNear'];
  lessons.push(rare.length > 0 ? 'coverage.lessonRare' : 'coverage.lessonAllClasses');
  if (codesOutside >= OUTSIDE_NOTABLE) lessons.push('coverage.lessonOutside');
  return { total, shares, rare, absent, farShare, sampleRadius, codesOutside, lessons };
}
