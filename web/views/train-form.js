// The Train view's form: which model to build (kind, architecture, layer
// sizes, latent size, training noise) and how to train it (epochs, batch size,
// learning rate, β, seed), kept in the URL. Every range comes from `limits`
// (lab.limits: the C++ module's own table), so the form, the URL clamping and
// the engine accept the same values.
//
//   const form = trainForm(ctx, limits, { onLive: { learningRate, beta } });
//   form.values; form.rates (the rate slider's steps); form.modelConfig(); form.roots; form.lock(busy); form.setConfig(config)
import { el, segmented, select, slider } from '../ui/controls.js';
import { decimalsOf } from '../ui/decimals.js';
import { configText, nearestOf, parseLayers, powersOfTwoWithin, presetOf, ratesWithin, SIZES } from './train-options.js';

const KINDS = ['ae', 'dae', 'vae', 'cvae'];
const NOISES = ['gaussian', 'salt_and_pepper', 'masking', 'block'];

// onLive: { learningRate(v), beta(v) } for the settings a running session takes on the fly.
export function trainForm(ctx, limits, { onLive, onChange }) {
  const { t } = ctx;
  const rates = ratesWithin(limits.learningRate);
  const batches = powersOfTwoWithin(limits.batchSize);
  const values = readForm(ctx, limits, rates, batches);
  const set = (key, value, urlKey = key) => {
    values[key] = value;
    ctx.params.set(urlKey, value);
    refresh();
  };
  const layers = layersControl(ctx, limits, values, (list) => {
    values.layers = list;
    ctx.params.set('layers', list.join(','));
    refresh();
  });
  const c = {
    kind: segmented({ label: t('train.kind'), name: 'kind', value: values.kind, options: KINDS.map((k) => ({ value: k, text: t(`train.kind.${k}`) })), onChange: (v) => set('kind', v) }),
    arch: segmented({
      label: t('train.arch'),
      name: 'arch',
      value: values.arch,
      options: ['dense', 'conv'].map((a) => ({ value: a, text: t(`train.arch.${a}`) })),
      onChange: (v) => {
        values.arch = v;
        ctx.params.set('arch', v);
        layers.setPreset(layers.preset === 'custom' ? 'medium' : layers.preset);
      },
    }),
    latent: slider({ label: t('train.latent'), name: 'latent', ...range(limits.latent), value: values.latent, onInput: (v) => set('latent', v) }),
    beta: slider({
      label: t('train.beta'), name: 'beta', ...range(limits.beta), step: 0.05, value: values.beta, format: (v) => t.number(v, 2), hint: t('train.betaHint'),
      onInput: (v) => (set('beta', v), onLive.beta(v)),
    }),
    rate: slider({
      label: t('train.lr'), name: 'lr', min: 0, max: rates.length - 1, value: rates.indexOf(values.lr), format: (i) => t.number(rates[i], decimalsOf(rates[i])), hint: t('train.lrHint'),
      onInput: (i) => (set('lr', rates[i]), onLive.learningRate(rates[i])),
    }),
    batch: select({ label: t('train.batch'), name: 'batch', value: String(values.batch), options: batches.map((b) => ({ value: String(b), text: String(b) })), onChange: (v) => set('batch', Number(v)) }),
    epochs: slider({ label: t('train.epochs'), name: 'epochs', ...range(limits.epochs), value: values.epochs, onInput: (v) => set('epochs', v) }),
    noise: select({ label: t('train.noise'), name: 'noise', value: values.noise, options: NOISES.map((n) => ({ value: n, text: t(`noise.${n}`) })), onChange: (v) => set('noise', v) }),
    level: slider({ label: t('train.level'), name: 'noise-level', ...range(limits.noiseLevel), step: 0.05, value: values.level, format: (v) => t.number(v, 2), onInput: (v) => set('level', v) }),
  };
  const configLine = el('p', { className: 'panel-note config-line', dataset: { name: 'config' } });
  function modelConfig() {
    const type = values.kind === 'dae' ? 'ae' : values.kind;
    const config = { type, arch: values.arch, latent: values.latent };
    if (values.arch === 'dense') config.hidden = values.layers;
    else config.channels = values.layers;
    if (type !== 'ae') config.beta = values.beta;
    if (values.kind === 'dae') config.denoise = { kind: values.noise, level: values.level };
    return config;
  }
  function refresh() {
    c.beta.root.hidden = !(values.kind === 'vae' || values.kind === 'cvae');
    c.noise.root.hidden = c.level.root.hidden = values.kind !== 'dae';
    configLine.textContent = `${t('train.configLine')}: ${configText(modelConfig())}`;
    layers.refresh();
    onChange();
  }
  const fixed = [c.kind, c.arch, layers.size, layers, c.latent, c.batch, c.epochs, c.noise, c.level];
  return {
    values,
    rates,
    modelConfig,
    refresh,
    roots: {
      model: el('div', { className: 'stack' }, c.kind.root, c.arch.root,
        el('div', { className: 'form-grid' }, layers.size.root, layers.root, c.batch.root), c.latent.root, c.noise.root, c.level.root, configLine),
      training: el('div', { className: 'stack' }, c.epochs.root, c.rate.root, c.beta.root, el('p', { className: 'panel-note', textContent: t('train.liveNote') })),
    },
    // While a run is on, what it was built with cannot change (the rate and β can).
    lock(busy) {
      for (const control of fixed) for (const input of control.root.querySelectorAll('input, select')) input.disabled = busy;
    },
    // The form takes a loaded model's config, so "Train again" trains that model.
    setConfig(config) {
      Object.assign(values, formValuesOf(config, limits, values));
      ctx.params.setMany({ kind: values.kind, arch: values.arch, latent: values.latent, layers: values.layers.join(','), beta: values.beta, noise: values.noise, level: values.level });
      c.kind.set(values.kind);
      c.arch.set(values.arch);
      c.latent.set(values.latent);
      c.beta.set(values.beta);
      c.noise.set(values.noise);
      c.level.set(values.level);
      layers.show(values.layers);
      refresh();
    },
  };
}

