// Draw & reconstruct: the student draws a digit; it is turned into an MNIST-like
// 28×28 input (lab.mnistify) and every model reconstructs it live, showing its
// latent code (bars; for 2-D models also the point on the map of the test set,
// with the VAE's one-σ ellipse).
// URL: digit=d<…> the drawing (written when a stroke ends; t<i> starts from test digit i), so a link restores it.
// Test hook: views.draw = { updates, input: number[784], reconstructions: { <model id>: number[784] }, codes }.
import { el, button, coalesced, panel } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { digitFigure, drawDigit, classLegend } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { codeBars, codeScale, describeModel, modelName } from '../ui/modelinfo.js';
import { drawnRef, parseRef } from '../ui/digitref.js';

const MODEL_IDS = ['ae2', 'vae2', 'vae16'];
let active = null;

export async function mount(container, ctx) {
  const { t, models, data } = ctx;
  const [lab, test] = await Promise.all([ctx.lab(), data.load('mnist-test')]);
  const disposers = [];
  let updates = 0;

  const inputFigure = digitFigure(t('draw.input'), { className: 'digit large' });
  inputFigure.metric.textContent = t('draw.inputNote');
  const cardsRoot = el('div', { className: 'model-cards' });
  const summaryRow = el('div', { className: 'figures summary' }, inputFigure.root,
    el('span', { className: 'arrow', textContent: '→', attrs: { 'aria-hidden': 'true' } }));
  const cards = new Map(); // id -> card

  const update = coalesced(() => {
    if (pad.isEmpty) {
      drawDigit(inputFigure.canvas, new Float32Array(784));
      for (const card of cards.values()) card.clear();
      ctx.expose({ input: null, reconstructions: {}, codes: {} });
      return;
    }
    const input = padDigit();
    ctx.shared.drawn = input;
    drawDigit(inputFigure.canvas, input);
    const reconstructions = {};
    const codes = {};
    for (const [id, card] of cards) {
      const result = card.update(input);
      if (result) (reconstructions[id] = Array.from(result.reconstruction)), (codes[id] = Array.from(result.code));
    }
    updates += 1;
    ctx.expose({ updates, input: Array.from(input), reconstructions, codes });
  });

  const padDigit = () => pad.onlyImage ?? lab.mnistify(pad.ink(), pad.size, pad.size);
  const pad = new DrawPad({
    t,
    onChange: (final) => {
      update();
      if (final) ctx.params.set('digit', pad.isEmpty ? null : drawnRef(padDigit()));
    },
  });
  const example = button({
    text: t('draw.example'),
    name: 'example',
    onClick: () => pad.setImage(data.image(test, Math.floor(Math.random() * test.count))),
  });

  container.append(
    el('h2', { textContent: t('draw.title') }),
    el('p', { className: 'view-intro', textContent: t('draw.intro') }),
    el('div', { className: 'layout two' },
      panel(t('draw.padTitle'), pad.root, el('div', { className: 'btn-row' }, example),
        el('p', { className: 'panel-note', textContent: t('draw.padNote') })),
      panel(t('draw.resultsTitle'),
        summaryRow,
        el('p', { className: 'panel-note', textContent: t('draw.howInput') }),
        el('h3', { textContent: t('draw.codes'), className: 'subhead' }),
        cardsRoot,
        classLegend(t))));

  async function addCard(id) {
    const shell = el('article', { className: 'model-card', dataset: { model: id } }, el('header', {}, el('strong', { textContent: modelName(id, t) })));
    const slot = el('div', { className: 'figure-slot', dataset: { model: id } });
    cardsRoot.append(shell);
    summaryRow.append(slot);
    try {
      const model = await models.get(id);
      if (ctx.signal.aborted) return;
      const card = await buildCard(id, model, shell, slot);
      cards.set(id, card);
      update();
    } catch (error) {
      shell.append(el('p', { className: 'panel-note', textContent: ctx.messages.describe(error).text }));
      ctx.messages.error(error);
    }
  }

  async function buildCard(id, model, shell, slot) {
    const testCodes = await models.codes(model, test);
    const Z = model.latentSize;
    const scale = codeScale(testCodes);
    const figure = digitFigure(modelName(id, t), { className: 'digit large', ariaLabel: t('draw.reconstructionBy', { model: modelName(id, t) }) });
    slot.append(figure.root);
    const bars = codeBars(Z, t);
    shell.querySelector('header').append(el('span', { className: 'tag', textContent: model.isVariational ? 'VAE' : 'AE' }));
    shell.append(el('small', { className: 'panel-note', textContent: describeModel(model, t) }),
      bars.root);
    let map = null;
    let overlay = {};
    if (Z === 2) {
      const probeCanvas = el('canvas', { width: 28, height: 28 });
      map = new LatentScatter({
        t,
        label: t('draw.mapLabel', { model: modelName(id, t) }),
        onProbe: (x, y) => {
          drawDigit(probeCanvas, model.decode(Float32Array.of(x, y)));
          map.setOverlay({ ...overlay, probeImage: probeCanvas });
        },
      });
      map.root.classList.add('mini-map');
      map.setPoints(testCodes, test.labels);
      shell.append(map.root);
      disposers.push(() => map.dispose());
    }
    const clear = () => {
      drawDigit(figure.canvas, new Float32Array(784));
      figure.metric.textContent = '';
      bars.update(null, scale);
      if (map) map.setOverlay((overlay = {}));
    };
    clear();
    return {
      shell,
      clear,
      update(input) {
        if (model.disposed) return null;
        const reconstruction = model.reconstruct(input);
        let code, sigma = null;
        if (model.isVariational) {
          const { mu, logvar } = model.encodeDistribution(input);
          code = mu;
          sigma = Array.from(logvar, (lv) => Math.exp(lv / 2));
        } else {
          code = model.encode(input);
        }
        drawDigit(figure.canvas, reconstruction);
        figure.metric.textContent = `PSNR ${t.number(lab.psnr(input, reconstruction), 1)} dB`;
        bars.update(code, scale);
        if (map) {
          const mark = { x: code[0], y: code[1], text: '✎', radius: 8, color: '#111' };
          if (sigma) Object.assign(mark, { rx: sigma[0], ry: sigma[1] });
          map.setOverlay((overlay = { marks: [mark] }));
        }
        return { reconstruction, code };
      },
    };
  }

  // A drawing linked in the URL.
  const linked = ctx.params.get('digit');
  if (linked) {
    const ref = parseRef(linked, test.count);
    if (ref?.kind === 'drawn') pad.setImage(ref.pixels);
    else if (ref?.kind === 'test') pad.setImage(data.image(test, ref.index));
    else {
      ctx.messages.notice(t('app.paramUnknown', { name: 'digit', value: linked.slice(0, 16), options: 'd…, t…' }));
      ctx.params.set('digit', null);
    }
  }

  const usable = (model) => !model.isConditional;
  await Promise.all(models.choices(MODEL_IDS, usable).map(addCard));
  // A newly trained (or loaded) model replaces the previous one's card.
  const off = models.onTrainedChange(({ model }) => {
    cards.get('trained')?.shell.remove();
    for (const old of container.querySelectorAll('[data-model="trained"]')) old.remove();
    cards.delete('trained');
    if (usable(model)) addCard('trained');
  });
  disposers.push(off);
  // A view left while it was still mounting cleans up after itself.
  if (ctx.signal.aborted) for (const dispose of disposers) dispose();
  else active = { disposers };
  update();
}

export function unmount() {
  for (const dispose of active?.disposers ?? []) dispose();
  active = null;
}
