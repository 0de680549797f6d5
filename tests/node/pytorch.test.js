// A model written by PyTorch (tests/fixtures/make_pytorch_model.py: state_dict
// names, Linear weights [out, in], no Latent Lab metadata) loads with its
// config and reproduces PyTorch's codes and reconstructions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { labPromise, maxAbsDiff, readSafetensorsF32, repo } from './helpers.js';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`tests/fixtures/${name}`, repo)));

test('a PyTorch-written dense AE gives PyTorch\'s outputs (within 1e-5)', async () => {
  const lab = await labPromise;
  const weights = fixture('pytorch_ae.safetensors');
  const expected = readSafetensorsF32(fixture('pytorch_ae_expected.safetensors'));
  assert.equal(expected.metadata.fixture_version, '1');
  const config = JSON.parse(expected.metadata.config);
  assert.throws(() => lab.loadModel(weights), /not a Latent Lab model.*give the model config/);

  const model = lab.loadModel(weights, config);
  try {
    const { inputs, codes, reconstructions } = expected.tensors;
    const codeDiff = maxAbsDiff(model.encode(inputs.values), codes.values);
    const imageDiff = maxAbsDiff(model.reconstruct(inputs.values), reconstructions.values);
    console.log(`PyTorch fixture: max |diff| codes ${codeDiff.toExponential(2)}, reconstructions ${imageDiff.toExponential(2)}`);
    assert.ok(codeDiff < 1e-5, `codes differ by ${codeDiff}`);
    assert.ok(imageDiff < 1e-5, `reconstructions differ by ${imageDiff}`);

    // Saved again by Latent Lab, it carries its config and reloads without one.
    const again = lab.loadModel(model.save());
    assert.equal(maxAbsDiff(again.reconstruct(inputs.values), model.reconstruct(inputs.values)), 0);
    again.dispose();
  } finally {
    model.dispose();
  }
});
