// The measured "holes" on one side of the Latent view: for a 2-D model, the
// map's cells farther from every training code than the coverage threshold are
// shaded (ui/coverage/holes.js) and the prior's 1T and 2T circles are drawn at
// T = 1 (ui/coverage/prior.js), on a layer over the map. Only for 2-D codes: on
// a projection of more dimensions a distance in the plane is not a distance
// between codes.
//
//   const holes = latentHoles(ctx, { lab, map, legend });
//   holes.show(trainingCodes);   // N×2 codes (after the map was fitted), or null to clear
//   holes.redraw();              // after the map moved
import { drawHoles, holesGrid } from '../ui/coverage/holes.js';
import { MapLayer } from '../ui/coverage/layer.js';
import { drawPriorCircles } from '../ui/coverage/prior.js';

// Measured once per training-codes array and map extent (the threshold compares
// every code with every other), kept in ctx.shared: a revisit redraws without measuring.
function measure({ shared }, lab, codes, bounds) {
  const measured = (shared.latentHoles ??= new WeakMap()); // codes -> { key, holes }
  const key = JSON.stringify(bounds);
  if (measured.get(codes)?.key !== key) measured.set(codes, { key, holes: holesGrid(lab, codes, bounds) });
  return measured.get(codes).holes;
}

export function latentHoles(ctx, { lab, map, legend }) {
  const { t, life } = ctx;
  const layer = life.own(new MapLayer(map.canvas));
  let holes = null;
  layer.draw((context) => {
    if (!holes) return;
    const toScreen = map.toScreen.bind(map);
    drawHoles(context, toScreen, holes);
    drawPriorCircles(context, toScreen, { temperature: 1, t });
  });
  return {
    // What was measured, for the view's test hook: the threshold and the share of cells beyond it.
    show(codes) {
      holes = codes ? measure(ctx, lab, codes, map.bounds) : null;
      legend.hidden = !holes;
      layer.redraw();
      if (!holes) return null;
      let far = 0;
      for (const distance of holes.grid) far += distance > holes.threshold;
      return { threshold: holes.threshold, farCells: far / holes.grid.length };
    },
    redraw: () => layer.redraw(),
  };
}
