// Figures to take away: any canvas of the page as a PNG at 2× or 4×, and
// digit animations as animated GIFs (gifenc, web/vendor/gifenc). Pixel
// figures (digits, grids, maps: CSS image-rendering: pixelated) are enlarged
// pixel for pixel, so a 28×28 digit stays sharp on a slide; charts are
// resampled smoothly from their own resolution (device pixels).
import { applyPalette, GIFEncoder, quantize } from '../vendor/gifenc/gifenc.esm.js';

export const SCALES = [2, 4];
const GRAY_PALETTE = Array.from({ length: 256 }, (_, v) => [v, v, v]);

// The canvas enlarged `scale` times its on-screen size (CSS pixels).
export function scaledCanvas(source, scale) {
  const rect = source.getBoundingClientRect();
  const width = Math.max(1, Math.round((rect.width || source.width) * scale));
  const height = Math.max(1, Math.round((rect.height || source.height) * scale));
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const context = out.getContext('2d');
  const pixelated = getComputedStyle(source).imageRendering === 'pixelated';
  context.imageSmoothingEnabled = !pixelated;
  context.imageSmoothingQuality = 'high';
  // A chart's canvas is transparent where nothing was drawn: slides want white.
  if (!pixelated) {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  }
  context.drawImage(source, 0, 0, width, height);
  return out;
}

export function canvasToPngBlob(canvas) {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob failed'))), 'image/png'));
}

// Frames: N images of height×width values in [0, 1] (white ink on black),
// each pixel becoming scale×scale pixels of the GIF. delay in milliseconds.
export function digitAnimationGif(frames, { count, height = 28, width = 28, scale = 4, delay = 80 }) {
  const size = height * width;
  if (!(frames.length === count * size && count > 0)) throw new RangeError(`expected ${count} frames of ${size} values, got ${frames.length} values`);
  const W = width * scale;
  const H = height * scale;
  const gif = GIFEncoder();
  const indices = new Uint8Array(W * H);
  for (let f = 0; f < count; ++f) {
    for (let y = 0; y < H; ++y) {
      const row = f * size + Math.floor(y / scale) * width;
      for (let x = 0; x < W; ++x) {
        const v = frames[row + Math.floor(x / scale)];
        indices[y * W + x] = Math.round(255 * Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)));
      }
    }
    gif.writeFrame(indices, W, H, { palette: f === 0 ? GRAY_PALETTE : undefined, delay, repeat: 0 });
  }
  gif.finish();
  return gif.bytes();
}

export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// File names say the view, the figure and the state: latentlab-sample-vae16-n8-temp1-seed1-grid@2x.png
export function figureFileName(parts, extension) {
  const slug = parts
    .filter((part) => part !== undefined && part !== null && part !== '')
    .map((part) => String(part).normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, ''))
    .filter(Boolean)
    .join('-')
    .slice(0, 120);
  return `latentlab-${slug}.${extension}`;
}

// Snapshots of a colour figure (e.g. a latent map after each epoch), ImageData
// of one size, as a GIF with one palette for all frames (built from a sample
// of every frame, so no frame's colours are lost).
export function snapshotsGif(snapshots, { delay = 300 } = {}) {
  if (snapshots.length === 0) throw new RangeError('no frames to encode');
  const { width, height } = snapshots[0];
  const stride = Math.max(1, Math.floor(snapshots.length / 8));
  const sample = snapshots.filter((_, i) => i % stride === 0 || i === snapshots.length - 1);
  const joined = new Uint8ClampedArray(sample.length * width * height * 4);
  sample.forEach((s, i) => joined.set(s.data, i * width * height * 4));
  const palette = quantize(joined, 256);
  const gif = GIFEncoder();
  snapshots.forEach((snapshot, f) => {
    if (snapshot.width !== width || snapshot.height !== height) throw new RangeError('all frames must have the same size');
    gif.writeFrame(applyPalette(snapshot.data, palette), width, height, { palette: f === 0 ? palette : undefined, delay, repeat: 0 });
  });
  gif.finish();
  return gif.bytes();
}
