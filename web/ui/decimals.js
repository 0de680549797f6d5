// How many decimals a value needs to be shown exactly (up to `max`): 1 → 0,
// 0.5 → 1, 3.75 → 2, 1e-3 → 3, 2.5e-4 → 5. The page writes rates and β with
// t.number(v, decimalsOf(v)), so they read in the page's locale (0,00025).
export function decimalsOf(v, max = 8) {
  for (let d = 0; d < max; ++d) {
    const scaled = v * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return d;
  }
  return max;
}
