// Latent coverage (src/models/latent_coverage.hpp through
// src/wasm/bindings_coverage.cpp): how far codes lie from a model's training
// codes, the "holes" grid of a 2-D map, and what the prior's samples hit. The
// measurements are C++; this module only checks arguments and composes them.
import { asFloat32, asLabels, checked, moduleOf } from './internals.js';

// The quantile of training codes' leave-one-out nearest distances that sets
// "far": 95% of training codes have another one closer than the threshold.
export const DEFAULT_QUANTILE = 0.95;

function positive(value, name) {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer`);
  return value;
}

export function nearestDistances(lab, codes, queries, latent) {
  const module = moduleOf(lab);
  return checked(module, module.nearestDistances(asFloat32(codes, 'codes'), asFloat32(queries, 'queries'),
    positive(latent, 'latent')));
}

export function coverageThreshold(lab, codes, latent, { quantile = DEFAULT_QUANTILE } = {}) {
  const module = moduleOf(lab);
  return checked(module, module.coverageThreshold(asFloat32(codes, 'codes'), positive(latent, 'latent'), quantile));
}

// rows×cols distances, top row (y = yMax) first, from each cell's centre to the nearest 2-D code.
export function distanceGrid(lab, codes, extent, cols, rows) {
  const module = moduleOf(lab);
  if (extent == null || typeof extent !== 'object') throw new TypeError('distanceGrid: extent must be { xMin, xMax, yMin, yMax }');
  return checked(module, module.distanceGrid(asFloat32(codes, '2-D codes'), extent, cols, rows));
}

export function priorCoverage(lab, codes, latent, { count = 1000, temperature = 1, seed = 1, quantile = DEFAULT_QUANTILE } = {}) {
  const module = moduleOf(lab);
  return checked(module, module.priorCoverage(asFloat32(codes, 'codes'), positive(latent, 'latent'), count, temperature,
    seed, quantile));
}

// Each query image takes the label of its nearest image in `reference` (pixel space).
export function nearestLabels(lab, reference, queries, { width = 784, classes = 10 } = {}) {
  const module = moduleOf(lab);
  const { images, labels } = reference ?? {};
  return checked(module, module.nearestLabels(asFloat32(images, 'images'), asLabels(labels), asFloat32(queries, 'queries'),
    width, classes));
}

// Everything the coverage panel shows for one model: its training codes
// (encode; a VAE's means), the threshold, the prior samples' far share and
// the classes of their decodings, by nearest training digit.
export function sampleCoverage(lab, model, train, { count = 1000, temperature = 1, seed = 1, quantile = DEFAULT_QUANTILE } = {}) {
  const latent = model.latentSize;
  const codes = model.encodeAll(train.images);
  const prior = priorCoverage(lab, codes, latent, { count, temperature, seed, quantile });
  const decoded = model.decode(prior.samples);
  const { histogram, perQuery } = nearestLabels(lab, train, decoded, { width: model.imageSize });
  return { ...prior, codes, latent, temperature, count, histogram, sampleLabels: perQuery };
}
