// Styles of the Inside view and the batch preview, kept with them (styles.css
// is the page's shell): each component adds its rules to the document once.
export function ensureStyle(id, css) {
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}

export const BATCH_PREVIEW_CSS = `
.batch-preview { display: flex; flex-direction: column; gap: .5rem; }
.batch-rows { display: grid; grid-template-columns: auto 1fr; gap: .35rem .6rem; align-items: center; }
.batch-row { display: contents; }
.batch-caption { font-size: .8rem; font-weight: 600; }
.batch-target .batch-caption { color: var(--ok); }
canvas.batch-grid { max-width: 280px; }
.batch-explanation p { margin: .2rem 0 .5rem; font-size: .9rem; max-width: 75ch; }
.batch-quote { margin: .4rem 0; padding: .4rem .8rem; border-left: 4px solid var(--accent); background: var(--accent-soft); border-radius: 0 8px 8px 0; }
.batch-quote p { font-style: italic; margin: 0; }
.batch-quote footer { font-size: .78rem; color: var(--muted); margin-top: .2rem; }
`;

export const INSIDE_CSS = `
.inside-diagram { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem; }
.inside-col { display: flex; flex-direction: column; gap: .35rem; }
.inside-arrow { color: var(--muted); font-size: 1.1rem; }
.inside-block { border: 1px solid var(--line); border-radius: 8px; padding: .35rem .5rem; background: #f7f8fb; min-width: 92px;
  display: flex; flex-direction: column; gap: .1rem; font-size: .74rem; position: relative; }
.inside-block.part-decoder { background: #f5f9f2; }
.inside-block.part-heads { background: #fbf5fb; border-color: #d9b8d6; }
.inside-block.is-code { border: 2px solid var(--accent); background: var(--accent-soft); }
.inside-block.kind-Sample { border-style: dashed; }
.inside-block-kind { font-weight: 600; }
.inside-block-shape { font-size: .95rem; font-variant-numeric: tabular-nums; }
.inside-block-meta { color: var(--muted); }
.inside-block-size { height: 4px; border-radius: 2px; background: var(--accent); opacity: .5; width: calc(var(--size) * 100%); }
.inside-legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .78rem; color: var(--muted); margin-top: .5rem; }
.inside-maps { display: flex; flex-direction: column; gap: .7rem; }
.inside-stage h4 { margin: 0 0 .25rem; font-size: .8rem; }
.inside-stage h4 small { color: var(--muted); font-weight: 400; }
.inside-stage .code-bars { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 2px 1rem; }
.inside-map-grid { display: flex; flex-wrap: wrap; gap: 3px; }
.inside-map-grid canvas { image-rendering: pixelated; width: var(--map, 42px); height: var(--map, 42px); background: #000; border-radius: 3px;
  border: 2px solid transparent; padding: 0; }
.inside-map-grid canvas.pickable { cursor: pointer; }
.inside-map-grid canvas.picked { border-color: #f2a900; }
canvas.inside-strip { width: 100%; height: 14px; image-rendering: pixelated; border-radius: 3px; display: block; }
.inside-filters { display: flex; flex-wrap: wrap; gap: 4px; }
.inside-filters canvas { width: 36px; height: 36px; image-rendering: pixelated; border-radius: 3px; border: 1px solid var(--line); }
.inside-compare { display: grid; gap: .8rem; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); }
.inside-compare-card { border: 1px solid var(--line); border-radius: 8px; padding: .6rem; display: flex; flex-direction: column; gap: .4rem; }
.inside-compare-card .figures { gap: .5rem; }
.inside-compare-card canvas.digit { --digit: 84px; }
.inside-numbers { font-size: .8rem; font-variant-numeric: tabular-nums; margin: 0; display: grid; grid-template-columns: auto auto; gap: .1rem .6rem; }
.inside-numbers dt { color: var(--muted); }
.inside-numbers dd { margin: 0; text-align: right; }
@media (max-width: 520px) {
  .inside-block { min-width: 76px; font-size: .7rem; }
  .inside-map-grid canvas { --map: 34px; }
  .inside-compare-card canvas.digit { --digit: 64px; }
}
`;
