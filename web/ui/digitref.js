// A digit chosen by the student, written into the URL so a link reproduces it:
//   t123        test digit number 123 (data/mnist-test, 0-based)
//   d<base64>   a drawn digit: 784 bytes (pixel × 255, rounded), base64url (1 045 characters)
//   z<model>:<x>,<y>   a point clicked on the latent map of a model (its 2-D map
//               coordinates; the view decodes it with that model)
export function testRef(index) {
  return `t${index}`;
}

export function drawnRef(pixels) {
  let binary = '';
  for (let i = 0; i < pixels.length; ++i) binary += String.fromCharCode(Math.round(255 * Math.min(1, Math.max(0, pixels[i]))));
  return `d${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export function pointRef(modelId, x, y) {
  return `z${modelId}:${x.toFixed(3)},${y.toFixed(3)}`;
}

// -> { kind: 'test', index } | { kind: 'drawn', pixels } | { kind: 'point', modelId, x, y } | null when malformed.
// testCount bounds test indices.
export function parseRef(text, testCount) {
  if (typeof text !== 'string' || text.length < 2) return null;
  const body = text.slice(1);
  if (text[0] === 't') {
    if (!/^\d+$/.test(body)) return null;
    const index = Number(body);
    return index < testCount ? { kind: 'test', index } : null;
  }
  if (text[0] === 'd') {
    try {
      const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
      if (binary.length !== 784) return null;
      const pixels = new Float32Array(784);
      for (let i = 0; i < 784; ++i) pixels[i] = binary.charCodeAt(i) / 255;
      return { kind: 'drawn', pixels };
    } catch {
      return null;
    }
  }
  if (text[0] === 'z') {
    const match = /^([a-z0-9_]+):(.+)$/.exec(body);
    if (!match) return null;
    const parts = match[2].split(',').map(Number);
    if (parts.length !== 2 || !parts.every((v) => Number.isFinite(v) && Math.abs(v) < 1e3)) return null;
    return { kind: 'point', modelId: match[1], x: parts[0], y: parts[1] };
  }
  return null;
}
