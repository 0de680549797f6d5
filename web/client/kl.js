// The KL divergence lab's numbers (src/models/divergence.hpp through
// src/wasm/bindings_kl.cpp). LatentLab delegates to these one-liners, so
// `lab.discreteKl(p, q)` and friends are the public surface (latentlab.d.ts).
// Normals are { mu, sigma }; a two-mode mixture is { weight, first, second }.
import { asFloat32, checked, moduleOf } from './internals.js';

function numbers(values, name) {
  if (Array.isArray(values) || ArrayBuffer.isView(values)) return Float64Array.from(values);
  throw new TypeError(`${name} must be an array of numbers`);
}

const run = (lab, fn) => {
  const module = moduleOf(lab);
  return checked(module, fn(module));
};

// { p, q (normalised), terms: p_i log(p_i/q_i) (Infinity where q_i = 0 < p_i), total, infiniteAt }.
export const discreteKl = (lab, p, q) => run(lab, (m) => m.klDiscrete(numbers(p, 'P'), numbers(q, 'Q')));
export const gaussianKl = (lab, p, q) => run(lab, (m) => m.klGaussian(p, q));
export const gaussianKlNumeric = (lab, p, q) => run(lab, (m) => m.klGaussianNumeric(p, q));
export const normalDensity = (lab, normal, lo, hi, points) => run(lab, (m) => m.klNormalDensity(normal, lo, hi, points));
export const mixtureDensity = (lab, mixture, lo, hi, points) =>
  run(lab, (m) => m.klMixtureDensity(mixture, lo, hi, points));
export const mixtureMoments = (lab, mixture) => run(lab, (m) => m.klMixtureMoments(mixture));
export function fitGaussian(lab, mixture, { direction, start, steps = 200, learningRate = 0.1 } = {}) {
  if (direction !== 'forward' && direction !== 'reverse') throw new TypeError("direction must be 'forward' or 'reverse'");
  return run(lab, (m) => m.klFitGaussian(mixture, direction, start, steps, learningRate));
}
export const vaeKlTerm = (lab, mu, sigma) => run(lab, (m) => m.klVaeTerm(mu, sigma));
export const klPerDimension = (lab, mu, logvar) =>
  run(lab, (m) => m.klPerDimension(asFloat32(mu, 'mu'), asFloat32(logvar, 'logvar')));
export const samplePosterior = (lab, mu, logvar, { count = 1, seed = 1 } = {}) =>
  run(lab, (m) => m.klSamplePosterior(asFloat32(mu, 'mu'), asFloat32(logvar, 'logvar'), count, seed));
export const klLimits = (lab) => run(lab, (m) => m.klLimits());
