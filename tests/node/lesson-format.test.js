// The lesson format (web/lesson/format.js) and the shipped lecture lesson.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { LESSON_ID, LessonFormatError, parseLesson, stepIndex, textIn } from '../../web/lesson/format.js';
import { trustedOrigins } from '../../web/embed/api.js';
import { repo } from './helpers.js';

const VIEWS = ['draw', 'train', 'sample'];
const lesson = (steps, extra = {}) => ({ format: 'latentlab-lesson', format_version: 1, id: 'x', title: { es: 'T', en: 'T' }, steps, ...extra });
const step = (view, more = {}) => ({ view, title: { es: 'a', en: 'b' }, text: { es: 'c', en: 'd' }, ...more });

test('a valid lesson parses, parameters become strings, texts fall back to the other language', () => {
  const parsed = parseLesson(lesson([step('draw'), step('sample', { params: { n: 8, model: 'vae16' }, text: { es: 'solo es' } })]), VIEWS);
  assert.equal(parsed.steps.length, 2);
  assert.deepEqual(parsed.steps[1].params, { n: '8', model: 'vae16' });
  assert.equal(textIn(parsed.steps[1].text, 'en'), 'solo es');
  assert.equal(textIn(parsed.steps[0].text, 'en'), 'd');
  assert.deepEqual(parsed.skipped, []);
});

test('steps for views this page lacks are skipped and listed; a lesson with none left is refused', () => {
  const parsed = parseLesson(lesson([step('draw'), step('dqn'), step('sample')]), VIEWS);
  assert.deepEqual(parsed.steps.map((s) => s.view), ['draw', 'sample']);
  assert.deepEqual(parsed.skipped, [{ index: 1, view: 'dqn' }]);
  assert.throws(() => parseLesson(lesson([step('nope')]), VIEWS), LessonFormatError);
});

test('bad lessons are refused with a message naming the place', () => {
  const cases = [
    [null, /JSON object/],
    [{ ...lesson([step('draw')]), format: 'other' }, /"format"/],
    [{ ...lesson([step('draw')]), format_version: 2 }, /format_version/],
    [lesson([]), /non-empty array/],
    [lesson([step('draw', { params: { view: 'train' } })]), /steps\[0\]\.params may not set "view"/],
    [lesson([step('draw', { params: { lang: 'en' } })]), /may not set "lang"/],
    [lesson([step('draw', { params: { n: { deep: 1 } } })]), /steps\[0\]\.params\.n must be/],
    [lesson([step('draw', { title: { es: '' } })]), /steps\[0\]\.title\.es/],
    [lesson([step('draw', { text: 3 })]), /steps\[0\]\.text/],
    [lesson([{ title: 'a', text: 'b' }]), /steps\[0\]\.view/],
  ];
  for (const [json, pattern] of cases) {
    assert.throws(() => parseLesson(json, VIEWS), (error) => error instanceof LessonFormatError && error.code === 'lesson_invalid' && pattern.test(error.message));
  }
});

test('lesson ids cannot leave web/lessons/, and ?step= is clamped', () => {
  for (const bad of ['../x', 'a/b', '', 'A', '.x', 'x'.repeat(65), 'constructor\u0000']) assert.equal(LESSON_ID.test(bad), false, bad);
  assert.equal(LESSON_ID.test('lecture'), true);
  assert.equal(stepIndex('3', 10), 2);
  assert.equal(stepIndex('99', 10), 9);
  assert.equal(stepIndex('0', 10), 0);
  assert.equal(stepIndex('2.5', 10), 0);
  assert.equal(stepIndex(null, 10), 0);
});

test('the shipped lecture follows the lecture in both languages', () => {
  const json = JSON.parse(readFileSync(new URL('web/lessons/lecture.json', repo), 'utf8'));
  const order = ['sample', 'draw', 'inside', 'train', 'reduce', 'denoise', 'anomaly', 'sample', 'latent', 'vae', 'vae', 'kl', 'dqn'];
  assert.deepEqual(json.steps.map((s) => s.view), order);
  for (const [i, s] of json.steps.entries()) {
    for (const lang of ['es', 'en']) assert.ok(s.title[lang] && s.text[lang], `step ${i + 1} has no ${lang} text`);
  }
});

test('an embed trusts the origins of ?host=, else the embedding page, else itself', () => {
  assert.deepEqual(trustedOrigins('https://deck.example.org/slides/', '', 'http://lab'), ['https://deck.example.org']);
  assert.deepEqual(trustedOrigins('https://a.example, http://b.example:8080', '', 'http://lab'), ['https://a.example', 'http://b.example:8080']);
  assert.equal(trustedOrigins('*', '', 'http://lab'), '*');
  assert.deepEqual(trustedOrigins('not a url', 'https://ref.example/page', 'http://lab'), []);
  assert.deepEqual(trustedOrigins(null, 'https://ref.example/page?x', 'http://lab'), ['https://ref.example']);
  assert.deepEqual(trustedOrigins(null, '', 'http://lab'), ['http://lab']);
});
