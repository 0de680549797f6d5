// The Train view's latent map after each epoch of a run, for the GIF the share
// menu offers (ui/export.js snapshotsGif). Frames are scaled to at most
// MAX_WIDTH pixels on white; past MAX_FRAMES every other frame is dropped and
// from then on only every 2nd (4th, …) epoch is kept, so a long run stays small.
//
//   const snapshots = new EpochSnapshots();
//   snapshots.reset();            // a run starts
//   snapshots.add(map.canvas);    // after the map of an epoch was drawn
//   snapshots.count; snapshots.gif()
import { snapshotsGif } from '../ui/export.js';

const MAX_WIDTH = 320;
const MAX_FRAMES = 48;

export class EpochSnapshots {
  #frames = [];
  #stride = 1;
  #seen = 0;

  reset() {
    this.#frames = [];
    this.#stride = 1;
    this.#seen = 0;
  }

  add(canvas) {
    if (this.#seen++ % this.#stride !== 0 || canvas.width === 0 || canvas.height === 0) return;
    const scale = Math.min(1, MAX_WIDTH / canvas.width);
    const width = Math.max(1, Math.round(canvas.width * scale));
    const height = Math.max(1, Math.round(canvas.height * scale));
    const copy = document.createElement('canvas');
    Object.assign(copy, { width, height });
    const context = copy.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(canvas, 0, 0, width, height);
    const frame = context.getImageData(0, 0, width, height);
    // The map was resized (a rotated phone): the GIF starts again at this size.
    if (this.#frames.length > 0 && (this.#frames[0].width !== width || this.#frames[0].height !== height)) this.#frames = [];
    this.#frames.push(frame);
    if (this.#frames.length > MAX_FRAMES) {
      this.#frames = this.#frames.filter((_, i) => i % 2 === 0);
      this.#stride *= 2;
    }
  }

  get count() {
    return this.#frames.length;
  }

  gif() {
    return snapshotsGif(this.#frames);
  }
}
