// The prior N(0, T² I) on a 2-D map: dashed circles of radius T and 2T about
// the origin. In two dimensions a sample falls inside radius kT with
// probability 1 − exp(−k²/2): 39% inside T, 86% inside 2T (labelled so).
//
//   layer.draw((ctx) => drawPriorCircles(ctx, plot.toScreen.bind(plot), { temperature: 1, t }));

export function insideShare(k) {
  return 1 - Math.exp(-(k * k) / 2);
}

export function drawPriorCircles(ctx, toScreen, { temperature = 1, t, color = '#c0392b' } = {}) {
  const [cx, cy] = toScreen(0, 0);
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.font = '12px system-ui, sans-serif';
  for (const k of [1, 2]) {
    const [ex] = toScreen(k * temperature, 0);
    const radius = Math.abs(ex - cx);
    ctx.setLineDash(k === 1 ? [6, 4] : [2, 4]);
    ctx.beginPath();
    ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
    ctx.stroke();
    if (t) {
      const label = t('coverage.circleLabel', { k: k === 1 ? '' : String(k), share: t.number(100 * insideShare(k), 0) });
      // T's label above right of its circle, 2T's below right, so they never overlap.
      const dy = k === 1 ? -radius * Math.SQRT1_2 - 4 : radius * Math.SQRT1_2 + 14;
      ctx.fillText(label, cx + radius * Math.SQRT1_2 + 4, cy + dy);
    }
  }
  ctx.restore();
}
