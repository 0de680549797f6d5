// One model's card in the Draw view: its reconstruction of the drawing (with
// PSNR), its latent code as bars and, for a 2-D code, the point on the map of
// the test digits (with the VAE's one-σ ellipse; hovering the map decodes).
//
//   const card = modelCard(ctx, { id, model, testSet, lab, shell, slot, after });  // testSet() -> Promise of the test set
//   card.update(input, { live }) -> { reconstruction, code } | null;  card.clear()
//   live: a stroke is in progress (the code's numbers then refresh every NUMBERS_MS)
import { el } from '../ui/controls.js';
import { digitFigure, drawDigit, PIXELS } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { codeBars, codeScale, describeModel, modelName } from '../ui/modelinfo.js';

// While a stroke moves the bars every frame, their numbers change this often:
// painting 16 new values per frame cost a slow phone its 60 fps, and nobody reads them faster.
const NUMBERS_MS = 250;

// shell: the card's <article> (already on the page); slot: where its reconstruction goes in the summary row.
// testSet(): loads the test set (once). The card reconstructs at once; the test
// set's codes (the bars' scale, the 2-D map) follow once the promise `after`
// has resolved (every card has drawn its first reconstruction) and a frame
// has been painted, because encoding 2,004 digits takes longer than a frame
// and the reconstructions are what the student waits for.
export function modelCard(ctx, { id, model, testSet, lab, shell, slot, after }) {
  const { t } = ctx;
  const figure = digitFigure(modelName(id, t), { className: 'digit large', ariaLabel: t('draw.reconstructionBy', { model: modelName(id, t) }) });
  slot.append(figure.root);
  figure.metric.classList.add('live');  // a fixed box: its text changes on every live update
  const psnr = document.createTextNode('');
  figure.metric.append(el('span', { className: 'live-text' }, psnr));
  const bars = codeBars(model.latentSize, t);
  shell.querySelector('header').append(el('span', { className: 'tag', textContent: model.isVariational ? 'VAE' : 'AE' }));
  shell.append(el('small', { className: 'panel-note', textContent: describeModel(model, t) }), bars.root);
  let scale = null;  // null until the test codes are in
  let map = null;
  let shown = null;  // the code and σ on display, redrawn once the codes arrive
  let numbersAt = -Infinity;
  const showCode = ({ live = false } = {}) => {
    const now = performance.now();
    const numbers = !live || now - numbersAt >= NUMBERS_MS;
    if (numbers) numbersAt = now;
    bars.update(scale === null ? null : shown?.code ?? null, scale ?? 1, { numbers });
    map?.mark(shown ? { x: shown.code[0], y: shown.code[1], text: '✎', radius: 8, color: '#111', ...(shown.sigma ? { rx: shown.sigma[0], ry: shown.sigma[1] } : {}) } : null);
  };
  const clear = () => {
    drawDigit(figure.canvas, new Float32Array(PIXELS));
    psnr.data = '';
    shown = null;
    showCode();
  };
  clear();
  const showTestCodes = async () => {
    let test;
    try {
      test = await testSet();
    } catch {
      return;  // the view reports a test set that failed to load
    }
    const testCodes = await ctx.models.codes(model, test);
    if (ctx.life.left || model.disposed) return;
    scale = codeScale(testCodes);
    map = model.latentSize === 2 ? miniMap(ctx, id, model, testCodes, test.labels) : null;
    if (map) shell.append(map.root);
    showCode();
  };
  after.then(() => ctx.life.frame(() => ctx.life.after(0, showTestCodes)));
  return {
    shell,
    clear,
    update(input, { live = false } = {}) {
      if (model.disposed) return null;
      // decode(code) is the model's reconstruction (a VAE decodes its mean), with one encoder pass.
      shown = codeOf(model, input);
      const reconstruction = model.decode(shown.code);
      drawDigit(figure.canvas, reconstruction);
      psnr.data = `PSNR ${t.number(lab.psnr(input, reconstruction), 1)} dB`;
      showCode({ live });
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
