// Simple polylines of the digits 0–9, in pad fractions (x right, y down), as a
// person might draw them with a mouse: a few strokes each, no MNIST style.
// Each is drawn in VARIANTS: sizes, slants and positions that drawings take.
const arc = (cx, cy, rx, ry, from, to, steps = 24) =>
  Array.from({ length: steps + 1 }, (_, i) => {
    const a = from + ((to - from) * i) / steps;
    return [cx + rx * Math.sin(a), cy - ry * Math.cos(a)];
  });
const PI = Math.PI;

export const DIGITS = [
  [arc(0.5, 0.5, 0.2, 0.3, 0, 2 * PI, 40)],
  [[[0.42, 0.28], [0.52, 0.2], [0.52, 0.8]], [[0.4, 0.8], [0.64, 0.8]]],  // serifed 1
  [[...arc(0.5, 0.36, 0.18, 0.16, -PI / 2, PI * 0.7), [0.32, 0.8], [0.7, 0.8]]],
  [[...arc(0.5, 0.34, 0.17, 0.14, -PI * 0.6, PI), ...arc(0.5, 0.64, 0.19, 0.16, 0, PI * 1.6)]],
  [[[0.58, 0.2], [0.3, 0.6], [0.72, 0.6]], [[0.6, 0.4], [0.6, 0.82]]],  // closed-top 4
  [[[0.68, 0.2], [0.38, 0.2], [0.35, 0.46], ...arc(0.5, 0.62, 0.19, 0.18, -PI * 0.35, PI * 1.3)]],
  [[[0.64, 0.2], ...arc(0.5, 0.62, 0.18, 0.18, -PI * 0.8, PI * 1.2)]],
  [[[0.3, 0.2], [0.7, 0.2], [0.45, 0.8]], [[0.4, 0.5], [0.62, 0.5]]],  // crossed 7
  [[...arc(0.5, 0.33, 0.15, 0.13, PI, 3 * PI), ...arc(0.5, 0.63, 0.19, 0.17, 0, 2 * PI)]],
  [[...arc(0.5, 0.36, 0.17, 0.16, PI / 2, PI * 2.5), [0.67, 0.36], [0.62, 0.8]]],  // angular 9
];

// [scale, slant (x += slant · (y − 0.5)), dx, dy]
export const VARIANTS = [
  [1, 0, 0, 0], [0.8, 0, 0, 0], [1.15, 0, 0, 0], [1, 0.25, 0, 0], [1, -0.2, 0, 0], [0.9, 0.15, 0.1, -0.05],
];

export function variantStrokes(digit, [scale, slant, dx, dy]) {
  return DIGITS[digit].map((stroke) =>
    stroke.map(([x, y]) => {
      const sx = 0.5 + (x - 0.5) * scale, sy = 0.5 + (y - 0.5) * scale;
      return [sx + slant * (sy - 0.5) + dx, sy + dy];
    }));
}
