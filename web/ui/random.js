// Small seeded generators for what the page draws at random (scribble noise,
// latent codes): the same seed gives the same picture, so a URL reproduces it.

// Uniform numbers in (0, 1) from xorshift32.
export function uniforms(seed) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
}

// count values from N(0, scale²), seeded (Box–Muller over uniforms(seed)).
export function normals(seed, count, scale = 1) {
  const next = uniforms(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; ++i) out[i] = scale * Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  return out;
}
