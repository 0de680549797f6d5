// One model's card in the Draw view: its reconstruction of the drawing (with
// PSNR), its latent code as bars and, for a 2-D code, the point on the map of
// the test digits (with the VAE's one-σ ellipse; hovering the map decodes).
//
//   const card = modelCard(ctx, { id, model, test, lab, shell, slot });
//   card.update(input) -> { reconstruction, code } | null;  card.clear()
import { el } from '../ui/controls.js';
import { digitFigure, drawDigit, PIXELS } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { codeBars, codeScale, describeModel, modelName } from '../ui/modelinfo.js';

// shell: the card's <article> (already on the page); slot: where its reconstruction goes in the summary row.
// The card reconstructs at once; the test set's codes (the bars' scale, the
// 2-D map) follow after the first paint, because encoding 2,004 digits takes
// longer than a frame and the reconstruction is what the student waits for.
export function modelCard(ctx, { id, model, test, lab, shell, slot }) {
  const { t } = ctx;
  const figure = digitFigure(modelName(id, t), { className: 'digit large', ariaLabel: t('draw.reconstructionBy', { model: modelName(id, t) }) });
  slot.append(figure.root);
  const psnr = figure.metric.appendChild(document.createTextNode(''));  // its data changes on every live update
  const bars = codeBars(model.latentSize, t);
  shell.querySelector('header').append(el('span', { className: 'tag', textContent: model.isVariational ? 'VAE' : 'AE' }));
  shell.append(el('small', { className: 'panel-note', textContent: describeModel(model, t) }), bars.root);
  let scale = null;  // null until the test codes are in
  let map = null;
  let shown = null;  // the code and σ on display, redrawn once the codes arrive
  const showCode = () => {
    bars.update(scale === null ? null : shown?.code ?? null, scale ?? 1);
    map?.mark(shown ? { x: shown.code[0], y: shown.code[1], text: '✎', radius: 8, color: '#111', ...(shown.sigma ? { rx: shown.sigma[0], ry: shown.sigma[1] } : {}) } : null);
  };
  const clear = () => {
    drawDigit(figure.canvas, new Float32Array(PIXELS));
    psnr.data = '';
    shown = null;
    showCode();
  };
  clear();
  ctx.life.frame(() => ctx.life.after(0, async () => {
    const testCodes = await ctx.models.codes(model, test);
    if (ctx.life.left || model.disposed) return;
    scale = codeScale(testCodes);
    map = model.latentSize === 2 ? miniMap(ctx, id, model, testCodes, test.labels) : null;
    if (map) shell.append(map.root);
    showCode();
  }));
  return {
    shell,
    clear,
    update(input) {
      if (model.disposed) return null;
      const reconstruction = model.reconstruct(input);
      shown = codeOf(model, input);
      drawDigit(figure.canvas, reconstruction);
      psnr.data = `PSNR ${t.number(lab.psnr(input, reconstruction), 1)} dB`;
      showCode();
      return { reconstruction, code: shown.code };
    },
  };
}

// The code of one image: a VAE's posterior mean and σ, or an AE's code.
function codeOf(model, input) {
  if (!model.isVariational) return { code: model.encode(input), sigma: null };
  const { mu, logvar } = model.encodeDistribution(input);
  return { code: mu, sigma: Array.from(logvar, (lv) => Math.exp(lv / 2)) };
}

// The map of the test codes with the drawing's mark; the point under the mouse is decoded beside it.
function miniMap({ t, life }, id, model, testCodes, labels) {
  const probeCanvas = el('canvas', { width: 28, height: 28 });
  let overlay = {};
  const map = new LatentScatter({
    t,
    life,
    label: t('draw.mapLabel', { model: modelName(id, t) }),
    onProbe: (x, y) => {
      drawDigit(probeCanvas, model.decode(Float32Array.of(x, y)));
      map.setOverlay({ ...overlay, probeImage: probeCanvas });
    },
  });
  map.root.classList.add('mini-map');
  map.setPoints(testCodes, labels);
  return {
    root: map.root,
    mark(mark) {
      overlay = mark ? { marks: [mark] } : {};
      map.setOverlay(overlay);
    },
  };
}
