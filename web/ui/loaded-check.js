// What a loaded weights file does on the test digits, shown right after
// loading: the test ELBO (a VAE) or reconstruction error (an AE), and which
// naming the file's tensors were read under (model.mappedFrom). Names cannot
// reveal two equal-shaped tensors in swapped roles (μ and log σ² heads); a bad
// number can.
import { el } from './controls.js';

// { variational, elbo, reconstruction, kl, count } of model.evaluate on the whole test set (seed 1).
export function loadedCheck(model, test) {
  const loss = model.evaluate(test.images, { labels: model.isConditional ? test.labels : undefined, seed: 1 });
  return { variational: model.isVariational, elbo: loss.elbo, reconstruction: loss.reconstruction, kl: loss.kl, count: test.count };
}

export function renderLoadedCheck(root, check, mapping, t) {
  const numbers = { count: check.count, elbo: t.number(check.elbo, 1), reconstruction: t.number(check.reconstruction, 1), kl: t.number(check.kl, 1) };
  const lines = [t(check.variational ? 'bridge.checkVae' : 'bridge.checkAe', numbers)];
  if (mapping) {
    const prefix = mapping.prefix ? t('bridge.prefix', { prefix: mapping.prefix }) : '';
    lines.push(t('bridge.names', { layout: t(`bridge.layout.${mapping.layout}`), prefix }));
  }
  if (check.variational) lines.push(t('bridge.warning'));
  root.replaceChildren(...lines.map((text) => el('span', { textContent: `${text} ` })));
}
