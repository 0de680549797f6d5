// The DQN view's styles, added once with the view (the page's styles.css
// stays the shell's; the one-file page gets these with the module).
const CSS = `
.dqn-layout { display: grid; gap: .8rem; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
.dqn-layout > .wide { grid-column: 1 / -1; }
.dqn-stage { width: 100%; aspect-ratio: 2 / 1; display: block; background: #fff; border-radius: 8px; }
.dqn-stage.grid { aspect-ratio: 4 / 3; }
.dqn-toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; margin: .5rem 0; }
.dqn-qbars { display: grid; gap: .4rem; }
.dqn-qbar { display: grid; grid-template-columns: 6.5rem 1fr 4rem; align-items: center; gap: .5rem; font-size: .85rem; }
.dqn-qbar-track { background: #eef0f4; border-radius: 6px; height: 1.1rem; overflow: hidden; }
.dqn-qbar-fill { height: 100%; background: #8fb4ff; transition: width .1s; }
.dqn-qbar-fill.negative { background: #f2a7a7; }
.dqn-qbar.best .dqn-qbar-fill { background: #2f6fdf; }
.dqn-qbar.best .dqn-qbar-label { font-weight: 600; }
.dqn-qbar-value { text-align: right; font-variant-numeric: tabular-nums; }
.dqn-math { overflow-x: auto; }
.dqn-form .control-check { flex-wrap: wrap; align-content: flex-start; }
.dqn-form .control-check .control-hint { flex-basis: 100%; }
.dqn-solved { color: #2a7f3e; font-weight: 600; }
@media (max-width: 720px) { .dqn-layout { grid-template-columns: minmax(0, 1fr); } }
`;

export function addDqnStyles() {
  if (document.querySelector('style[data-dqn]')) return;
  const style = document.createElement('style');
  style.dataset.dqn = '';
  style.textContent = CSS;
  document.head.append(style);
}
