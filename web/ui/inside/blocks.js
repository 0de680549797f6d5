// Pure helpers of the Inside view (no DOM; tests/node/inside-blocks.test.js):
// a model's architecture() grouped into the diagram's blocks, and the numbers
// the view shows.
//
// Each layer with parameters starts a block, as do the input, a label concat,
// the VAE's sampling step and the output; the parameter-free layers after it
// (its activation, a reshape or flatten) join it. A block's maps are the last
// 3-D output among its layers (a conv after its ReLU; a dense decoder layer
// after its reshape), else its last output.
const STARTS = new Set(['Input', 'Concat', 'Dense', 'Conv2d', 'ConvTranspose2d', 'Sample', 'Sigmoid']);
const ACTIVATIONS = new Set(['ReLU', 'LeakyReLU', 'Tanh']);

export function architectureBlocks(layers) {
  const blocks = [];
  layers.forEach((layer, index) => {
    const block = blocks.at(-1);
    if (!block || STARTS.has(layer.kind)) {
      blocks.push({
        name: layer.name, kind: layer.kind, part: layer.part, shape: layer.shape, kernel: layer.kernel,
        stride: layer.stride, parameters: layer.parameters, code: layer.code, activation: null, reshape: null,
        layers: [index], display: index,
      });
      return;
    }
    block.layers.push(index);
    if (ACTIVATIONS.has(layer.kind)) block.activation = layer.kind;
    else if (shapeText(layer.shape) !== shapeText(block.shape)) block.reshape = layer.shape;
    if (layer.shape.length === 3 || layers[block.display].shape.length !== 3) block.display = index;
  });
  return blocks;
}

// The diagram's columns: the VAE's two heads (μ and log σ²) side by side in one, every other block alone.
export function diagramColumns(blocks) {
  const columns = [];
  for (const block of blocks) {
    const previous = columns.at(-1);
    const head = block.part === 'heads' && block.kind === 'Dense';
    if (head && previous?.[0].part === 'heads' && previous[0].kind === 'Dense') previous.push(block);
    else columns.push([block]);
  }
  return columns;
}

export const shapeText = (shape) => shape.join('×');

// Σ (a − b)² over the pixels of one image: the squared error the README's AE-vs-PCA check reports.
export function squaredError(a, b) {
  if (a.length !== b.length) throw new Error(`squaredError: lengths differ (${a.length} vs ${b.length})`);
  let sum = 0;
  for (let i = 0; i < a.length; ++i) sum += (a[i] - b[i]) ** 2;
  return sum;
}

// The largest |value| in values[from, to): what a layer's maps are scaled by (at least a tiny ε).
export function largestMagnitude(values, from = 0, to = values.length) {
  let largest = 1e-6;
  for (let i = from; i < to; ++i) largest = Math.max(largest, Math.abs(values[i]));
  return largest;
}

// Rows [r, g, b] of a diverging scale for v in [-1, 1]: blue < 0, white 0, red > 0.
export function diverging(v) {
  const x = Math.max(-1, Math.min(1, v));
  const fade = (c) => Math.round(255 - (255 - c) * Math.abs(x));
  return x >= 0 ? [fade(214), fade(39), fade(40)] : [fade(31), fade(119), fade(180)];
}
