// Formulas typeset with KaTeX (web/vendor/katex, bundled into the one-file
// page), never Unicode approximations. KaTeX writes MathML beside the visual
// HTML, so screen readers read the formula itself; aria-label can add words.
//
//   renderMath(element, String.raw`D_{KL}(P\|Q) = \sum_i p_i \log\frac{p_i}{q_i}`, { display: true });
import katex from '../vendor/katex/katex.mjs';

let stylesheetAdded = false;

// The stylesheet (and its fonts) is added once, the first time a formula is shown.
function ensureStylesheet() {
  if (stylesheetAdded || document.querySelector('link[data-katex], style[data-katex]')) return;
  stylesheetAdded = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('../vendor/katex/katex.min.css', import.meta.url).href;
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
