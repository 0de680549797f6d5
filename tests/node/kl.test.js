// The KL lab's and "Inside the VAE"'s numbers through the real WASM module,
// against closed forms written here independently of the C++: discrete KL,
// Gaussian KL both ways and its integral, the fits' end points, the VAE's KL
// term, and, for the shipped VAEs on test digits, the KL per dimension
// summing to the model's own KL and the shown ε being the one the loss uses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { labPromise, loadMnist, repo, subset } from './helpers.js';

const closeTo = (actual, expected, tolerance, what) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);

const gaussianKl = (p, q) =>
  Math.log(q.sigma / p.sigma) + (p.sigma ** 2 + (p.mu - q.mu) ** 2) / (2 * q.sigma ** 2) - 0.5;

async function loadShipped(name) {
  const lab = await labPromise;
  return lab.loadModel(readFileSync(new URL(`models/${name}.safetensors`, repo)));
}

test('discrete KL: terms, both directions, the infinite case, and errors with a code', async () => {
  const lab = await labPromise;
  const kl = lab.discreteKl([2, 1, 1], [1, 1, 2]);
  const p = [0.5, 0.25, 0.25], q = [0.25, 0.25, 0.5];
  p.forEach((pi, i) => closeTo(kl.terms[i], pi * Math.log(pi / q[i]), 1e-15, `term ${i}`));
  closeTo(kl.total, 0.5 * Math.log(2) + 0.25 * Math.log(0.5), 1e-15, 'total');
  const back = lab.discreteKl([1, 1, 2], [2, 1, 1]);
  closeTo(back.total, 0.25 * Math.log(0.5) + 0.5 * Math.log(2), 1e-15, 'reverse total');
  assert.equal(lab.discreteKl([1, 2, 3], [1, 2, 3]).total, 0);
  const infinite = lab.discreteKl([1, 1, 1], [1, 0, 1]);
  assert.equal(infinite.total, Infinity);
  assert.deepEqual(infinite.infiniteAt, [1]);
  assert.ok(Number.isFinite(lab.discreteKl([1, 0, 1], [1, 1, 1]).total));
  assert.throws(() => lab.discreteKl([1, -1], [1, 1]), { code: 'invalid_argument' });
  assert.throws(() => lab.discreteKl([1, 1], [1, 1, 1]), { code: 'invalid_argument' });
});

test('Gaussian KL: closed form both ways, numerical integration within 1e-6', async () => {
  const lab = await labPromise;
  let worst = 0;
  for (const p of [{ mu: 0, sigma: 1 }, { mu: -3, sigma: 0.3 }, { mu: 2, sigma: 2.5 }])
    for (const q of [{ mu: 1, sigma: 1 }, { mu: 0, sigma: 0.5 }, { mu: -4, sigma: 4 }]) {
      closeTo(lab.gaussianKl(p, q), gaussianKl(p, q), 1e-12, 'KL(p‖q)');
      closeTo(lab.gaussianKl(q, p), gaussianKl(q, p), 1e-12, 'KL(q‖p)');
      worst = Math.max(worst, Math.abs(lab.gaussianKlNumeric(p, q) - gaussianKl(p, q)),
        Math.abs(lab.gaussianKlNumeric(q, p) - gaussianKl(q, p)));
    }
  console.log(`Gaussian KL: largest |numeric - closed form| ${worst.toExponential(2)}`);
  assert.ok(worst < 1e-6);
  assert.throws(() => lab.gaussianKl({ mu: 0, sigma: 0 }, { mu: 0, sigma: 1 }), { code: 'invalid_argument' });
  assert.throws(() => lab.gaussianKl({ mu: 0 }, { mu: 0, sigma: 1 }), { code: 'invalid_argument' });
});