const range = ({ min, max }) => ({ min, max });

// The form's values from the URL, clamped to the limits (a notice says what was changed).
function readForm({ t, params, messages }, limits, rates, batches) {
  const n = (name, limit, fallback) => params.number(name, { min: limit.min, max: limit.max, fallback, integer: limit.integer });
  const values = {
    kind: params.choice('kind', KINDS, 'vae'),
    arch: params.choice('arch', ['dense', 'conv'], 'dense'),
    layers: null,
    latent: n('latent', limits.latent, 2),
    beta: n('beta', limits.beta, 1),
    lr: nearestOf(rates, n('lr', limits.learningRate, 1e-3), Math.log),
    batch: nearestOf(batches, n('batch', limits.batchSize, 64)),
    epochs: n('epochs', limits.epochs, 10),
    noise: params.choice('noise', NOISES, 'gaussian'),
    level: n('level', limits.noiseLevel, 0.4),
    seed: n('seed', limits.seed, 1),
  };
  const layersParam = params.get('layers');
  values.layers = layersParam === null ? SIZES[values.arch].medium : parseLayers(layersParam, values.arch, limits);
  if (!values.layers) {
    messages.notice(t('app.paramUnknown', { name: 'layers', value: layersParam, options: layersHint(t, values.arch, limits) }));
    params.set('layers', null);
    values.layers = SIZES[values.arch].medium;
  }
  return values;
}

// A loaded model's config as form values (what the form cannot show stays as it was).
function formValuesOf(config, limits, current) {
  const clamp = (v, { min, max }) => Math.min(max, Math.max(min, v));
  return {
    kind: config.denoise ? 'dae' : config.type,
    arch: config.arch === 'conv' ? 'conv' : 'dense',
    layers: config.arch === 'conv' ? config.channels : config.hidden ?? [],
    latent: clamp(config.latent, limits.latent),
    beta: config.beta ?? current.beta,
    noise: config.denoise?.kind ?? current.noise,
    level: config.denoise?.level ?? current.level,
  };
}

function layersHint(t, arch, limits) {
  return arch === 'dense'
    ? t('train.layersHint.dense', { max: limits.hiddenLayers.max, width: limits.hiddenWidth.max })
    : t('train.layersHint.conv', { min: limits.convLayers.min, max: limits.convLayers.max, width: limits.convChannels.max });
}

// Layers: a preset per size, or any list typed in (e.g. to match a PyTorch model).
// A list outside the limits is marked invalid beside the field, with the allowed range.
function layersControl(ctx, limits, values, onLayers) {
  const { t } = ctx;
  const id = 'train-layers';
  const input = el('input', { type: 'text', id, value: values.layers.join(', '), dataset: { name: 'layers' }, spellcheck: false, attrs: { 'aria-describedby': `${id}-hint` } });
  const label = el('label', { htmlFor: id, className: 'control-label' });
  const hint = el('small', { className: 'control-hint', id: `${id}-hint` });
  const error = el('small', { className: 'control-error', id: `${id}-error`, attrs: { role: 'alert' }, hidden: true });
  const show = (list) => {
    input.value = list.join(', ');
    size.set(presetOf(values.arch, list));
    input.removeAttribute('aria-invalid');
    error.hidden = true;
  };
  const size = select({
    label: t('train.size'),
    name: 'size',
    value: presetOf(values.arch, values.layers),
    options: ['small', 'medium', 'large', 'custom'].map((s) => ({ value: s, text: t(`train.size.${s}`) })),
    onChange: (v) => (v === 'custom' ? input.focus() : setPreset(v)),
  });
  const setPreset = (preset) => {
    show(SIZES[values.arch][preset]);
    onLayers(SIZES[values.arch][preset]);
  };
  input.addEventListener('change', () => {
    const parsed = parseLayers(input.value, values.arch, limits);
    if (parsed) {
      show(parsed);
      onLayers(parsed);
      return;
    }
    // Kept as typed so the student can correct it; the model keeps the last valid list.
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${id}-error ${id}-hint`);
    error.textContent = t('train.badLayers', { value: input.value, hint: layersHint(t, values.arch, limits) });
    error.hidden = false;
  }, { signal: ctx.signal });
  return {
    root: el('div', { className: 'control' }, label, input, hint, error),
    size,
    get preset() {
      return size.value;
    },
    setPreset,
    show,
    refresh() {
      label.textContent = t(`train.layers.${values.arch}`);
      hint.textContent = layersHint(t, values.arch, limits);
    },
  };
}
