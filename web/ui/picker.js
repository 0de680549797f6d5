// Picks a test digit: choosing a class picks its first digit at once, and the
// strip of thumbnails offers the others (keyboard: Tab to a thumbnail, Enter),
// or let chance pick.
//   const picker = new DigitPicker({ t, set, data, label, onPick: (index) => … });
//   picker.select(index);   // highlight (and show) a digit chosen elsewhere
import { el, button, select } from './controls.js';
import { digitCanvas, drawDigit } from './digits.js';

const PER_PAGE = 8;

export class DigitPicker {
  #t;
  #set;
  #data;
  #onPick;
  #classSelect;
  #strip;
  #page = 0;
  #selected = -1;

  constructor({ t, set, data, label, onPick, name = 'picker' }) {
    this.#t = t;
    this.#set = set;
    this.#data = data;
    this.#onPick = onPick;
    this.#classSelect = select({
      label: t('picker.class'),
      name: `${name}-class`,
      value: '0',
      options: Array.from({ length: 10 }, (_, d) => ({ value: String(d), text: String(d) })),
      onChange: (value) => this.#choose(this.#data.indicesOf(this.#set, Number(value))[0]),
    });
    this.#strip = el('div', { className: 'picker-strip', attrs: { role: 'group', 'aria-label': t('picker.examples') } });
    const more = button({ text: t('picker.more'), onClick: () => ((this.#page += 1), this.#renderStrip()), kind: 'small', name: `${name}-more` });
    const random = button({
      text: t('picker.random'),
      kind: 'small',
      name: `${name}-random`,
      onClick: () => this.#choose(Math.floor(Math.random() * set.count)),
    });
    this.root = el('fieldset', { className: 'picker', dataset: { name } },
      el('legend', { textContent: label }),
      el('div', { className: 'picker-controls' }, this.#classSelect.root, more, random),
      this.#strip);
    this.#renderStrip();
  }

  select(index) {
    this.#selected = index;
    if (index >= 0 && index < this.#set.count) {
      const label = this.#set.labels[index];
      const indices = this.#data.indicesOf(this.#set, label);
      this.#classSelect.set(String(label));
      this.#page = Math.floor(indices.indexOf(index) / PER_PAGE);
    }
    this.#renderStrip();
  }

  #choose(index) {
    this.select(index);
    this.#onPick(index);
  }

  #renderStrip() {
    const label = Number(this.#classSelect.value);
    const indices = this.#data.indicesOf(this.#set, label);
    const pages = Math.max(1, Math.ceil(indices.length / PER_PAGE));
    this.#page %= pages;
    const shown = indices.slice(this.#page * PER_PAGE, (this.#page + 1) * PER_PAGE);
    this.#strip.replaceChildren(...shown.map((index) => {
      const canvas = digitCanvas('', 'digit thumb');
      canvas.setAttribute('aria-hidden', 'true');
      drawDigit(canvas, this.#data.image(this.#set, index));
      return el('button', {
        type: 'button',
        className: `picker-thumb${index === this.#selected ? ' selected' : ''}`,
        attrs: { 'aria-label': this.#t('picker.thumb', { digit: label, index }), 'aria-pressed': String(index === this.#selected) },
        dataset: { index: String(index) },
        onclick: () => this.#choose(index),
      }, canvas);
    }));
  }
}