test('fits to a two-mode mixture: forward ends at its mean and variance, reverse at one mode', async () => {
  const lab = await labPromise;
  const mixture = { weight: 0.5, first: { mu: -3, sigma: 0.6 }, second: { mu: 3, sigma: 0.6 } };
  const mean = 0, sd = Math.sqrt(0.36 + 9);
  const moments = lab.mixtureMoments(mixture);
  closeTo(moments.mu, mean, 1e-14, 'moment mean');
  closeTo(moments.sigma, sd, 1e-12, 'moment sd');
  const forward = lab.fitGaussian(mixture, { direction: 'forward', start: { mu: 1.5, sigma: 0.5 }, steps: 200 });
  assert.equal(forward.mu.length, 201);
  closeTo(forward.mu.at(-1), mean, 1e-6, 'forward fit mean');
  closeTo(forward.sigma.at(-1), sd, 1e-6, 'forward fit sd');
  const reverse = lab.fitGaussian(mixture, { direction: 'reverse', start: { mu: 1.5, sigma: 0.5 }, steps: 200 });
  closeTo(reverse.mu.at(-1), 3, 1e-3, 'reverse fit mean');
  closeTo(reverse.sigma.at(-1), 0.6, 1e-3, 'reverse fit sd');
  closeTo(reverse.reverse.at(-1), Math.log(2), 1e-3, 'KL(q‖p) at one of two equal modes');
  const density = lab.mixtureDensity(mixture, -3, 3, 3);
  closeTo(density[0], 0.5 / (0.6 * Math.sqrt(2 * Math.PI)), 1e-9, 'mixture density at a mode');
  assert.throws(() => lab.fitGaussian(mixture, { direction: 'sideways', start: { mu: 0, sigma: 1 } }), TypeError);
});

test("the VAE's KL term is ½(σ² + μ² − 1 − log σ²)", async () => {
  const lab = await labPromise;
  for (const [mu, sigma] of [[0, 1], [1.5, 0.4], [-2, 2], [0.3, 0.05]])
    closeTo(lab.vaeKlTerm(mu, sigma), 0.5 * (sigma ** 2 + mu ** 2 - 1 - Math.log(sigma ** 2)), 1e-5, `μ ${mu} σ ${sigma}`);
});

test('shipped VAEs: KL per dimension sums to the model’s KL (1e-4); ε sample 0 is the loss’s ε', async () => {
  const lab = await labPromise;
  const digits = subset(await loadMnist('test'), 5);
  for (const name of ['vae2', 'vae16', 'vae16_beta4']) {
    const model = await loadShipped(name);
    for (let i = 0; i < 5; ++i) {
      const image = digits.images.subarray(i * 784, (i + 1) * 784);
      const { mu, logvar } = model.encodeDistribution(image);
      const perDim = lab.klPerDimension(mu, logvar);
      const loss = model.evaluate(image, { seed: 7 + i });
      closeTo(perDim.reduce((a, b) => a + b, 0), loss.kl, 1e-4, `${name} digit ${i}: Σ KL per dimension`);
      const { z, eps } = lab.samplePosterior(mu, logvar, { count: 12, seed: 7 + i });
      assert.equal(z.length, 12 * model.latentSize);
      const { sigma } = lab.samplePosterior(mu, logvar, { seed: 7 + i });
      for (let j = 0; j < model.latentSize; ++j) {
        closeTo(sigma[j], Math.exp(logvar[j] / 2), 1e-6 * sigma[j], "σ = exp(½ log σ²)");
        closeTo(z[j], mu[j] + sigma[j] * eps[j], 1e-5, "z = μ + σε");
      }
      const decoded = model.decode(z.subarray(0, model.latentSize));
      let bce = 0;
      for (let k = 0; k < 784; ++k) {
        const p = Math.min(Math.max(decoded[k], 1e-7), 1 - 1e-7);
        bce -= image[k] * Math.log(p) + (1 - image[k]) * Math.log(1 - p);
      }
      closeTo(bce, loss.reconstruction, 1e-2 * Math.max(1, loss.reconstruction / 100), `${name} digit ${i}: reconstruction of z₀`);
    }
    model.dispose();
  }
});

test('a larger β leaves fewer latent dimensions active on the test split', async () => {
  const test = await loadMnist('test');
  const active = {};
  for (const name of ['vae16', 'vae16_beta4']) {
    const model = await loadShipped(name);
    const { klPerDim, kl } = model.evaluate(test.images, { seed: 1 });
    active[name] = Array.from(klPerDim).filter((v) => v > 0.1).length;
    console.log(`${name}: KL ${kl.toFixed(3)} nats; per dimension ${Array.from(klPerDim, (v) => v.toFixed(2)).join(' ')}`);
    model.dispose();
  }
  assert.ok(active.vae16_beta4 < active.vae16, `active dimensions: ${JSON.stringify(active)}`);
});
