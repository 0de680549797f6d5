// Latent space: two models side by side (the 2-D AE and the 2-D VAE by
// default). Each shows the codes of the digits as a scatter coloured by label
// (pan, zoom; hover or drag anywhere to decode that point live) and the
// manifold grid: decodings of a regular grid of latent points; for a VAE the
// grid is a unit grid mapped through the inverse Gaussian CDF, so it covers the
// prior N(0, I) evenly. A model with more than two latent dimensions is shown
// on a plane: its two principal components (PCA) or two chosen dimensions.
// One side is latent-side.js, its grid latent-grid.js.
// URL: left, right = model ids; lproj, rproj = pca|dims; ldims, rdims = "i,j";
//      set=test|all (2 004 test digits, or with the 7 996 training digits); grid=<n> (3..20, 0 hides).
// Test hook: views.latent = { left: { model, points, probe: [x, y], decoded: number[784] }, right: … }.
import { el, panel, segmented, slider } from '../ui/controls.js';
import { classLegend, PIXELS } from '../ui/digits.js';
import { latentSide } from './latent-side.js';

const SIDE_IDS = ['ae2', 'vae2', 'vae16'];

export async function mount(container, ctx) {
  const { t, models, data, params } = ctx;
  const [lab, test] = await Promise.all([ctx.lab(), data.load('mnist-test')]);
  const ids = models.choices(SIDE_IDS, (m) => !m.isConditional);
  const shown = {
    set: params.choice('set', ['test', 'all'], 'test'),
    grid: params.number('grid', { min: 0, max: 20, fallback: 12, integer: true }),
  };
  if (shown.grid > 0 && shown.grid < 3) {
    shown.grid = 3; // a grid needs at least 3×3 points; 0 hides it
    params.set('grid', 3);
  }
  let all = null;
  const view = {
    lab,
    test,
    grid: () => shown.grid,
    // The digits to scatter: the test set, or test and training sets together.
    points: async () => (shown.set === 'test' ? test : (all ??= withTraining(test, await data.load('mnist-train')))),
    // The training digits: what a 2-D map's holes are measured against.
    train: () => data.load('mnist-train'),
    changed: () => ctx.expose(Object.fromEntries(sides.map((side) => [side.key, side.snapshot()]))),
  };
  const sides = [
    latentSide(ctx, { key: 'left', prefix: 'l', fallbackId: 'ae2', ids, view }),
    latentSide(ctx, { key: 'right', prefix: 'r', fallbackId: 'vae2', ids, view }),
  ];
  const setChoice = segmented({
    label: t('latent.points'),
    name: 'set',
    value: shown.set,
    options: [
      { value: 'test', text: t('latent.setTest', { n: test.count }) },
      { value: 'all', text: t('latent.setAll', { n: 10000 }) },
    ],
    onChange: async (v) => {
      shown.set = v;
      params.set('set', v);
      await Promise.all(sides.map((s) => s.reloadPoints()));
    },
  });
  const gridSize = slider({
    label: t('latent.gridSize'),
    name: 'grid',
    min: 0,
    max: 20,
    value: shown.grid,
    format: (v) => (v === 0 ? t('latent.gridOff') : `${v}×${v}`),
    onInput: (v) => {
      shown.grid = v === 0 ? 0 : Math.max(3, v);
      params.set('grid', shown.grid);
      for (const side of sides) side.drawGrid();
    },
  });

  container.append(
    el('h2', { textContent: t('latent.title') }),
    el('p', { className: 'view-intro', textContent: t('latent.intro') }),
    panel(null, el('div', { className: 'row' }, setChoice.root, gridSize.root, classLegend(t))),
    el('div', { className: 'layout halves' }, sides[0].root, sides[1].root));

  await Promise.all(sides.map((side) => side.load(side.state.id)));
  ctx.life.own(models.onTrainedChange(() => {
    for (const side of sides) if (side.state.id === 'trained') side.load('trained');
  }));
}

// The test digits followed by the training digits, as one data set.
function withTraining(test, train) {
  const images = new Float32Array((test.count + train.count) * PIXELS);
  images.set(test.images);
  images.set(train.images, test.images.length);
  const labels = new Int32Array(test.count + train.count);
  labels.set(test.labels);
  labels.set(train.labels, test.count);
  return { name: 'mnist-all', images, labels, count: test.count + train.count };
}
