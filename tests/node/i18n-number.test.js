// t.number: fixed decimals in the page's locale, the same through the cached
// formatters as toLocaleString gives, and a dash for what is not a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createTranslator } from '../../web/i18n/index.js';

test('t.number formats in the page locale with the decimals asked for', () => {
  const es = createTranslator('es');
  const en = createTranslator('en');
  assert.equal(es.number(0.5), '0,50');
  assert.equal(en.number(0.5), '0.50');
  assert.equal(es.number(12345.678, 1), '12.345,7');
  assert.equal(en.number(12345.678, 0), '12,346');
  assert.equal(es.number(-0.00049, 3), '-0,000');
  for (const bad of [NaN, Infinity, -Infinity, undefined]) assert.equal(en.number(bad), '—');
  // Formatters are kept per decimal count: switching counts never mixes them up.
  for (const digits of [0, 3, 1, 3, 0, 2]) {
    for (const value of [0, 1 / 3, -2.5, 1e6 + 0.125]) {
      for (const [t, lang] of [[es, 'es'], [en, 'en']]) {
        assert.equal(t.number(value, digits), value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
      }
    }
  }
});
