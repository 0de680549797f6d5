// One side of the Interpolate view: a model, its latent map with the path
// between the endpoints' codes, the frame at the current position and the
// strip of frames along the path.
//
//   const side = interpolateSide(ctx, { key, initialId, ids, test, lab, ends, options, onPick, onLoad });
//   await side.load(id); side.recompute(); side.render(t); side.frames(); side.morph(count)
import { el, panel } from '../ui/controls.js';
import { digitFigure, drawDigit, drawDigitGrid, PIXELS } from '../ui/digits.js';
import { LatentScatter } from '../ui/scatter.js';
import { describeModel, modelName, modelSelect } from '../ui/modelinfo.js';
import { defaultProjection } from '../ui/projection.js';
import { pointOnPath } from '../ui/path.js';

const STRIP = 10; // frames in the strip
const PATH = 201; // codes along the path for the animation and the drawn line

// options: { spherical } (read when recomputing); onPick(modelId, x, y): a click on the map;
// onLoad(): a model was loaded (draw the frame).
export function interpolateSide(ctx, { key, initialId, ids, test, lab, ends, options, onPick, onLoad }) {
  const { t, models } = ctx;
  const current = digitFigure(t('interp.current'), { className: 'digit large' });
  current.root.dataset.side = key;
  const strip = el('canvas', { className: 'grid', attrs: { role: 'img', 'aria-label': t('interp.strip') } });
  const info = el('small', { className: 'panel-note' });
  const map = new LatentScatter({ t, life: ctx.life, label: t('interp.mapLabel'), onPick: (x, y) => onPick(side.id, x, y) });
  const chooser = modelSelect({ t, ids, value: initialId, label: t('interp.model'), name: `model-${key}`, onChange: (id) => side.load(id) });
  const root = panel(null,
    el('div', { className: 'row' }, chooser.root),
    info,
    map.root,
    el('h3', { className: 'subhead', textContent: t('interp.strip') }),
    el('div', { className: 'strip' }, strip));
  let model = null, projection = null, path = null, projectedPath = null, strips = null, image = null;
  const codeOf = (endpoint) => (endpoint.point?.model === model ? endpoint.point.z : model.encode(endpoint.image));
  const side = {
    key,
    id: initialId,
    root,
    current,
    async load(id) {
      try {
        const loaded = await models.get(id);
        const codes = await models.codes(loaded, test);
        side.id = id;
        model = loaded;
        projection = defaultProjection(lab, codes, model.latentSize);
        info.textContent = describeModel(model, t) + (model.latentSize > 2 ? ` · ${t('interp.pcaNote')}` : '');
        current.caption.textContent = modelName(id, t);
        map.setPoints(projection.project(codes), test.labels);
        ctx.params.set(key, id);
        side.recompute();
        onLoad();
      } catch (error) {
        ctx.messages.error(error);
      }
    },
    recompute() {
      if (!model || model.disposed || !ends.a || !ends.b) return;
      const za = codeOf(ends.a), zb = codeOf(ends.b);
      path = lab.interpolate(za, zb, PATH, { spherical: options.spherical });
      strips = model.interpolate(za, zb, STRIP, { spherical: options.spherical }).images;
      drawDigitGrid(strip, strips, { columns: STRIP });
      projectedPath = projection.project(path);
    },
    render(position) {
      if (!path || model.disposed) return;
      const z = pointOnPath(path, model.latentSize, position);
      image = model.decode(z);
      drawDigit(current.canvas, image);
      current.metric.textContent = `t = ${t.number(position, 2)}`;
      const line = Array.from({ length: PATH }, (_, k) => [projectedPath[2 * k], projectedPath[2 * k + 1]]);
      const [cx, cy] = projection.project(z);
      map.setOverlay({
        path: line,
        marks: [
          { x: cx, y: cy, radius: 11, color: '#111' },
          { x: line[0][0], y: line[0][1], text: 'A', color: '#2f6fdf' },
          { x: line[PATH - 1][0], y: line[PATH - 1][1], text: 'B', color: '#c43d3d' },
        ],
      });
    },
    // count frames from A to B and back (the GIF the share menu offers), or null before the path exists.
    morph(count) {
      if (!model || model.disposed || !ends.a || !ends.b) return null;
      const forward = model.interpolate(codeOf(ends.a), codeOf(ends.b), count, { spherical: options.spherical }).images;
      const frames = new Float32Array((2 * count - 2) * PIXELS);
      frames.set(forward);
      for (let k = 1; k < count - 1; ++k) frames.set(forward.subarray((count - 1 - k) * PIXELS, (count - k) * PIXELS), (count - 1 + k) * PIXELS);
      return frames;
    },
    // For the tests, copied only when asked: the current frame and the strip's ends.
    frames() {
      if (!strips || !image) return null;
      return { current: Array.from(image), first: Array.from(strips.subarray(0, PIXELS)), last: Array.from(strips.subarray((STRIP - 1) * PIXELS)) };
    },
  };
  return side;
}
