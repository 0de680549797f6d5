// A point along a path of latent codes (path: steps×Z, e.g. from
// lab.interpolate), at position t in [0, 1], linear between neighbouring codes.
export function pointOnPath(path, Z, t) {
  const steps = path.length / Z;
  const position = Math.min(1, Math.max(0, t)) * (steps - 1);
  const i = Math.min(steps - 2, Math.floor(position));
  const f = position - i;
  const z = new Float32Array(Z);
  for (let d = 0; d < Z; ++d) z[d] = (1 - f) * path[i * Z + d] + f * path[(i + 1) * Z + d];
  return z;
}
