// Per-row work over a whole data set in slices of SLICE_ROWS rows, yielding to
// the page after each slice, so it keeps drawing and taking input meanwhile.
//
//   const scores = await inSlices(images, (rows, start, end) => f(rows), { life, onProgress });
//   const codes = await inSlices(images, (rows) => model.encode(rows), { rowSize: 784, width: Z });
// compute returns `width` values per row; the result is rows × width. With a
// life (ctx.life), resolves null once the view was left.
export const SLICE_ROWS = 256;

export const yieldToPage = () =>
  globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));

export async function inSlices(images, compute, { rowSize = 784, width = 1, life = null, onProgress = () => {} } = {}) {
  const total = images.length / rowSize;
  const out = new Float32Array(total * width);
  for (let row = 0; row < total; row += SLICE_ROWS) {
    if (life?.left) return null;
    const end = Math.min(total, row + SLICE_ROWS);
    out.set(compute(images.subarray(row * rowSize, end * rowSize), row, end), row * width);
    onProgress(end, total);
    await yieldToPage();
  }
  return out;
}
