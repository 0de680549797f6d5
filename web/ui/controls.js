// Small DOM helpers for labelled controls: every control gets a visible label
// tied to it (for screen readers and keyboard users) and reports changes
// through one callback.
let nextId = 0;
export const uid = (prefix = 'll') => `${prefix}-${++nextId}`;

// el('div', { className: 'x', onclick: fn, dataset: {…}, attrs: {…} }, child, 'text', …)
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'attrs') for (const [name, v] of Object.entries(value)) element.setAttribute(name, v);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function button({ text, onClick, kind = '', title, disabled = false, name }) {
  return el('button', {
    type: 'button',
    className: `btn ${kind}`.trim(),
    textContent: text,
    title,
    disabled,
    onclick: onClick,
    dataset: name ? { name } : undefined,
  });
}

// A range input with its label and the current value shown beside it.
export function slider({ label, min, max, step = 1, value, format = (v) => String(v), onInput, name, hint }) {
  const id = uid('slider');
  const output = el('output', { htmlFor: id, className: 'control-value' });
  const input = el('input', { type: 'range', id, min, max, step, value, dataset: name ? { name } : undefined });
  const show = () => (output.textContent = format(Number(input.value)));
  input.addEventListener('input', () => {
    show();
    onInput?.(Number(input.value));
  });
  show();
  const root = el('div', { className: 'control control-slider' },
    el('label', { htmlFor: id }, el('span', { className: 'control-label', textContent: label }), output),
    input,
    hint ? el('small', { className: 'control-hint', textContent: hint }) : null);
  return {
    root,
    input,
    get value() {
      return Number(input.value);
    },
    set(v) {
      input.value = v;
      show();
    },
  };
}

export function select({ label, options, value, onChange, name }) {
  const id = uid('select');
  const input = el('select', { id, dataset: name ? { name } : undefined },
    options.map((o) => el('option', { value: o.value, textContent: o.text, selected: o.value === value })));
  input.addEventListener('change', () => onChange?.(input.value));
  const root = el('div', { className: 'control control-select' },
    el('label', { htmlFor: id, className: 'control-label', textContent: label }), input);
  return {
    root,
    input,
    get value() {
      return input.value;
    },
    set(v) {
      input.value = v;
    },
  };
}

export function checkbox({ label, checked = false, onChange, name }) {
  const id = uid('check');
  const input = el('input', { type: 'checkbox', id, checked, dataset: name ? { name } : undefined });
  input.addEventListener('change', () => onChange?.(input.checked));
  const root = el('div', { className: 'control control-check' }, input, el('label', { htmlFor: id, textContent: label }));
  return {
    root,
    input,
    get checked() {
      return input.checked;
    },
    set(v) {
      input.checked = v;
    },
  };
}

// A radio group shown as a row of toggle buttons (arrow keys move between them).
export function segmented({ label, options, value, onChange, name }) {
  const group = uid('seg');
  const inputs = [];
  const fieldset = el('fieldset', { className: 'control control-segmented', dataset: name ? { name } : undefined },
    el('legend', { className: 'control-label', textContent: label }),
    el('div', { className: 'segments' },
      options.map((o) => {
        const id = uid('seg-option');
        const input = el('input', { type: 'radio', name: group, id, value: o.value, checked: o.value === value });
        input.addEventListener('change', () => input.checked && onChange?.(o.value));
        inputs.push(input);
        return el('span', { className: 'segment' }, input, el('label', { htmlFor: id, textContent: o.text, title: o.title }));
      })));
  return {
    root: fieldset,
    get value() {
      return inputs.find((i) => i.checked)?.value;
    },
    set(v) {
      for (const input of inputs) input.checked = input.value === v;
    },
  };
}

// Calls fn at most once per animation frame, however often it is requested,
// so slider drags and pointer moves never queue up model calls. With a
// signal (a view's ctx.signal), nothing runs once the view was left.
export function coalesced(fn, signal) {
  let pending = false;
  return () => {
    if (pending || signal?.aborted) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (!signal?.aborted) fn();
    });
  };
}

// A titled panel (card) with an optional subtitle.
export function panel(title, ...children) {
  return el('section', { className: 'panel' }, title ? el('h3', { className: 'panel-title', textContent: title }) : null, ...children);
}
