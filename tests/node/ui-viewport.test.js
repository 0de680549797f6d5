// The scatter plot's view geometry (web/ui/viewport.js): pure functions, no DOM.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  fitView, MARGIN, niceStep, panView, pinchState, pinchView, plotCentre, robustBounds, ticks, toData, toScreen, visibleRect, zoomView,
} from '../../web/ui/viewport.js';

const size = { width: 446, height: 332 }; // a 400×300 plot inside the margins
const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test('the plot is inset by the margins and centred', () => {
  assert.equal(size.width - MARGIN.left - MARGIN.right, 400);
  assert.equal(size.height - MARGIN.top - MARGIN.bottom, 300);
  assert.deepEqual(plotCentre(size), [MARGIN.left + 200, MARGIN.top + 150]);
});

test('toData inverts toScreen, and y grows upwards', () => {
  const view = { cx: 1.5, cy: -2, scale: 37 };
  for (const [x, y] of [[0, 0], [1.5, -2], [-3.25, 7], [100, -100]]) {
    const [sx, sy] = toScreen(view, size, x, y);
    const [x2, y2] = toData(view, size, sx, sy);
    close(x2, x);
    close(y2, y);
  }
  const [, low] = toScreen(view, size, 0, 0);
  const [, high] = toScreen(view, size, 0, 1);
  assert.ok(high < low, 'a larger y is higher on the screen');
  assert.deepEqual(toScreen(view, size, 1.5, -2), plotCentre(size));
});

test('fitView shows the whole rectangle with equal scales', () => {
  const bounds = { x0: -1, x1: 3, y0: 0, y1: 1 };
  const view = fitView(bounds, size);
  assert.deepEqual([view.cx, view.cy], [1, 0.5]);
  assert.equal(view.scale, 100); // 400 px over 4 units; 300 px over 1 unit would allow 300
  const visible = visibleRect(view, size);
  assert.ok(visible.x0 <= bounds.x0 && visible.x1 >= bounds.x1 && visible.y0 <= bounds.y0 && visible.y1 >= bounds.y1);
  close(visible.x1 - visible.x0, 4);
  close(visible.y1 - visible.y0, 3);
});

test('zoomView keeps the point under the cursor fixed', () => {
  const view = { cx: 0, cy: 0, scale: 50 };
  const at = [120, 40];
  const before = toData(view, size, ...at);
  const zoomed = zoomView(view, size, 2.5, at);
  assert.equal(zoomed.scale, 125);
  const after = toData(zoomed, size, ...at);
  close(after[0], before[0]);
  close(after[1], before[1]);
  // Zooming at the centre keeps the centre; the scale is bounded.
  assert.deepEqual(zoomView(view, size, 2), { cx: 0, cy: 0, scale: 100 });
  assert.equal(zoomView(view, size, 1e12).scale, 1e6);
  assert.equal(zoomView(view, size, 1e-12).scale, 1e-3);
});

test('panView moves the data with the pointer', () => {
  const view = { cx: 0, cy: 0, scale: 10 };
  const point = toScreen(view, size, 2, 3);
  const moved = panView(view, 15, -25);
  const [sx, sy] = toScreen(moved, size, 2, 3);
  close(sx, point[0] + 15);
  close(sy, point[1] - 25);
});

test('pinchView: spreading two fingers zooms about their centre, moving them pans', () => {
  const view = { cx: 0, cy: 0, scale: 40 };
  const from = pinchState([100, 100], [200, 100]);
  assert.deepEqual(from, { centre: [150, 100], distance: 100 });
  const anchor = toData(view, size, ...from.centre);
  const to = pinchState([60, 120], [260, 120]); // twice as far apart, centre moved by (10, 20)
  const pinched = pinchView(view, size, from, to);
  assert.equal(pinched.scale, 80);
  const [sx, sy] = toScreen(pinched, size, ...anchor);
  close(sx, 160);
  close(sy, 120);
  assert.equal(pinchState([5, 5], [5, 5]).distance, 1, 'coincident fingers never divide by zero');
});

test('robustBounds ignores the outer 1% of the points and pads the rest', () => {
  const n = 1000;
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; ++i) (xy[2 * i] = i / (n - 1)), (xy[2 * i + 1] = 2 * (i / (n - 1)));
  xy[0] = -1000; // one far outlier
  const b = robustBounds(xy);
  assert.ok(b.x0 > -0.1 && b.x0 < 0, `outlier ignored (x0 ${b.x0})`);
  assert.ok(b.x1 > 1 && b.x1 < 1.1, `x1 ${b.x1}`);
  assert.ok(b.y1 > 2 && b.y1 < 2.2, `y1 ${b.y1}`);
  assert.deepEqual(robustBounds(new Float32Array(0)), { x0: -3, x1: 3, y0: -3, y1: 3 });
  const single = robustBounds(Float32Array.of(5, 5));
  assert.ok(single.x1 > single.x0 && single.y1 > single.y0, 'a single point still has an area');
});

test('niceStep and ticks give round steps', () => {
  assert.equal(niceStep(10, 5), 2);
  assert.equal(niceStep(7, 5), 2);
  assert.equal(niceStep(1, 5), 0.2);
  assert.equal(niceStep(30, 5), 10);
  assert.equal(niceStep(0.03, 5), 0.01);
  assert.deepEqual(ticks(-3.1, 4.2, 2), [-2, 0, 2, 4]);
  assert.deepEqual(ticks(0, 1, 0.5), [0, 0.5, 1]);
});
