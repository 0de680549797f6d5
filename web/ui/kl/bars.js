// A bar chart the student edits: drag a bar (mouse, finger, pen) to set its
// height, or focus it and use ←/→ to pick a category and ↑/↓ to change it.
// Heights are weights in [0, 100]; the C++ normalises them (lab.discreteKl).
//
//   const editor = barEditor({ label, color, values, onChange: (values, final) => … });
//   editor.set(values);
import { el } from '../controls.js';

const MAX = 100;

export function barEditor({ label, color, values, onChange, life }) {
  let weights = values.slice();
  let selected = 0;
  let dragging = null;
  const canvas = el('canvas', { className: 'kl-bars-editor', tabIndex: 0, attrs: { role: 'slider', 'aria-label': label } });
  const render = () => {
    const width = Math.max(200, canvas.clientWidth || 300), height = 170;
    const dpr = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const slot = width / weights.length, base = height - 20;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    weights.forEach((w, i) => {
      const h = (w / MAX) * (base - 8);
      ctx.fillStyle = color;
      ctx.globalAlpha = i === selected && document.activeElement === canvas ? 1 : 0.8;
      ctx.fillRect(i * slot + slot * 0.2, base - h, slot * 0.6, h);
      ctx.globalAlpha = 1;
      ctx.fillStyle = '#5b6475';
      ctx.fillText(String(i + 1), i * slot + slot / 2, height - 5);
    });
    // A slider for assistive technology: the selected category's weight, all of them in the text.
    canvas.setAttribute('aria-valuemin', '0');
    canvas.setAttribute('aria-valuemax', String(MAX));
    canvas.setAttribute('aria-valuenow', String(weights[selected]));
    canvas.setAttribute('aria-valuetext', weights.map((w, i) => `${i + 1}: ${w}`).join(', '));
  };
  const setFrom = (event, final) => {
    const box = canvas.getBoundingClientRect();
    const i = Math.min(weights.length - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * weights.length)));
    if (dragging === null) dragging = i;
    const base = box.height - 20;
    const w = Math.round(Math.min(MAX, Math.max(0, ((base - (event.clientY - box.top)) / (base - 8)) * MAX)));
    selected = dragging;
    weights[dragging] = w;
    render();
    onChange(weights.slice(), final);
  };
  life.listen(canvas, 'pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId);
    dragging = null;
    setFrom(event, false);
  });
  life.listen(canvas, 'pointermove', (event) => dragging !== null && setFrom(event, false));
  life.listen(canvas, 'pointerup', (event) => {
    if (dragging === null) return;
    setFrom(event, true);
    dragging = null;
  });
  life.listen(canvas, 'keydown', (event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 5], ArrowDown: [0, -5] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    selected = (selected + move[0] + weights.length) % weights.length;
    weights[selected] = Math.min(MAX, Math.max(0, weights[selected] + move[1]));
    render();
    onChange(weights.slice(), true);
  });
  life.listen(canvas, 'focus', render);
  life.listen(canvas, 'blur', render);
  life.observe(new ResizeObserver(render), canvas);
  render();
  return {
    root: canvas,
    set(next) {
      weights = next.slice();
      render();
    },
  };
}
