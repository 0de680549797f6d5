// Keeps web/latentlab.d.ts true:
//  1. tsc --noEmit --strict type-checks types-usage.ts (documented use, plus
//     misuses that must stay errors);
//  2. every class, method, property and function declared exists in the real
//     module, and everything the module exports is declared (both ways);
//  3. every message the real worker sends has a declared type, all its
//     required fields and no undeclared ones.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import test from 'node:test';
import ts from 'typescript';

import * as api from '../../web/latentlab.js';
import { labPromise, loadMnist, repo, subset, workerUrl } from './helpers.js';

const declarationsPath = fileURLToPath(new URL('web/latentlab.d.ts', repo));
const source = ts.createSourceFile(declarationsPath, readFileSync(declarationsPath, 'utf8'), ts.ScriptTarget.Latest, true);

const isExported = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export;
const isPrivate = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private;
const memberName = (member) =>
  ts.isComputedPropertyName(member.name) ? member.name.expression.getText(source) : member.name.getText(source);

// name -> { kind: 'class' | 'function', members: Map(name -> declared parameter count or null), parameters }
function declaredValues() {
  const values = new Map();
  for (const statement of source.statements) {
    if (!isExported(statement)) continue;
    if (ts.isClassDeclaration(statement)) {
      const members = new Map();
      for (const member of statement.members) {
        if (ts.isConstructorDeclaration(member) || isPrivate(member)) continue;
        members.set(memberName(member), ts.isMethodDeclaration(member) ? member.parameters.length : null);
      }
      values.set(statement.name.text, { kind: 'class', members });
    } else if (ts.isFunctionDeclaration(statement)) {
      values.set(statement.name.text, { kind: 'function', parameters: statement.parameters.length });
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) values.set(d.name.getText(source), { kind: 'variable' });
    }
  }
  return values;
}

