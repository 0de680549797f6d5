// The bar of a guided lesson, above the view: where the class is (step n of N),
// the step's short text, Previous / Next. Arrow keys and a presenter's clicker
// (PageUp / PageDown) move too, except while a control has the focus, where
// the arrows belong to the control (a slider, a list).
import { textIn } from './format.js';

const KEYS = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

function ownsArrowKeys(element) {
  if (!element || element === document.body) return false;
  if (element.isContentEditable) return true;
  return ['INPUT', 'SELECT', 'TEXTAREA', 'CANVAS'].includes(element.tagName) || element.getAttribute('role') === 'slider';
}

export function mountLessonBar(root, { lesson, t, go, exit, signal }) {
  const bar = document.createElement('section');
  bar.className = 'lesson-bar';
  bar.setAttribute('aria-label', t('lesson.label'));
  const heading = Object.assign(document.createElement('p'), { className: 'lesson-where' });
  const title = Object.assign(document.createElement('h2'), { className: 'lesson-step-title' });
  const text = Object.assign(document.createElement('p'), { className: 'lesson-text' });
  const progress = Object.assign(document.createElement('progress'), { className: 'lesson-progress', max: lesson.steps.length });
  const button = (label, className, onClick) => {
    const b = Object.assign(document.createElement('button'), { type: 'button', className, textContent: label });
    b.addEventListener('click', onClick, { signal });
    return b;
  };
  let index = 0;
  const previous = button(t('lesson.previous'), 'btn lesson-previous', () => go(index - 1));
  const next = button(t('lesson.next'), 'btn primary lesson-next', () => go(index + 1));
  const close = button('×', 'lesson-exit', () => exit());
  close.title = t('lesson.exit');
  close.setAttribute('aria-label', t('lesson.exit'));
  const nav = Object.assign(document.createElement('div'), { className: 'lesson-nav' });
  nav.append(previous, progress, next);
  const top = Object.assign(document.createElement('div'), { className: 'lesson-top' });
  top.append(heading, close);
  bar.append(top, title, text, nav);
  root.replaceChildren(bar);
  root.hidden = false;

  document.addEventListener('keydown', (event) => {
    const direction = KEYS[event.key];
    if (!direction || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (ownsArrowKeys(document.activeElement) && event.key.startsWith('Arrow')) return;
    event.preventDefault();
    go(index + direction);
  }, { signal });
  signal.addEventListener('abort', () => {
    root.replaceChildren();
    root.hidden = true;
  }, { once: true });

  return {
    show(stepIndex) {
      index = stepIndex;
      const step = lesson.steps[index];
      heading.textContent = t('lesson.where', { lesson: textIn(lesson.title, t.lang), step: index + 1, steps: lesson.steps.length });
      title.textContent = textIn(step.title, t.lang);
      text.textContent = textIn(step.text, t.lang);
      progress.value = index + 1;
      progress.setAttribute('aria-label', t('lesson.progress', { step: index + 1, steps: lesson.steps.length }));
      previous.disabled = index === 0;
      next.disabled = index === lesson.steps.length - 1;
      bar.dataset.step = String(index + 1);
    },
  };
}
