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


// A link to another view that keeps the page's language (and embed), followed
// in place by a plain click. params() gives the target's parameters when it is
// drawn and clicked; refresh(text) redraws it after they change.
export function viewLink(ctx, { view, text, name, params = () => ({}) }) {
  const link = document.createElement('a');
  if (name) link.dataset.name = name;
  link.refresh = (label = link.textContent) => {
    const href = new URL(location.href);
    href.search = '';
    for (const [key, value] of Object.entries({ view, lang: ctx.t.lang, ...params() })) href.searchParams.set(key, value);
    if (ctx.embed) href.searchParams.set('embed', '1');
    link.href = href.href;
    link.textContent = label;
  };
  link.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    ctx.navigate(view, params());
  }, { signal: ctx.signal });
  link.refresh(text);
  return link;
}
