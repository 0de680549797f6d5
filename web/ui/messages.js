// Messages shown in a fixed stack at the bottom of the screen: errors (a bad file, a browser without
// WASM SIMD, training divergence, a failed load) and notices (a URL parameter
// that was clamped). The page keeps working; each message can be dismissed.
//
// An Error may carry i18nKey and i18nVars (see models.js); it is then shown in
// the page's language, with the technical message underneath.
import { LatentLabUnsupportedError } from '../latentlab.js';

const MAX_MESSAGES = 6;
// Notices (a corrected URL parameter, a hint) step aside by themselves; errors stay until dismissed.
const NOTICE_SECONDS = 15;

export class LocalizedError extends Error {
  constructor(i18nKey, i18nVars = {}, detail = '') {
    super(detail || i18nKey);
    this.i18nKey = i18nKey;
    this.i18nVars = i18nVars;
    this.detail = detail;
  }
}

export class Messages {
  #root;
  #t = (key) => key;

  constructor(root) {
    this.#root = root;
  }

  setTranslator(t) {
    this.#t = t;
  }

  // Text for an error in the current language.
  describe(error) {
    const t = this.#t;
    if (error instanceof LatentLabUnsupportedError) return { text: t('error.noSimd'), detail: error.message };
    if (error && error.i18nKey) return { text: t(error.i18nKey, error.i18nVars), detail: error.detail ?? '' };
    // Anything else (an Error, or a value thrown or rejected with) is said in the
    // page's language, with what it carried underneath.
    return { text: t('error.generic'), detail: error instanceof Error ? error.message : String(error ?? '') };
  }

  error(error, { sticky = false } = {}) {
    const { text, detail } = this.describe(error);
    return this.#show('error', text, detail, sticky);
  }

  notice(text) {
    return this.#show('notice', text, '', false);
  }

  clear() {
    for (const element of [...this.#root.children]) if (!element.classList.contains('sticky')) element.remove();
  }

  #show(kind, text, detail, sticky) {
    for (const existing of this.#root.children) {
      if (existing.dataset.text === text + detail) return existing;
    }
    while (this.#root.children.length >= MAX_MESSAGES) this.#root.firstElementChild.remove();
    const box = document.createElement('div');
    box.className = `message message-${kind}${sticky ? ' sticky' : ''}`;
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    box.dataset.text = text + detail;
    const body = document.createElement('div');
    body.className = 'message-body';
    body.append(Object.assign(document.createElement('strong'), { textContent: text }));
    if (detail && detail !== text) body.append(Object.assign(document.createElement('span'), { className: 'message-detail', textContent: detail }));
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'message-close';
    close.textContent = '×';
    close.setAttribute('aria-label', this.#t('app.dismiss'));
    close.addEventListener('click', () => box.remove());
    box.append(body, close);
    this.#root.append(box);
    if (kind === 'notice') setTimeout(() => box.remove(), NOTICE_SECONDS * 1000);
    return box;
  }
}
