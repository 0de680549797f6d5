// Draw & reconstruct: the student draws a digit; it is turned into an MNIST-like
// 28×28 input (lab.mnistify) and every model reconstructs it live, showing its
// latent code (bars; for 2-D models also the point on the map of the test set,
// with the VAE's one-σ ellipse; see draw-card.js).
// URL: digit=d<…> the drawing (written when a stroke ends; t<i> starts from test digit i), so a link restores it.
// Test hook: views.draw = { updates, input: number[784], reconstructions: { <model id>: number[784] }, codes,
//   completeAt: performance.now() when all models' reconstructions of one input were first drawn }.
import { el, button, panel } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { digitFigure, drawDigit, classLegend, PIXELS } from '../ui/digits.js';
import { modelName } from '../ui/modelinfo.js';
import { drawnRef, parseRef } from '../ui/digitref.js';
import { modelCard } from './draw-card.js';
import { liveUpdates } from './draw-live.js';

const MODEL_IDS = ['ae2', 'vae2', 'vae16'];

export async function mount(container, ctx) {
  const { t, models, data } = ctx;
  // The weights download while the module and the test set load (models.get caches the promise).
  for (const id of MODEL_IDS) models.get(id).catch(() => {});  // a failure is shown on its card below
  // The pad is on screen (and takes strokes) before the module is in. The
  // reconstructions need only the module and the weights; the test set (for
  // the maps, the bars' scale and the example button) is loaded once they are
  // drawn (at once for a link to a test digit): decoding it took main-thread
  // time the first reconstructions waited for on a slow phone.
  const loadTestSet = () => data.load('mnist-test');  // fetched and decoded once per page (data.js)
  let lab = null;
  let test = null;

  const inputFigure = digitFigure(t('draw.input'), { className: 'digit large' });
  inputFigure.metric.textContent = t('draw.inputNote');
  const cardsRoot = el('div', { className: 'model-cards' });
  const summaryRow = el('div', { className: 'figures summary' }, inputFigure.root,
    el('span', { className: 'arrow', textContent: '→', attrs: { 'aria-hidden': 'true' } }));
  const cards = new Map(); // id -> card
  const live = liveUpdates(ctx, {
    cards,
    readInput: () => {
      const input = padDigit();
      ctx.shared.drawn = input;
      drawDigit(inputFigure.canvas, input);
      return input;
    },
    clearInput: () => drawDigit(inputFigure.canvas, new Float32Array(PIXELS)),
    isEmpty: () => pad.isEmpty,
    isReady: () => lab !== null,
  });
  const update = live.update;

  const padDigit = () => pad.digit(lab);
  const pad = new DrawPad({
    t,
    onChange: (final) => {
      live.stroking = !final;
      update();
      if (final && lab) ctx.params.set('digit', pad.isEmpty ? null : drawnRef(padDigit()));
    },
  });
  const example = button({
    text: t('draw.example'),
    name: 'example',
    onClick: () => test && pad.setImage(data.image(test, Math.floor(Math.random() * test.count))),
  });

  container.append(
    el('h2', { textContent: t('draw.title') }),
    el('p', { className: 'view-intro', textContent: t('draw.intro') }),
    el('div', { className: 'layout two' },
      // The reconstructions sit right under the pad, so they stay in sight while drawing (also on a phone).
      panel(t('draw.padTitle'), pad.root, el('div', { className: 'btn-row' }, example),
        el('h3', { className: 'subhead', textContent: t('draw.resultsTitle') }),
        summaryRow,
        el('p', { className: 'panel-note', textContent: t('draw.padNote') })),
      panel(t('draw.codes'),
        el('p', { className: 'panel-note', textContent: t('draw.howInput') }),
        cardsRoot,
        classLegend(t))));

  async function addCard(id) {
    const shell = el('article', { className: 'model-card', dataset: { model: id } }, el('header', {}, el('strong', { textContent: modelName(id, t) })));
    const slot = el('div', { className: 'figure-slot', dataset: { model: id } });
    cardsRoot.append(shell);
    summaryRow.append(slot);
    try {
      const model = await models.get(id);
      if (ctx.life.left) return;
      cards.set(id, modelCard(ctx, { id, model, testSet: loadTestSet, lab, shell, slot, after: live.drawnOnce }));
      update();
    } catch (error) {
      shell.append(el('p', { className: 'panel-note', textContent: ctx.messages.describe(error).text }));
      ctx.messages.error(error);
    }
  }

  lab = await ctx.lab();
  if (!pad.isEmpty) ctx.params.set('digit', drawnRef(padDigit()));  // drawn while loading
  else if (!(await restoreLinked(ctx, pad, loadTestSet))) return;
  live.drawnOnce.then(loadTestSet).then((set) => (test = set), (error) => ctx.life.left || ctx.messages.error(error));
  const usable = (model) => !model.isConditional;
  await Promise.all(models.choices(MODEL_IDS, usable).map(addCard));
  live.allCardsAdded();
  // A newly trained (or loaded) model replaces the previous one's card.
  ctx.life.own(models.onTrainedChange(({ model }) => {
    for (const old of container.querySelectorAll('[data-model="trained"]')) old.remove();
    cards.delete('trained');
    live.forget('trained');
    if (usable(model)) addCard('trained');
  }));
  update();
}

// A drawing (or a test digit) linked in the URL; a drawing needs no test set.
// False when the view was left while the test set loaded.
async function restoreLinked({ t, params, messages, data, life }, pad, loadTestSet) {
  const linked = params.get('digit');
  if (!linked) return true;
  let ref = parseRef(linked, Infinity);
  if (ref?.kind === 'test') {
    const test = await loadTestSet();
    if (life.left) return false;
    ref = parseRef(linked, test.count);
    if (ref?.kind === 'test') ref.pixels = data.image(test, ref.index);
  }
  if (ref?.pixels) pad.setImage(ref.pixels);
  else {
    messages.notice(t('app.paramUnknown', { name: 'digit', value: linked.slice(0, 16), options: 'd…, t…' }));
    params.set('digit', null);
  }
  return true;
}
