// Formulas typeset with KaTeX (web/vendor/katex, bundled into the one-file
// page), never Unicode approximations. KaTeX writes MathML beside the visual
// HTML, so screen readers read the formula itself; aria-label can add words.
//
//   renderMath(element, String.raw`D_{KL}(P\|Q) = \sum_i p_i \log\frac{p_i}{q_i}`, { display: true });
//   mathText('Each term $p_i \\log(p_i/q_i)$ is a bar')   // prose with inline formulas, e.g. from i18n
import katex from '../vendor/katex/katex.mjs';
import { assetUrl, isOffline } from '../assets.js';

let stylesheetAdded = false;

// The stylesheet (and its fonts) is added once, the first time a formula is
// shown. The one-file page carries it inline (<style data-katex>, written by
// scripts/build_offline_page.mjs with the fonts as data: URLs): no file to link there.
function ensureStylesheet() {
  if (stylesheetAdded || isOffline || document.querySelector('link[data-katex], style[data-katex]')) return;
  stylesheetAdded = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = assetUrl('vendor/katex/katex.min.css');
  link.dataset.katex = '';
  document.head.append(link);
}

export function renderMath(element, tex, { display = false } = {}) {
  ensureStylesheet();
  katex.render(tex, element, { displayMode: display, throwOnError: true, output: 'htmlAndMathml', strict: 'error' });
  return element;
}

// A new element holding the formula.
export function math(tex, { display = false, className = '' } = {}) {
  const element = document.createElement(display ? 'div' : 'span');
  element.className = `math ${className}`.trim();
  return renderMath(element, tex, { display });
}

// A <span> of text whose $…$ parts are typeset inline (a translated sentence
// keeps its formulas where its language puts them).
export function mathText(text, { tag = 'span', className = '' } = {}) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  text.split(/(\$[^$]+\$)/).forEach((part) => {
    if (part.startsWith('$') && part.endsWith('$') && part.length > 2) element.append(math(part.slice(1, -1)));
    else if (part) element.append(document.createTextNode(part));
  });
  return element;
}
