// Controls the KL and VAE views share: a slider whose value lives in the URL,
// and a legend entry; both labels may hold $…$ formulas (ui/math.js).
import { slider } from '../controls.js';
import { mathText } from '../math.js';

// A μ or σ slider whose value lives in the URL under `name`.
export function urlSlider(ctx, { name, label, range, step, fallback, onInput }) {
  const value = ctx.params.number(name, { min: range[0], max: range[1], fallback });
  const control = slider({ label, min: range[0], max: range[1], step, value, name,
    format: (v) => ctx.t.number(v, 2), onInput: (v) => {
      ctx.params.set(name, v);
      onInput(v);
    } });
  control.root.querySelector('.control-label').replaceChildren(mathText(label));
  return control;
}

// A legend entry: a colour swatch and text that may hold $…$ formulas.
export function legendItem(text, color) {
  const item = mathText(text);
  item.style.setProperty('--swatch', color);
  return item;
}

