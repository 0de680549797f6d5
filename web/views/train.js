// Train: choose a model and its training settings, train it in a Web Worker
// (the page never blocks) and watch it learn: loss curves (reconstruction and
// KL; per batch, and per epoch on the training and the test digits), speed,
// progress with ETA, reconstructions of ten fixed test digits and the latent
// map, refreshed every epoch. Pause, resume, step one batch, stop; change the
// learning rate and β while it trains. The result becomes "your trained model"
// in every other view; download it as .safetensors or load weights back
// (also from PyTorch when the architecture matches the form); a loaded model
// sets the form to its config and Start trains it further.
// The parts: train-form.js (the form, limits from lab.limits), train-run.js
// (buttons, status, tiles), train-charts.js, train-results.js (previews and
// map), train-weights.js (files), train-session.js (the worker, page-wide).
// URL: kind=ae|dae|vae|cvae, arch=dense|conv, layers=<widths, e.g. 256,64>, latent, beta, lr,
//      batch, epochs, noise=<kind>, level, seed (ranges: lab.limits).
// Test hook: views.train = { state, progressCount, epochs, reconstruction: number[] (per progress),
//   lastLoss, loaded: { ok, message } (after a weights file), limits, rates (the learning-rate slider's steps),
//   continues (Start trains the loaded model), batchPreview() (the last batch shown: { painted, step, count, targetIsInput }), mapFrames (epochs in the map GIF) }.
import { el, panel } from '../ui/controls.js';
import { BatchPreview } from '../ui/batch-preview.js';
import { configText } from './train-options.js';
import { trainForm } from './train-form.js';
import { trainRun } from './train-run.js';
import { trainCharts } from './train-charts.js';
import { trainResults } from './train-results.js';
import { EpochSnapshots } from './train-snapshots.js';
import { trainWeights } from './train-weights.js';
import { session } from './train-session.js';

export async function mount(container, ctx) {
  const { t, models, data } = ctx;
  const [lab, test, train] = await Promise.all([ctx.lab(), data.load('mnist-test'), data.load('mnist-train')]);
  // A loaded file Start trains further, while the form still describes it.
  let loaded = null; // { bytes, config (given to read it, or null), text: configText of the form then }
  const hasKl = () => ((session.busy || session.config ? session.config.type : form.modelConfig().type) !== 'ae');
  const { limits } = lab;
  const form = trainForm(ctx, limits, {
    onLive: { learningRate: (v) => session.setLearningRate(v), beta: (v) => session.setBeta(v) },
    onChange: () => {
      if (loaded && loaded.text !== configText(form.modelConfig())) loaded = null;
      charts.panels.kl.hidden = !hasKl();
      expose();
    },
  });
  const results = trainResults(ctx, { lab, test });
  const snapshots = mapSnapshots(ctx);
  const charts = trainCharts(ctx, { plannedEpochs: () => session.options?.epochs ?? form.values.epochs });
  const run = trainRun(ctx, { onStart: start, hasKl });
  const batches = new BatchPreview({ t, life: ctx.life, denoising: form.values.kind === 'dae' });
  const weights = trainWeights(ctx, {
    lab,
    test,
    modelConfig: form.modelConfig,
    fileName: () => `latentlab-${form.values.kind}-z${form.values.latent}.safetensors`,
    onLoaded: (model, bytes, config) => {
      form.setConfig(model.config);
      loaded = { bytes, config, text: configText(form.modelConfig()) };
      results.showModel(model);
      expose();
    },
  });

  function start() {
    const { values } = form;
    batches.setDenoising(values.kind === 'dae');
    snapshots.reset();
    session.start({
      config: form.modelConfig(),
      weights: loaded?.bytes,
      weightsConfig: loaded?.config,
      options: { epochs: values.epochs, batchSize: values.batch, learningRate: values.lr, seed: values.seed },
      train,
      test,
      ...results.input(),
    });
    charts.reset();
  }
  function showState() {
    run.show();
    form.lock(session.busy);
    charts.panels.kl.hidden = !hasKl();
    weights.showTrained();
    expose();
  }
  function showEpoch() {
    results.show(session.previews, session.codes, session.config?.latent ?? 2);
  }
  function expose() {
    ctx.expose({
      state: session.state,
      progressCount: session.progressCount,
      epochs: session.epochs.length,
      reconstruction: session.series.reconstruction.filter((v) => v !== null),
      lastLoss: session.progress?.loss ?? null,
      mapFrames: snapshots.count,
      batchPreview: () => batches.last && {
        painted: batches.painted,
        step: batches.last.step,
        count: batches.last.count,
        targetIsInput: batches.last.input.every((v, i) => v === batches.last.target[i]),
      },
      threads: session.threads ?? null,
      limits,
      rates: form.rates,
      continues: loaded !== null,
    });
  }
  ctx.life.own(session.subscribe((type, detail) => {
    announce(ctx, session, type, detail);
    if (type === 'batch') batches.update(detail);
    else if (type === 'state') showState();
    else if (type === 'error') {
      ctx.messages.error(detail);
      showState();
    } else {
      if (type === 'epoch') {
        showEpoch();
        ctx.life.frame(() => snapshots.add(results.mapCanvas)); // after the map's own frame drew the codes
      }
      run.showProgress();
      charts.redraw();
      expose();
    }
  }));
  ctx.life.own(models.onTrainedChange(weights.showTrained));

  container.append(
    el('h2', { textContent: t('train.title') }),
    el('p', { className: 'view-intro', textContent: t('train.intro') }),
    el('div', { className: 'layout two train-layout' },
      el('div', { className: 'stack' },
        panelWith('p-model', t('train.modelTitle'), form.roots.model),
        panelWith('p-training', t('train.trainingTitle'), form.roots.training),
        panelWith('p-weights', t('train.weightsTitle'), weights.root)),
      el('div', { className: 'stack' },
        panelWith('p-run', t('train.runTitle'), run.root),
        charts.panels.reconstruction,
        charts.panels.kl,
        panelWith('p-batch', t('train.batchTitle'), batches.root),
        results.root)));

  form.refresh();
  charts.start();
  if (session.codes) showEpoch();
  showState();
  if (session.lastError) ctx.messages.error(session.lastError);
}

function panelWith(className, title, ...children) {
  const root = panel(title, ...children);
  root.classList.add(className);
  return root;
}

// The latent map after each epoch of the run, offered as a GIF in the share menu.
function mapSnapshots(ctx) {
  const snapshots = new EpochSnapshots();
  ctx.offerAnimation(ctx.t('train.mapGif'), () => {
    if (snapshots.count === 0) throw new Error(ctx.t('train.mapGifEmpty'));
    return snapshots.gif();
  });
  return snapshots;
}

// Events for a page that embeds the lab (docs/EMBED.md): each finished epoch
// with its losses, and 'trained' when a run ends with weights.
function announce(ctx, session, type, detail) {
  if (type === 'epoch') {
    ctx.emit('epoch', { epoch: detail.epoch + 1, train: detail.train, test: detail.test ?? null });
  } else if (type === 'state' && (detail === 'finished' || detail === 'stopped')) {
    const last = session.epochs.at(-1);
    ctx.emit('trained', { state: detail, epochs: session.epochs.length, test: last?.test ?? null });
  }
}
