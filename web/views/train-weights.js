// The Train view's weights panel: download the current weights as
// .safetensors, load a file back (a Latent Lab file carries its config; a file
// without one, e.g. saved by PyTorch, is read with the form's config), and the
// line saying which model the other views use now, with links to them.
//
//   const weights = trainWeights(ctx, { lab, test, modelConfig, fileName, onLoaded });
//   weights.root; weights.showTrained()
import { el, button } from '../ui/controls.js';
import { describeModel } from '../ui/modelinfo.js';
import { LocalizedError } from '../ui/messages.js';
import { loadedCheck, renderLoadedCheck } from '../ui/loaded-check.js';
import { session } from './train-session.js';

// Where "Use it in" leads, and the URL parameter that picks the trained model there.
const USE_IN = { draw: {}, interpolate: { right: 'trained' }, latent: { right: 'trained' }, sample: { model: 'trained' } };

// onLoaded(model, bytes, config): a file was loaded (config: the one it was read with, if not its own).
// test: the test split, on which a loaded file's loss is shown (a wrong tensor mapping shows as a bad number).
export function trainWeights(ctx, { lab, test, modelConfig, fileName, onLoaded }) {
  const { t } = ctx;
  const status = el('p', { className: 'panel-note control-status', attrs: { role: 'status' }, dataset: { name: 'weights-status' } });
  const checkLine = el('p', { className: 'panel-note', dataset: { name: 'loaded-check' } });
  // What loading or downloading did, said beside the buttons (not at the top of the page).
  const say = (kind, text, detail = '') => {
    status.className = `panel-note control-status ${kind}`;
    status.replaceChildren(el('strong', { textContent: text }), detail ? el('span', { className: 'message-detail', textContent: detail }) : '');
  };
  const sayError = (error) => {
    const { text, detail } = ctx.messages.describe(error);
    say('error', text, detail);
  };
  const downloadButton = button({ text: t('train.download'), name: 'download', onClick: () => download(ctx, fileName()).catch(sayError) });
  const fileInput = el('input', { type: 'file', accept: '.safetensors,application/octet-stream', id: 'weights-file', className: 'sr-only', tabIndex: -1, dataset: { name: 'weights-file' } });
  const fileLabel = el('label', { htmlFor: 'weights-file', className: 'btn', textContent: t('train.load'), tabIndex: 0 });
  fileLabel.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      fileInput.click();
    }
  }, { signal: ctx.signal });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = readWeights(lab, bytes, modelConfig);
    if (result.error) {
      sayError(new LocalizedError('train.loadFailed', { name: file.name }, result.error.message));
      ctx.expose({ loaded: { ok: false, message: result.error.message, code: result.error.code ?? null } });
      return;
    }
    ctx.models.setTrained(result.model, { origin: 'file', name: file.name });
    onLoaded(result.model, bytes, result.config);
    say('notice', t('train.loaded', { name: file.name, model: describeModel(result.model, t) }));
    const check = loadedCheck(result.model, test);
    renderLoadedCheck(checkLine, check, result.model.mappedFrom, t);
    ctx.expose({ loaded: { ok: true, message: describeModel(result.model, t), check, mappedFrom: result.model.mappedFrom } });
  }, { signal: ctx.signal });
  const trainedLine = el('p', { className: 'panel-note', dataset: { name: 'trained' } });
  function showTrained() {
    const trained = ctx.models.trained;
    trainedLine.replaceChildren();
    if (!trained) {
      trainedLine.textContent = t('train.noTrained');
      return;
    }
    const origin = trained.info.origin === 'file' ? t('train.fromFile', { name: trained.info.name }) : t('train.fromTraining');
    trainedLine.append(`${t('train.trainedNow')}: ${describeModel(trained.model, t)} (${origin}). ${t('train.useIn')} `);
    for (const [view, extra] of Object.entries(USE_IN)) {
      const link = el('a', { href: ctx.href(view, extra), textContent: t(`nav.${view}`) });
      link.addEventListener('click', (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        ctx.navigate(view, extra);
      });
      trainedLine.append(link, ' ');
    }
  }
  return {
    root: el('div', { className: 'stack' },
      el('div', { className: 'btn-row' }, downloadButton, fileLabel, fileInput),
      status,
      checkLine,
      el('p', { className: 'panel-note', textContent: t('train.weightsNote') }),
      trainedLine),
    showTrained,
  };
}

// -> { model, config } (config: the form's, when the file had none) or { error }.
function readWeights(lab, bytes, modelConfig) {
  try {
    return { model: lab.loadModel(bytes), config: null };
  } catch (error) {
    if (error.code !== 'missing_config') return { error };
  }
  try {
    const config = modelConfig();
    return { model: lab.loadModel(bytes, config), config };
  } catch (error) {
    return { error };
  }
}

async function download(ctx, name) {
  // A loaded file's model is saved from the page; a run's weights come from its worker.
  const trained = ctx.models.trained;
  const weights = trained?.info.origin === 'file' ? trained.model.save() : await session.snapshot();
  if (!weights) throw new LocalizedError('train.nothingToDownload');
  const url = URL.createObjectURL(new Blob([weights], { type: 'application/octet-stream' }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  ctx.models.markSaved();
}
