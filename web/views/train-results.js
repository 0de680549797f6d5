// What the Train view shows of the model itself: ten fixed test digits (one
// per class) with their reconstructions, and the latent map of every other
// test digit, after each epoch or for a loaded model.
//
//   const results = trainResults(ctx, { lab, test });
//   results.root; results.show(reconstructions, codes, Z); results.showModel(model)
//   results.input(): the preview and scatter digits, as the session sends them to the worker
import { el, panel } from '../ui/controls.js';
import { classLegend, drawDigitGrid, PIXELS } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { pcaProjection } from '../ui/projection.js';

export function trainResults(ctx, { lab, test }) {
  const { t, data } = ctx;
  const previewIndices = Array.from({ length: 10 }, (_, d) => data.indicesOf(test, d)[0]);
  const scatterIndices = Array.from({ length: Math.ceil(test.count / 2) }, (_, i) => 2 * i);
  const previewOriginals = data.gather(test, previewIndices);
  const previewLabels = Int32Array.from(previewIndices, (i) => test.labels[i]);
  const scatterLabels = Int32Array.from(scatterIndices, (i) => test.labels[i]);
  const previewCanvas = el('canvas', { className: 'grid', attrs: { role: 'img', 'aria-label': t('train.previewLabel') } });
  const map = new LatentScatter({ t, life: ctx.life, label: t('train.mapLabel') });
  const mapNote = el('small', { className: 'panel-note' });

  function drawPreviews(reconstructions) {
    const both = new Float32Array(20 * PIXELS);
    both.set(previewOriginals);
    if (reconstructions) both.set(reconstructions, 10 * PIXELS);
    drawDigitGrid(previewCanvas, both, { columns: 10 });
  }
  // Z = 1: the code horizontally, one row per class; Z > 2: the two principal components.
  function drawMap(codes, Z) {
    if (!codes) return;
    let xy;
    if (Z === 1) xy = Float32Array.from({ length: codes.length * 2 }, (_, i) => (i % 2 === 0 ? codes[i / 2] : scatterLabels[(i - 1) / 2] * 0.3));
    else if (Z === 2) xy = codes;
    else xy = pcaProjection(lab, codes, Z).project(codes);
    map.setPoints(xy, scatterLabels);
    mapNote.textContent = Z === 1 ? t('train.map1d') : Z === 2 ? t('train.map2d') : t('train.mapPca', { z: Z });
  }
  drawPreviews(null);
  return {
    input: () => ({
      preview: previewOriginals,
      previewLabels,
      scatter: { images: data.gather(test, scatterIndices), labels: scatterLabels },
    }),
    root: el('div', { className: 'layout halves p-results' },
      panel(t('train.previewTitle'), previewCanvas, el('p', { className: 'panel-note', textContent: t('train.previewNote') })),
      panel(t('train.mapTitle'), map.root, mapNote, classLegend(t))),
    // The latent map's canvas, for the epoch snapshots (train-snapshots.js).
    get mapCanvas() {
      return map.canvas;
    },
    show(reconstructions, codes, Z) {
      drawPreviews(reconstructions);
      drawMap(codes, Z);
    },
    showModel(model) {
      const labels = model.isConditional ? previewLabels : undefined;
      drawPreviews(model.reconstruct(previewOriginals, labels));
      drawMap(model.encode(data.gather(test, scatterIndices), model.isConditional ? scatterLabels : undefined), model.latentSize);
    },
  };
}
