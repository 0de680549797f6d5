// Data augmentation (src/data/augment.hpp through src/wasm/bindings_augment.cpp):
// the seeded random augmentation training applies (TrainConfig.augment), and
// one fixed "drawn-looking" transform.
import { asFloat32, checked, moduleOf } from './internals.js';

export function augment(lab, images, { strength, seed = 1, height = 28, width = 28 } = {}) {
  if (typeof strength !== 'number') throw new TypeError('augment: strength must be a number in [0, 1]');
  const module = moduleOf(lab);
  return checked(module, module.augment(asFloat32(images, 'images'), height, width, strength, seed));
}

// transform: { rotation (degrees), scale, shear, shiftRows, shiftCols, stroke in [-1, 1] }, each optional.
export function transformDigits(lab, images, transform = {}, { height = 28, width = 28 } = {}) {
  if (transform == null || typeof transform !== 'object') throw new TypeError('transformDigits: transform must be an object');
  const module = moduleOf(lab);
  return checked(module, module.transformDigits(asFloat32(images, 'images'), height, width, transform));
}
