// A digit chosen by the student, written into the URL so a link reproduces it:
//   t123        test digit number 123 (data/mnist-test, 0-based)
//   d<base64>   a drawn digit: 784 bytes (pixel × 255, rounded), base64url (1 045 characters)
//   z<x>,<y>    a point of a 2-D latent map (decoded by the model the view names)
export function testRef(index) {
  return `t${index}`;
}

export function drawnRef(pixels) {
  let binary = '';
  for (let i = 0; i < pixels.length; ++i) binary += String.fromCharCode(Math.round(255 * Math.min(1, Math.max(0, pixels[i]))));
  return `d${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export function pointRef(x, y) {
  return `z${x.toFixed(3)},${y.toFixed(3)}`;
}

// -> { kind: 'test', index } | { kind: 'drawn', pixels } | { kind: 'point', x, y } | null when malformed.
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
    const parts = body.split(',').map(Number);
    if (parts.length !== 2 || !parts.every((v) => Number.isFinite(v) && Math.abs(v) < 1e3)) return null;
    return { kind: 'point', x: parts[0], y: parts[1] };
  }
  return null;
}
