// Inside a model (src/wasm/bindings_inside.cpp over src/models/inspection.hpp):
// its layers as it built them, every layer's output for given images, and the
// filters of one channel of a conv layer. Model.architecture(),
// Model.activations() and Model.filters() delegate here.
import { asFloat32, asLabels, checked, handleOf, moduleOf } from './internals.js';

// [{ name, kind, part, shape, kernel, stride, padding, parameters, code }], shapes per image.
export function architecture(lab, model) {
  const module = moduleOf(lab);
  return checked(module, module.inspectLayers(handleOf(model)));
}

// The same entries with shape [N, ...] and values (a Float32Array per layer).
export function activations(lab, model, images, labels) {
  const module = moduleOf(lab);
  return checked(module, module.inspectActivations(handleOf(model), asFloat32(images, 'images'), asLabels(labels)));
}

// { shape: [Cin, K, K], weights, bias } of output channel `channel` of conv layer `layer` (e.g. 'encoder.1').
export function filters(lab, model, layer, channel) {
  if (typeof layer !== 'string') throw new TypeError('filters: layer must be a layer name such as "encoder.1"');
  const module = moduleOf(lab);
  return checked(module, module.inspectFilters(handleOf(model), layer, channel));
}
