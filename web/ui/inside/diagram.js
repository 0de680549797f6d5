// The architecture diagram, drawn from model.architecture(): one block per
// layer with parameters (plus the input, the VAE's sampling step and the
// output) showing its output shape, kernel and stride, activation and
// parameter count; the code highlighted; the VAE's μ and log σ² heads side by
// side, then the sampling z = μ + σ ⊙ ε. A bar under each block is its output
// size (√ of the number of values, relative to the largest), so the bottleneck shows.
import { el } from '../controls.js';
import { architectureBlocks, diagramColumns, shapeText } from './blocks.js';

export function architectureDiagram(layers, t) {
  const blocks = architectureBlocks(layers);
  const size = (shape) => Math.sqrt(shape.reduce((a, b) => a * b, 1));
  const largest = Math.max(...blocks.map((b) => size(b.shape)));
  const columns = diagramColumns(blocks).map((column) =>
    el('div', { className: 'inside-col', attrs: { role: 'listitem' } }, column.map((block) => blockElement(block, t, size(block.shape) / largest))));
  const flow = [];
  columns.forEach((column, i) => {
    if (i) flow.push(el('span', { className: 'inside-arrow', textContent: '→', attrs: { 'aria-hidden': 'true' } }));
    flow.push(column);
  });
  const total = blocks.reduce((sum, b) => sum + b.parameters, 0);
  return {
    blocks,
    root: el('div', {},
      el('div', { className: 'inside-diagram', attrs: { role: 'list', 'aria-label': t('inside.diagramLabel') } }, flow),
      el('div', { className: 'inside-legend' },
        el('span', { textContent: t('inside.totalParameters', { count: total }) }),
        el('span', { textContent: t('inside.legendCode') }))),
  };
}

function blockElement(block, t, relativeSize) {
  const meta = [];
  if (block.activation) meta.push(block.activation);
  if (block.parameters) meta.push(t('inside.parameters', { count: block.parameters }));
  const classes = ['inside-block', `part-${block.part}`, `kind-${block.kind}`, block.code ? 'is-code' : ''].join(' ').trim();
  return el('div', { className: classes, dataset: { name: block.name, kind: block.kind, shape: shapeText(block.shape), parameters: block.parameters } },
    el('span', { className: 'inside-block-kind', textContent: blockTitle(block, t) }),
    el('strong', { className: 'inside-block-shape', textContent: shapeText(block.shape) }),
    block.reshape ? el('span', { className: 'inside-block-meta', textContent: `⤷ ${shapeText(block.reshape)}` }) : null,
    meta.length ? el('span', { className: 'inside-block-meta', textContent: meta.join(' · ') }) : null,
    block.code ? el('span', { className: 'inside-block-meta', textContent: t('inside.code') }) : null,
    el('span', { className: 'inside-block-size', attrs: { style: `--size:${Math.max(0.06, relativeSize).toFixed(3)}`, 'aria-hidden': 'true' } }));
}

export function blockTitle(block, t) {
  if (block.name === 'fc_mu') return t('inside.kind.mu');
  if (block.name === 'fc_logvar') return t('inside.kind.logvar');
  const key = `inside.kind.${block.kind}`;
  return t.has(key) ? t(key, { k: block.kernel, s: block.stride }) : block.kind;
}
