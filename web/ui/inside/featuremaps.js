// Feature maps: every block's output for the current digit, one small canvas
// per channel for 3-D outputs (16 maps of 14×14, 32 of 7×7, ...), the code as
// bars, other vectors as a strip. Each block's maps share one scale (its
// largest |value|): grey for non-negative outputs (after a ReLU), blue–white–red
// when values change sign. A conv block's maps are buttons: picking one calls
// onPick(block, channel) (the view shows that channel's 3×3 filters).
import { el } from '../controls.js';
import { codeBars } from '../modelinfo.js';
import { diverging, largestMagnitude, shapeText } from './blocks.js';
import { blockTitle } from './diagram.js';

const CONV = new Set(['Conv2d', 'ConvTranspose2d']);

export class FeatureMaps {
  #t;
  #stages = [];
  #picked = null;

  constructor({ t, blocks, layers, onPick }) {
    this.#t = t;
    this.root = el('div', { className: 'inside-maps' });
    for (const block of blocks) {
      const shape = layers[block.display].shape;
      const stage = { block, shape, canvases: [], bars: null, strip: null };
      const title = el('h4', {}, `${blockTitle(block, t)} `,
        el('small', { textContent: `${shapeText(shape)}${block.activation ? ` · ${block.activation}` : ''}` }));
      let body;
      if (shape.length === 3) {
        const [channels, h, w] = shape;
        const pickable = CONV.has(block.kind);
        body = el('div', { className: 'inside-map-grid', dataset: { name: block.name } });
        for (let c = 0; c < channels; ++c) {
          const canvas = el('canvas', {
            width: w, height: h, className: pickable ? 'pickable' : '', tabIndex: pickable ? 0 : -1,
            attrs: { role: pickable ? 'button' : 'img', 'aria-label': t('inside.mapLabel', { layer: blockTitle(block, t), channel: c + 1 }) },
          });
          if (h >= 28) canvas.style.setProperty('--map', channels === 1 ? '84px' : '56px');
          if (pickable) {
            const pick = () => onPick(block, c);
            canvas.addEventListener('click', pick);
            canvas.addEventListener('keydown', (event) => (event.key === 'Enter' || event.key === ' ') && (event.preventDefault(), pick()));
          }
          stage.canvases.push(canvas);
          body.append(canvas);
        }
      } else if (block.code) {
        stage.bars = codeBars(shape[0], t);
        body = stage.bars.root;
      } else {
        stage.strip = el('canvas', { className: 'inside-strip', width: shape[0], height: 1, attrs: { role: 'img', 'aria-label': blockTitle(block, t) } });
        body = stage.strip;
      }
      this.#stages.push(stage);
      this.root.append(el('section', { className: 'inside-stage', dataset: { name: block.name } }, title, body));
    }
  }

  // acts: model.activations(one image); returns { <block name>: sum of its values } (what the tests watch change).
  update(acts) {
    const sums = {};
    for (const stage of this.#stages) {
      const { values } = acts[stage.block.display];
      sums[stage.block.name] = values.reduce((a, b) => a + b, 0);
      const scale = largestMagnitude(values);
      const signed = values.some((v) => v < 0);
      if (stage.bars) stage.bars.update(values, Math.max(1, scale));
      else if (stage.strip) paintValues(stage.strip, values, 0, values.length, scale, signed);
      else {
        const per = stage.shape[1] * stage.shape[2];
        stage.canvases.forEach((canvas, c) => paintValues(canvas, values, c * per, per, scale, signed));
      }
    }
    return sums;
  }

  setPicked(name, channel) {
    this.#picked?.classList.remove('picked');
    const stage = this.#stages.find((s) => s.block.name === name);
    this.#picked = stage?.canvases[channel] ?? null;
    this.#picked?.classList.add('picked');
  }
}

// values[from, from + count) / scale onto a canvas of that many pixels: grey, or diverging when signed.
function paintValues(canvas, values, from, count, scale, signed) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < count; ++i) {
    const v = values[from + i] / scale;
    const [r, g, b] = signed ? diverging(v) : [0, 0, 0].map(() => Math.round(255 * Math.min(1, v)));
    image.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

// The 3×3 kernels behind one output map (model.filters()): one canvas per input channel, on one diverging scale.
export function filterView(filters, t) {
  const [inputs, k] = filters.shape;
  const scale = largestMagnitude(filters.weights);
  const canvases = Array.from({ length: inputs }, (_, c) => {
    const canvas = el('canvas', { width: k, height: k, attrs: { role: 'img', 'aria-label': t('inside.filterLabel', { channel: c + 1 }) } });
    paintValues(canvas, filters.weights, c * k * k, k * k, scale, true);
    return canvas;
  });
  return el('div', {}, el('div', { className: 'inside-filters' }, canvases),
    el('p', { className: 'panel-note', textContent: t('inside.filterNote', { inputs, k, bias: t.number(filters.bias, 3), scale: t.number(scale, 3) }) }));
}
