// The two dictionaries (no browser needed): the same keys, the same {placeholders},
// no empty strings, and every literal key the page's code asks for exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator, DICTIONARIES, pickLanguage } from '../../web/i18n/index.js';
import { webDir } from './helpers.js';

const { es, en } = DICTIONARIES;
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('Spanish and English have the same keys and placeholders', () => {
  assert.deepEqual(Object.keys(es).filter((k) => !(k in en)), [], 'keys only in es.js');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in es)), [], 'keys only in en.js');
  for (const key of Object.keys(es)) {
    assert.ok(es[key].trim() && en[key].trim(), `${key} is empty`);
    assert.deepEqual(placeholders(es[key]), placeholders(en[key]), `${key}: placeholders differ`);
  }
});

test('every literal t("…") key used by the page exists', () => {
  const files = ['app.js', ...['views', 'ui'].flatMap((dir) => readdirSync(join(webDir, dir), { recursive: true }).map((f) => `${dir}/${f}`))]
    .filter((f) => f.endsWith('.js'));
  const missing = [];
  let checked = 0;
  for (const file of files) {
    const source = readFileSync(join(webDir, file), 'utf8');
    for (const [, key] of source.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) {
      checked += 1;
      if (!(key in es)) missing.push(`${file}: ${key}`);
    }
  }
  console.log(`checked ${checked} literal keys in ${files.length} files`);
  assert.ok(checked > 100);
  assert.deepEqual(missing, []);
});

test('translator fills placeholders and formats numbers per language', () => {
  const t = createTranslator('es');
  assert.equal(t('train.perSecond', { n: 12345 }), '12.345 img/s');
  assert.equal(createTranslator('en')('train.perSecond', { n: 12345 }), '12,345 img/s');
  assert.equal(t('no.such.key'), 'no.such.key');
  assert.equal(t.number(1.5, 2), '1,50');
});

test('language from the browser', () => {
  assert.equal(pickLanguage(['en-GB', 'es']), 'en');
  assert.equal(pickLanguage(['fr-FR', 'es-MX']), 'es');
  assert.equal(pickLanguage(['de']), 'es');
  assert.equal(pickLanguage([]), 'es');
});
