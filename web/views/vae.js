// Inside the VAE (lecture chapter "VAE"): for the digit being drawn, each
// VAE's two vectors μ and σ, a seeded ε and z = μ + σ⊙ε, decodings of
// resampled z, the posterior on the 2-D map against the prior (and the plain
// AE's single point), the loss split into reconstruction and KL per
// dimension with a β control, and which dimensions are active over the test split.
// Every number comes from the models and C++ (encodeDistribution, samplePosterior,
// klPerDimension, evaluate).
// URL: digit=t<i>|d<…> (the drawing), seed (ε), beta, loss (model of the loss panel).
// Test hook: views.vae = { updates, input, seed, posteriors: { <id>: { mu, logvar, sigma, eps, z } }, ae2, loss, collapse }.
import { el, button, coalesced, panel } from '../ui/controls.js';
import { DrawPad } from '../ui/drawpad.js';
import { drawnRef, parseRef } from '../ui/digitref.js';
import { modelName } from '../ui/modelinfo.js';
import { mathText } from '../ui/math.js';
import { addKlStyles } from '../ui/kl/style.js';
import { viewLink } from '../ui/kl/widgets.js';
import { STRIP, vaeCard } from '../ui/vae/cards.js';
import { latentMap, mapFigure } from '../ui/vae/maps.js';
import { lossPanel } from '../ui/vae/loss.js';
import { collapsePanel } from '../ui/vae/collapse.js';

const CARD_IDS = ['vae2', 'vae16'];
const LOSS_IDS = ['vae2', 'vae16', 'vae16_beta4'];
const AE_ID = 'ae2';
const DEFAULT_DIGIT = 3; // a test digit shown until the student draws

function restoreDrawing(ctx, pad, test) {
  const linked = ctx.params.get('digit');
  const ref = linked ? parseRef(linked, test.count) : null;
  if (ref?.kind === 'drawn') return pad.setImage(ref.pixels);
  if (ref?.kind === 'test') return pad.setImage(ctx.data.image(test, ref.index));
  if (linked) {
    ctx.messages.notice(ctx.t('app.paramUnknown', { name: 'digit', value: linked.slice(0, 16), options: 'd…, t…' }));
    ctx.params.set('digit', null);
  }
  pad.setImage(ctx.shared.drawn ?? ctx.data.image(test, DEFAULT_DIGIT));
}

export async function mount(container, ctx) {
  const { t } = ctx;
  addKlStyles();
  const [lab, test] = await Promise.all([ctx.lab(), ctx.data.load('mnist-test')]);
  const ids = [...new Set([...CARD_IDS, ...LOSS_IDS, AE_ID])];
  const models = new Map(await Promise.all(ids.map(async (id) => [id, await ctx.models.get(id)])));
  const [vaeCodes, aeCodes] = await Promise.all([ctx.models.codes(models.get('vae2'), test), ctx.models.codes(models.get(AE_ID), test)]);
  if (ctx.life.left) return;

  let seed = ctx.params.number('seed', { min: 1, max: 1e6, fallback: 1, integer: true });
  let updates = 0;
  const cards = new Map(CARD_IDS.map((id) => [id, vaeCard({ t, id, model: models.get(id) })]));
  const vaeMap = latentMap({ t, life: ctx.life, codes: vaeCodes, labels: test.labels, label: t('vae.map.vaeLabel') });
  const aeMap = latentMap({ t, life: ctx.life, codes: aeCodes, labels: test.labels, label: t('vae.map.aeLabel') });
  const loss = lossPanel(ctx, lab, { ids: LOSS_IDS, models, initial: 'vae16' });
  const seedNote = el('span', { className: 'panel-note vae-seed' });

  const padDigit = () => pad.digit(lab);
  const update = coalesced(() => {
    if (ctx.life.left) return;
    seedNote.textContent = t('vae.seed', { seed });
    if (pad.isEmpty) {
      for (const card of cards.values()) card.update(null, null);
      vaeMap.show(null);
      aeMap.show(null);
      loss.update(null);
      ctx.expose({ input: null, posteriors: {}, ae2: null });
      return;
    }
    const input = padDigit();
    ctx.shared.drawn = input;
    const posteriors = new Map(LOSS_IDS.map((id) => [id, models.get(id).encodeDistribution(input)]));
    const exposed = {};
    for (const [id, posterior] of posteriors) {
      const samples = lab.samplePosterior(posterior.mu, posterior.logvar, { count: STRIP, seed });
      cards.get(id)?.update(posterior, samples);
      if (id === 'vae2') vaeMap.show({ mu: posterior.mu, sigma: samples.sigma });
      exposed[id] = { mu: Array.from(posterior.mu), logvar: Array.from(posterior.logvar), sigma: Array.from(samples.sigma),
        eps: Array.from(samples.eps), z: Array.from(samples.z) };
    }
    const aeCode = models.get(AE_ID).encode(input);
    aeMap.show({ code: aeCode });
    loss.update({ input, seed, posteriors });
    updates += 1;
    ctx.expose({ updates, seed, input: Array.from(input), posteriors: exposed, ae2: Array.from(aeCode) });
  });
  // A digit the URL or the session already names, or the default one, is not written back as a drawing.
  let restoring = false;
  const pad = new DrawPad({ t, onChange: (final) => {
    update();
    if (final && !restoring) ctx.params.set('digit', pad.isEmpty ? null : drawnRef(padDigit()));
  } });
  const showTest = (index) => {
    restoring = true;
    pad.setImage(ctx.data.image(test, index));
    restoring = false;
    ctx.params.set('digit', `t${index}`);
  };
  const example = button({ text: t('draw.example'), name: 'example', onClick: () => showTest(Math.floor(Math.random() * test.count)) });
  const reroll = button({ text: t('vae.reroll'), name: 'reroll', onClick: () => {
    seed = (seed % 1e6) + 1;
    ctx.params.set('seed', seed);
    update();
  } });
  restoring = true;
  restoreDrawing(ctx, pad, test);
  restoring = false;

  container.append(
    el('h2', { textContent: t('vae.title') }),
    mathText(t('vae.intro'), { tag: 'p', className: 'view-intro' }),
    el('p', {}, viewLink(ctx, { view: 'kl', name: 'kl-link', text: t('vae.klLink') })),
    el('div', { className: 'layout two' },
      panel(t('draw.padTitle'), pad.root, el('div', { className: 'btn-row' }, example),
        el('p', { className: 'panel-note', textContent: t('draw.padNote') })),
      panel(t('vae.step1'),
        mathText(t('vae.step1Intro'), { tag: 'p', className: 'panel-note' }),
        el('div', { className: 'btn-row' }, reroll, seedNote),
        el('div', { className: 'vae-cards' }, [...cards.values()].map((c) => c.root)))),
    panel(t('vae.map.title'),
      mathText(t('vae.map.intro'), { tag: 'p', className: 'panel-note' }),
      el('div', { className: 'vae-maps' },
        mapFigure(modelName('vae2', t), vaeMap, t('vae.map.vaeNote')),
        mapFigure(modelName(AE_ID, t), aeMap, t('vae.map.aeNote')))),
    el('div', { className: 'layout halves' },
      loss.root,
      collapsePanel(ctx, { ids: LOSS_IDS, models, test })));
  update();
}
