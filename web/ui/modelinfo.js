// How a model is named and summarised on the page, and a bar chart of its latent code.
import { el, select } from './controls.js';
import { decimalsOf } from './decimals.js';

// "VAE · dense 512-128 · z = 2"
export function describeModel(model, t) {
  const c = model.config;
  const arch = c.arch === 'conv' ? `${t('model.conv')} ${c.channels.join('-')}` : `${t('model.dense')} ${(c.hidden ?? []).join('-')}`;
  const kind = c.denoise ? t('model.kind.dae') : t(`model.kind.${c.type}`);
  const beta = c.type !== 'ae' && c.beta !== undefined && c.beta !== 1 ? ` · β = ${t.number(c.beta, decimalsOf(c.beta, 3))}` : '';
  return `${kind} · ${arch} · z = ${model.latentSize}${beta}`;
}

export function modelName(id, t) {
  return t(`model.${id}`);
}

// A <select> of model ids with their names.
export function modelSelect({ t, ids, value, onChange, label, name = 'model' }) {
  return select({ label, name, value, onChange, options: ids.map((id) => ({ value: id, text: modelName(id, t) })) });
}

// One horizontal bar per latent dimension, centred on 0; scale is the value
// that fills half the track. A VAE's σ is drawn as a lighter band around μ.
export function codeBars(Z, t) {
  const rows = Array.from({ length: Z }, (_, d) => {
    const fill = el('span', { className: 'code-fill' });
    const track = el('span', { className: 'code-track' }, fill);
    // One Text node per value, whose data changes: replacing textContent would
    // swap nodes on every live update (the Draw view updates once per frame).
    const value = document.createTextNode('0.00');
    return { fill, value, root: el('div', { className: 'code-bar' }, el('span', { textContent: `z${subscript(d + 1)}` }), track,
      el('span', { className: 'code-value' }, el('span', { className: 'live-text' }, value))) };
  });
  const root = el('div', { className: 'code-bars', attrs: { role: 'group', 'aria-label': t('draw.code') } }, rows.map((r) => r.root));
  return {
    root,
    // numbers: false keeps the values' text as it is (the Draw view refreshes
    // it a few times a second while a stroke moves the bars every frame).
    update(code, scale, { numbers = true } = {}) {
      rows.forEach((row, d) => {
        const v = code ? code[d] : 0;
        const fraction = Math.max(-1, Math.min(1, v / scale)) / 2;
        // A transform, not left/width: moving the bars then needs no layout.
        row.fill.style.transform = `translateX(${50 + Math.min(0, fraction) * 100}%) scaleX(${Math.abs(fraction)})`;
        row.fill.classList.toggle('negative', v < 0);
        if (!numbers) return;
        const text = code ? t.number(v, 2) : '—';
        if (text !== row.value.data) row.value.data = text;
      });
    },
  };
}

function subscript(n) {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);
}

// The value a bar chart of this model's codes should treat as "large": the
// 99th percentile of |code| over a data set's codes (at least 1).
export function codeScale(codes) {
  const magnitudes = Float32Array.from(codes, Math.abs).sort();
  return Math.max(1, magnitudes[Math.floor(0.99 * (magnitudes.length - 1))] ?? 1);
}

// One line from a pretrained model's card: its test-set figures, or '' without a card.
export async function cardSummary(models, id, t) {
  const card = await models.card(id);
  const m = card?.test_metrics;
  if (!m) return '';
  const parts = [];
  if (m.reconstruction !== undefined) parts.push(`${t('card.reconstruction')} ${t.number(m.reconstruction, 1)}`);
  if (m.kl) parts.push(`KL ${t.number(m.kl, 1)}`);
  if (m.psnr_denoised !== undefined) parts.push(`PSNR ${t.number(m.psnr_noisy, 1)} → ${t.number(m.psnr_denoised, 1)} dB`);
  return parts.length ? `${t('card.test')}: ${parts.join(' · ')}` : '';
}