// Names reachable on an instance: own fields plus its prototype chain below Object/Error.
function runtimeMembers(instance) {
  const names = new Map();
  // An Error's own stack, message and name are Error's, not the class's.
  const own = Reflect.ownKeys(instance).filter((key) => !(instance instanceof Error && ['stack', 'message', 'name'].includes(key)));
  for (const key of own) names.set(key, instance[key]);
  for (let proto = Object.getPrototypeOf(instance); proto && proto !== Object.prototype && proto !== Error.prototype;
    proto = Object.getPrototypeOf(proto)) {
    for (const key of Reflect.ownKeys(proto)) {
      if (key === 'constructor' || names.has(key)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      names.set(key, descriptor.get ? 'getter' : descriptor.value);
    }
  }
  const symbolName = (key) => key === Symbol.dispose ? 'Symbol.dispose' : String(key);
  return new Map([...names].map(([key, value]) => [typeof key === 'symbol' ? symbolName(key) : key, value]));
}

test('types-usage.ts type-checks against latentlab.d.ts with --strict', async () => {
  const tsc = fileURLToPath(new URL('node_modules/typescript/bin/tsc', repo));
  const usage = fileURLToPath(new URL('tests/node/types-usage.ts', repo));
  try {
    await promisify(execFile)(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--lib', 'es2022,esnext.disposable,dom', usage]);
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});

test('declared values and runtime exports match, member by member', async () => {
  const lab = await labPromise;
  const declared = declaredValues();
  assert.deepEqual([...declared.keys()].sort(), Object.keys(api).sort(), 'exported names differ from the declarations');

  const model = lab.createModel({ type: 'ae', hidden: [8], latent: 2 });
  const trainer = lab.createTrainer(model, { images: new Float32Array(784) }, { epochs: 1 });
  const pca = lab.fitPca(new Float32Array([0, 1, 1, 0, 2, 2]), 1, { imageSize: 2 });
  const scorer = lab.createAnomalyScorer(model);
  const instances = { LatentLab: lab, Model: model, Trainer: trainer, Pca: pca, AnomalyScorer: scorer,
    LatentLabUnsupportedError: new api.LatentLabUnsupportedError('x'),
    LatentLabError: new api.LatentLabError('invalid_argument', 'x') };
  let checked = 0;
  for (const [name, declaration] of declared) {
    const value = api[name];
    if (declaration.kind === 'function') {
      assert.equal(typeof value, 'function', `${name} is not a function`);
      assert.ok(value.length <= declaration.parameters, `${name} takes ${value.length} required parameters`);
      continue;
    }
    assert.equal(declaration.kind, 'class', `${name}: unexpected declaration kind`);
    assert.ok(instances[name] instanceof value, `${name}: no instance to check (add one to this test)`);
    const runtime = runtimeMembers(instances[name]);
    for (const [member, parameters] of declaration.members) {
      assert.ok(runtime.has(member), `${name}.${member} is declared but missing at run time`);
      if (parameters !== null) {
        assert.equal(typeof runtime.get(member), 'function', `${name}.${member} is declared as a method`);
        assert.ok(runtime.get(member).length <= parameters, `${name}.${member} takes more parameters than declared`);
      }
      ++checked;
    }
    for (const member of runtime.keys())
      assert.ok(declaration.members.has(member), `${name}.${member} exists at run time but is not declared`);
  }
  console.log(`checked ${declared.size} exports and ${checked} class members against latentlab.d.ts`);
  scorer.dispose();
  pca.dispose();
  trainer.dispose();
  model.dispose();
});

// type literal -> { required: Set, optional: Set } for every member of a declared union of messages.
function declaredMessages(unionName) {
  const interfaces = new Map();
  let union;
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement.members);
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === unionName) union = statement.type;
  }
  const shapes = new Map();
  for (const member of union.types) {
    const members = ts.isTypeReferenceNode(member) ? interfaces.get(member.typeName.getText(source)) : member.members;
    const shape = { required: new Set(), optional: new Set() };
    let type;
    for (const property of members) {
      const name = memberName(property);
      (property.questionToken ? shape.optional : shape.required).add(name);
      if (name === 'type') type = JSON.parse(property.type.getText(source).replace(/'/g, '"'));
    }
    shapes.set(type, shape);
  }
  return shapes;
}

test('every message the worker sends matches a declared WorkerResponse', async () => {
  const shapes = declaredMessages('WorkerResponse');
  assert.deepEqual([...declaredMessages('WorkerRequest').keys()].sort(),
    ['pause', 'resume', 'setBeta', 'setLearningRate', 'snapshot', 'start', 'step', 'stop']);
  const train = subset(await loadMnist('test'), 200);
  const worker = new Worker(workerUrl);
  const seen = new Set();
  try {
    await new Promise((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message) => {
        try {
          const shape = shapes.get(message.type);
          assert.ok(shape, `undeclared message type ${message.type}`);
          for (const key of shape.required) assert.ok(key in message, `${message.type} lacks ${key}`);
          for (const key of Object.keys(message))
            assert.ok(shape.required.has(key) || shape.optional.has(key), `${message.type} has undeclared ${key}`);
          seen.add(message.type);
          if (message.type === 'paused') ['step', 'snapshot', 'resume'].forEach((type) => worker.postMessage({ type }));
          if (message.type === 'finished') worker.postMessage({ type: 'stop' });
          if (message.type === 'stopped') worker.postMessage({ type: 'bogus' });
          if (message.type === 'error') resolve();
        } catch (error) {
          reject(error);
        }
      });
      worker.postMessage({
        type: 'start', model: { config: { type: 'vae', hidden: [8], latent: 2 }, seed: 1 },
        train: { images: train.images }, test: { images: train.images }, preview: train.images.slice(0, 784 * 2),
        scatter: { images: train.images }, options: { epochs: 2, batchSize: 50 }, progressIntervalMs: 0,
      });
      worker.postMessage({ type: 'pause' });  // handled before the first batch: the order below is fixed
    });
  } finally {
    await worker.terminate();
  }
  assert.deepEqual([...seen].sort(),
    ['epoch', 'error', 'finished', 'paused', 'progress', 'resumed', 'snapshot', 'started', 'stopped']);
});
