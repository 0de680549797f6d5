// The KL and VAE views' styles, added once by the views that use them (the
// page's styles.css belongs to the shell; a <style> from JS also reaches the
// one-file offline page without touching its build).
const CSS = `
.kl-plot { width: 100%; height: 190px; display: block; }
.kl-legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .85rem; color: var(--muted); margin: .3rem 0; }
.kl-legend > span::before { content: ''; display: inline-block; width: 1.2em; height: .25em; vertical-align: middle; margin-right: .35em; background: var(--swatch); }
.kl-values { display: grid; grid-template-columns: auto 1fr 1fr; gap: .25rem .8rem; font-variant-numeric: tabular-nums; margin: .5rem 0; align-items: baseline; }
.kl-values .head { color: var(--muted); font-size: .8rem; }
.kl-big { font-size: 1.25rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.kl-formula { overflow-x: auto; overflow-y: hidden; margin: .4rem 0; }
.kl-pair { display: grid; gap: .6rem; grid-template-columns: 1fr 1fr; }
.kl-pair h4, .kl-sides h4 { margin: .4rem 0 .2rem; }
.kl-sides { display: grid; gap: .8rem; grid-template-columns: 1fr; }
@media (min-width: 760px) { .kl-sides { grid-template-columns: 1fr 1fr; } }
.kl-bars-editor { width: 100%; height: 170px; display: block; touch-action: none; cursor: ns-resize; border: 1px solid var(--line); border-radius: 6px; }
.kl-bars-editor:focus-visible { outline: 3px solid var(--accent); }
.kl-terms { display: grid; grid-template-columns: 2.2em 1fr 5.5em; gap: .2rem .5rem; align-items: center; font-variant-numeric: tabular-nums; font-size: .85rem; }
.kl-term-track { position: relative; height: .9rem; background: #f0f2f6; border-radius: 3px; }
.kl-term-track::after { content: ''; position: absolute; left: 50%; top: 0; bottom: 0; width: 1px; background: #9aa2b1; }
.kl-term-fill { position: absolute; top: 0; bottom: 0; background: var(--accent); border-radius: 3px; }
.kl-term-fill.negative { background: #e08a3c; }
.kl-term-fill.infinite { background: var(--danger); }
.kl-alert { background: var(--error-bg); border: 1px solid #f1b5b5; border-radius: 6px; padding: .4rem .6rem; font-size: .9rem; }
.kl-ok { color: var(--ok); font-weight: 600; }
.kl-controls { display: grid; gap: .2rem .8rem; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); }
.vae-dims { display: grid; grid-template-columns: 2.4em 1fr 4.2em 4.2em; gap: .15rem .4rem; align-items: center; font-size: .8rem; font-variant-numeric: tabular-nums; }
.vae-dims .head { color: var(--muted); }
.vae-track { position: relative; height: .9rem; background: #f0f2f6; border-radius: 3px; }
.vae-track::after { content: ''; position: absolute; left: 50%; top: 0; bottom: 0; width: 1px; background: #9aa2b1; }
.vae-mu { position: absolute; top: .2rem; bottom: .2rem; background: var(--accent); }
.vae-whisker { position: absolute; top: .42rem; height: 2px; background: #1d2330; }
.vae-whisker::before, .vae-whisker::after { content: ''; position: absolute; top: -4px; width: 2px; height: 10px; background: #1d2330; }
.vae-whisker::before { left: 0; } .vae-whisker::after { right: 0; }
.vae-numbers { font-family: ui-monospace, monospace; font-size: .78rem; overflow-wrap: anywhere; margin-bottom: .3rem; }
.vae-strip { display: flex; flex-wrap: wrap; gap: 3px; }
.vae-strip canvas { width: 48px; height: 48px; image-rendering: pixelated; background: #000; }
.vae-maps { display: grid; gap: .8rem; grid-template-columns: 1fr; }
@media (min-width: 760px) { .vae-maps { grid-template-columns: 1fr 1fr; } }
.vae-maps figure { margin: 0; min-width: 0; }
.vae-map .scatter-canvas { aspect-ratio: 4 / 3; }
.kl-positive::after { display: none; }
.vae-card, .vae-cards > * { min-width: 0; }
.vae-loss-values { display: grid; grid-template-columns: 1fr auto; gap: .2rem .8rem; font-variant-numeric: tabular-nums; margin: .5rem 0; }
.vae-loss-total { font-weight: 600; }
.kl-term-fill.collapsed { background: #b8bfcc; }
.vae-loss-bar { display: flex; height: 1.2rem; border-radius: 4px; overflow: hidden; margin: .3rem 0; }
.vae-loss-bar span { display: block; }
.vae-cards { display: grid; gap: .8rem; grid-template-columns: 1fr; }
@media (min-width: 1100px) { .vae-cards { grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); } .vae-collapse { grid-template-columns: 1fr 1fr; } }
`;

export function addKlStyles() {
  if (document.querySelector('style[data-kl-styles]')) return;
  const style = document.createElement('style');
  style.dataset.klStyles = '';
  style.textContent = CSS;
  document.head.append(style);
}
