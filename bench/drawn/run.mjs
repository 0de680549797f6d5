// How often a reconstruction keeps its class, before and after training with
// data augmentation (issue 12, point 3). The class of an image is the label of
// its nearest training digit in pixel space (lab.nearestLabels, C++).
//
//   node bench/drawn/run.mjs BEFORE_DIR AFTER_DIR [model ...]   (default models: ae2 vae2 vae16)
//
// Two sets of "drawn-looking" inputs:
//   1. test digits (data/mnist-test, all 2004) transformed the way drawings
//      differ from MNIST, by src/data/augment.hpp's fixed transform
//      (lab.transformDigits): thicker strokes, rotation, shear, shift, and all together;
//   2. digits drawn on the page's pad by scripted pointer strokes (bench/drawn/strokes.mjs:
//      simple polylines of 0–9 in 6 sizes/slants/positions, drawn with the mouse in
//      headless Chromium on ?view=draw) and read from the Draw view's hook, i.e.
//      exactly what the page feeds its models after lab.mnistify.
// For each, "kept" = the reconstruction's class is the digit's true class; the
// inputs' own nearest-neighbour accuracy is printed beside, as the ceiling.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { loadLatentLab } from '../../web/latentlab.js';
import { gotoView, launchBrowser, startServer } from '../../tests/browser/helpers.js';
import { DIGITS, VARIANTS, variantStrokes } from './strokes.mjs';

const [beforeDir, afterDir, ...names] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error('usage: node bench/drawn/run.mjs BEFORE_DIR AFTER_DIR [model ...]');
  process.exit(2);
}
const MODELS = names.length ? names : ['ae2', 'vae2', 'vae16'];
const root = resolve(new URL('../..', import.meta.url).pathname);

const TRANSFORMS = {
  'MNIST as is': {},
  'thicker strokes': { stroke: 1 },
  'rotated 15°': { rotation: 15 },
  'rotated -15°': { rotation: -15 },
  'sheared 0.3': { shear: 0.3 },
  'shifted 2 px': { shiftRows: 2, shiftCols: -2 },
  'all: thick, -10°, shear 0.2, shift 1 px': { stroke: 1, rotation: -10, shear: 0.2, shiftRows: 1, shiftCols: 1 },
};

async function loadSplit(lab, split) {
  const read = (kind) => lab.parseIdx(readFileSync(join(root, `data/mnist-${split}-${kind}-ubyte.gz`)));
  const [images, labels] = await Promise.all([read('images-idx3'), read('labels-idx1')]);
  return { images: Float32Array.from(images.values, (v) => v / 255), labels: Int32Array.from(labels.values) };
}

// The inputs the page's Draw view computes from scripted strokes (mnistified 28×28).
async function drawnDigits() {
  const server = await startServer();
  const { browser, close } = await launchBrowser();
  const images = [], labels = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await context.newPage();
    await gotoView(page, `${server.url}?view=draw&lang=en`);
    const box = await page.locator('.drawpad-canvas').first().boundingBox();
    const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
    for (let digit = 0; digit < DIGITS.length; ++digit) {
      for (const variant of VARIANTS) {
        await page.click('[data-name=clear]');
        await page.waitForFunction(() => window.__latentlab.views.draw?.input === null);
        for (const stroke of variantStrokes(digit, variant)) {
          await page.mouse.move(...at(stroke[0]));
          await page.mouse.down();
          for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 2 });
          await page.mouse.up();
        }
        await page.waitForFunction(() => /digit=d/.test(location.href));
        await page.waitForTimeout(50);
        images.push(...(await page.evaluate(() => window.__latentlab.views.draw.input)));
        labels.push(digit);
      }
    }
    await context.close();
  } finally {
    await close();
    server.stop();
  }
  return { images: Float32Array.from(images), labels: Int32Array.from(labels) };
}

function keptShare(lab, train, queries, labels) {
  const { perQuery } = lab.nearestLabels(train, queries);
  let kept = 0;
  for (let i = 0; i < labels.length; ++i) kept += perQuery[i] === labels[i];
  return kept / labels.length;
}

async function main() {
  const lab = await loadLatentLab();
  const [train, test] = await Promise.all([loadSplit(lab, 'train'), loadSplit(lab, 'test')]);
  const models = {};
  for (const name of MODELS)
    for (const [when, dir] of [['before', beforeDir], ['after', afterDir]])
      models[`${name} ${when}`] = lab.loadModel(readFileSync(join(dir, `${name}.safetensors`)));
  const sets = Object.entries(TRANSFORMS).map(([name, t]) => [name, { images: lab.transformDigits(test.images, t), labels: test.labels }]);
  console.error('drawing on the pad in headless Chromium...');
  sets.push([`drawn on the pad (${DIGITS.length}×${VARIANTS.length} scripted strokes)`, await drawnDigits()]);

  const pct = (x) => `${(100 * x).toFixed(1)}%`.padStart(6);
  console.log(`class kept by the reconstruction (nearest training digit's label = true class), before → after augmentation`);
  console.log(`before: ${beforeDir}   after: ${afterDir}`);
  console.log(`${'inputs'.padEnd(44)} ${'input'.padStart(6)}  ${MODELS.map((m) => m.padStart(15)).join(' ')}`);
  for (const [name, set] of sets) {
    const cells = MODELS.map((m) => {
      const b = keptShare(lab, train, models[`${m} before`].reconstruct(set.images), set.labels);
      const a = keptShare(lab, train, models[`${m} after`].reconstruct(set.images), set.labels);
      return `${pct(b)} →${pct(a)}`;
    });
    console.log(`${name.padEnd(44)} ${pct(keptShare(lab, train, set.images, set.labels))}  ${cells.join(' ')}`);
  }
  for (const model of Object.values(models)) model.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
