// The PyTorch bridge, both ways (docs/PYTORCH.md): PyTorch (python/latentlab_torch,
// run by tests/python/bridge_fixtures.py) and WASM give the same outputs for every
// shipped model and for models trained 20 steps on either side; a pytorch/examples
// VAE written by torch loads under its own names, from safetensors or (converted)
// from a DataParallel .pt; names that fit nothing, ambiguous names and bad files are
// refused with their codes and messages.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { labPromise, loadMnist, maxAbsDiff, readSafetensorsF32, repo, subset } from './helpers.js';

const root = fileURLToPath(repo);
const python = (...args) => execFileSync('/usr/bin/python3', args, {
  cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(root, 'python') },
});
const fixtures = join(root, 'tests/python/bridge_fixtures.py');
const TOLERANCE = 1e-5;
let dir;
const bytesOf = (name) => new Uint8Array(readFileSync(join(dir, name)));

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'latentlab-bridge-'));
  python(fixtures, 'shipped', dir);
  python(fixtures, 'torch', dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

// Every output of the model against PyTorch's file; returns the largest difference per output.
function compareOutputs(model, expected) {
  const t = expected.tensors;
  const labels = t.labels ? Array.from(t.labels.values) : undefined;
  const diffs = {
    encode: maxAbsDiff(model.encode(t.inputs.values, labels), t.codes.values),
    decode: maxAbsDiff(model.decode(t.latents.values, labels), t.decoded.values),
    reconstruct: maxAbsDiff(model.reconstruct(t.inputs.values, labels), t.reconstructions.values),
  };
  if (model.isVariational) {
    const { mu, logvar } = model.encodeDistribution(t.inputs.values, labels);
    diffs.mu = maxAbsDiff(mu, t.mu.values);
    diffs.logvar = maxAbsDiff(logvar, t.logvar.values);
  } else {
    assert.equal(t.mu, undefined);
  }
  for (const [what, diff] of Object.entries(diffs)) {
    const expectedValues = { encode: t.codes, decode: t.decoded, reconstruct: t.reconstructions, mu: t.mu, logvar: t.logvar }[what];
    const bound = tolerance(expectedValues.values);
    assert.ok(diff <= bound, `${what} differs by ${diff} (bound ${bound})`);
  }
  return diffs;
}

// 1e-5, relative to the outputs' scale where they exceed 1: float32 keeps ~7 digits, so
// codes of magnitude 35 (ae_conv) differ in the 6th decimal however the sums are ordered.
// Pixels (in [0, 1]) are held to 1e-5 absolute.
function tolerance(expected) {
  let scale = 1;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  return TOLERANCE * scale;
}
const show = (diffs) => Object.entries(diffs).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ');

test('every shipped model gives PyTorch\'s outputs within 1e-5 (encode, decode, reconstruct, μ, log σ²)', async () => {
  const lab = await labPromise;
  // models/dqn_* are DQN agents (format latentlab-dqn), not models the bridge converts.
  const shipped = readdirSync(join(root, 'models')).filter((n) => n.endsWith('.safetensors') && !n.startsWith('dqn_'));
  assert.ok(shipped.length >= 6);
  for (const name of shipped) {
    const expected = readSafetensorsF32(bytesOf(`outputs-${name}`));
    assert.equal(expected.metadata.model, `models/${name}`);
    lab.scope(({ track }) => {
      const model = track(lab.loadModel(readFileSync(join(root, 'models', name))));
      assert.equal(model.mappedFrom.layout, 'latentlab');
      console.log(`${name}: max |WASM - PyTorch| ${show(compareOutputs(model, expected))}`);
    });
  }
});

test('models trained 20 steps in PyTorch load in Latent Lab with PyTorch\'s outputs', async () => {
  const lab = await labPromise;
  for (const name of ['vae-dense', 'ae-conv', 'cvae-dense']) {
    const bytes = bytesOf(`torch-${name}.safetensors`);
    const training = JSON.parse(readSafetensorsF32(bytes).metadata.training);
    assert.equal(training.steps, 20);
    assert.ok(training.last_loss < training.first_loss, `${name}: 20 steps did not lower the loss`);
    lab.scope(({ track }) => {
      const model = track(lab.loadModel(bytes));
      console.log(`torch-${name}: max |WASM - PyTorch| ${show(compareOutputs(model, readSafetensorsF32(bytesOf(`outputs-torch-${name}.safetensors`))))}`);
    });
  }
});

test('models trained 20 steps in Latent Lab load in PyTorch with Latent Lab\'s outputs', async () => {
  const lab = await labPromise;
  const data = subset(await loadMnist('train'), 640);
  for (const [name, config] of Object.entries({
    'vae-conv': { type: 'vae', arch: 'conv', channels: [4, 8], latent: 3 },
    'cvae-dense': { type: 'cvae', hidden: [32], latent: 2 },
    'ae-dense': { type: 'ae', hidden: [48, 16], latent: 5, activation: 'tanh', reconstruction: 'mse' },
  })) {
    lab.scope(({ track }) => {
      const model = track(lab.createModel(config, { seed: 4 }));
      const trainer = track(lab.createTrainer(model, data, { batchSize: 32, epochs: 1, seed: 4 }));
      const losses = Array.from({ length: 20 }, () => trainer.step().loss.total);
      assert.ok(losses.at(-1) < losses[0], `${name}: 20 steps did not lower the loss`);
      writeFileSync(join(dir, `wasm-${name}.safetensors`), model.save());
      python(fixtures, 'outputs', join(dir, `wasm-${name}.safetensors`), join(dir, `outputs-wasm-${name}.safetensors`));
      const expected = readSafetensorsF32(bytesOf(`outputs-wasm-${name}.safetensors`));
      assert.deepEqual(JSON.parse(expected.metadata.config), model.config);
      console.log(`wasm-${name}: max |PyTorch - WASM| ${show(compareOutputs(model, expected))}`);
    });
  }
});

test('a pytorch/examples VAE written by torch loads under its own names, mapped as PyTorch maps them', async () => {
  const lab = await labPromise;
  const expected = readSafetensorsF32(bytesOf('examples-vae-expected.safetensors'));
  const config = JSON.parse(expected.metadata.config);
  const bytes = bytesOf('examples-vae.safetensors');
  assert.throws(() => lab.loadModel(bytes), (e) => e.code === 'missing_config' || /give the model config/.test(e.message));
  lab.scope(({ track }) => {
    const model = track(lab.loadModel(bytes, config));
    assert.equal(model.mappedFrom.layout, 'pytorch-examples-vae');
    assert.equal(model.mappedFrom.prefix, '');
    // One rule set: python/latentlab_torch/names.py maps the file exactly as the C++ loader does.
    assert.deepEqual(model.mappedFrom.names, JSON.parse(expected.metadata.names));
    assert.equal(model.mappedFrom.names['fc21.weight'], 'fc_mu.weight');
    const { mu, logvar } = model.encodeDistribution(expected.tensors.inputs.values);
    const diffs = {
      mu: maxAbsDiff(mu, expected.tensors.mu.values),
      logvar: maxAbsDiff(logvar, expected.tensors.logvar.values),
      reconstruct: maxAbsDiff(model.reconstruct(expected.tensors.inputs.values), expected.tensors.reconstructions.values),
    };
    for (const [what, diff] of Object.entries(diffs)) assert.ok(diff <= TOLERANCE, `${what} differs by ${diff}`);
    console.log(`pytorch/examples VAE: max |WASM - PyTorch| ${show(diffs)}`);

    // loadWeights maps the same way and says so.
    const fresh = track(lab.createModel(config));
    assert.equal(fresh.mappedFrom, null);
    assert.equal(fresh.loadWeights(bytes).layout, 'pytorch-examples-vae');
    assert.equal(maxAbsDiff(fresh.encode(expected.tensors.inputs.values), mu), 0);
  });
});

test('swapped μ / log σ² heads load under correct-looking names, and the test ELBO shows it', async () => {
  const lab = await labPromise;
  const config = JSON.parse(readSafetensorsF32(bytesOf('examples-vae-expected.safetensors')).metadata.config);
  const test = subset(await loadMnist('test'), 500);
  lab.scope(({ track }) => {
    const right = track(lab.loadModel(bytesOf('examples-vae.safetensors'), config)).evaluate(test.images).elbo;
    const swapped = track(lab.loadModel(bytesOf('examples-vae-swapped.safetensors'), config)).evaluate(test.images).elbo;
    console.log(`test ELBO: as trained ${right.toFixed(1)} nats, heads swapped ${swapped.toFixed(1)} nats`);
    assert.ok(Number.isFinite(right) && swapped < right - 50, `swapped ${swapped} vs ${right}`);
  });
});

test('a DataParallel state_dict (.pt, module. prefix) converts with python -m latentlab_torch and loads without a config', async () => {
  const lab = await labPromise;
  const expected = readSafetensorsF32(bytesOf('examples-vae-expected.safetensors'));
  const out = join(dir, 'converted.safetensors');
  const said = python('-m', 'latentlab_torch', 'convert', join(dir, 'examples-vae-dataparallel.pt'),
    '--config', expected.metadata.config, '--out', out);
  assert.match(said, /names: pytorch-examples-vae under the prefix 'module\.'/);
  lab.scope(({ track }) => {
    const model = track(lab.loadModel(readFileSync(out)));
    assert.equal(model.mappedFrom.layout, 'latentlab');
    assert.ok(maxAbsDiff(model.encode(expected.tensors.inputs.values), expected.tensors.mu.values) < TOLERANCE);
    // The raw file with the prefix loads in WASM too.
    const prefixed = safetensors(Object.fromEntries(Object.entries(readSafetensorsF32(bytesOf('examples-vae.safetensors')).tensors)
      .map(([name, t]) => [`module.${name}`, [t.shape, t.values]])));
    const direct = track(lab.loadModel(prefixed, JSON.parse(expected.metadata.config)));
    assert.equal(direct.mappedFrom.prefix, 'module.');
    assert.equal(maxAbsDiff(direct.encode(expected.tensors.inputs.values), model.encode(expected.tensors.inputs.values)), 0);
  });
});

// A safetensors file of F32 tensors {name: [shape, values]} (and raw header overrides for bad files).
function safetensors(tensors, { dtype = 'F32' } = {}) {
  const header = {};
  const blobs = [];
  let offset = 0;
  for (const [name, [shape, values]] of Object.entries(tensors)) {
    const blob = new Uint8Array(Float32Array.from(values).buffer);
    header[name] = { dtype, shape, data_offsets: [offset, offset + blob.length] };
    blobs.push(blob);
    offset += blob.length;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const out = new Uint8Array(8 + text.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(new TextEncoder().encode(text), 8);
  let at = 8 + text.length;
  for (const blob of blobs) out.set(blob, at), (at += blob.length);
  return out;
}

test('names that fit nothing or fit ambiguously: weights_mismatch with both lists; bad files keep their errors', async () => {
  const lab = await labPromise;
  const config = { type: 'vae', hidden: [64], latent: 8 };
  const tensors = Object.entries(readSafetensorsF32(bytesOf('examples-vae.safetensors')).tensors);
  const renamed = (rename) => safetensors(Object.fromEntries(tensors.map(([n, t]) => [rename(n), [t.shape, t.values]])));
  const refuses = (bytes, pattern, code = 'weights_mismatch') => assert.throws(() => lab.loadModel(bytes, config), (e) => {
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  });
  refuses(renamed((n) => n.replace('fc21', 'head_a')),
    /do not fit the model under any known naming[\s\S]*in the file +\| the model expects\n +fc1\.weight \[64, 784\] +\| encoder\.0\.weight \[64, 784\]\n[\s\S]*\| fc_mu\.weight \[8, 64\][\s\S]*head_a\.weight \[8, 64\]/);
  // fc21 and mu would both be the μ head.
  const withTwoMu = Object.fromEntries(tensors.map(([n, t]) => [n, [t.shape, t.values]]));
  withTwoMu['mu.weight'] = withTwoMu['fc21.weight'];
  withTwoMu['mu.bias'] = withTwoMu['fc21.bias'];
  refuses(safetensors(withTwoMu), /ambiguous: both 'fc21' and 'mu' name the μ head/);

  const good = bytesOf('examples-vae.safetensors');
  const bad = (bytes, pattern) => assert.throws(() => lab.loadModel(bytes, config), pattern);
  bad(good.subarray(0, good.length - 3), /safetensors: .*data_offsets .* out of range|safetensors: the data buffer/);
  bad(good.subarray(0, 5), /safetensors: file is 5 bytes, shorter than the 8-byte header length/);
  const corrupt = good.slice();
  corrupt[8] = 0x5b;  // the header's opening '{' becomes '['
  bad(corrupt, /safetensors: header is not valid JSON/);
  bad(safetensors({ 'fc1.weight': [[2], [1, 2]] }, { dtype: 'I32' }), /unsupported dtype 'I32' \(supported: F32, F16, BF16\)/);
});
