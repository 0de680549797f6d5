// The lesson format (web/lessons/<id>.json, docs/LESSONS.md): what a teacher
// writes to walk a class through the lab, one live view per step. Pure
// functions, tested in Node (tests/node/lesson-format.test.js).
//
//   { "format": "latentlab-lesson", "format_version": 1, "id": "lecture",
//     "title": { "es": "…", "en": "…" },
//     "steps": [ { "view": "draw", "params": { "digit": 3 },
//                  "title": { "es": "…", "en": "…" }, "text": { "es": "…", "en": "…" } } ] }
//
// A text may be given in one language only; the other then shows it as is.

export const LESSON_FORMAT = 'latentlab-lesson';
export const LESSON_FORMAT_VERSION = 1;
// Lesson ids name files beside the page: nothing that could leave web/lessons/.
export const LESSON_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PARAM_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,31}$/;
// Parameters a step may not set: they belong to the page, not to a view.
const RESERVED = new Set(['view', 'lang', 'embed', 'threads', 'lesson', 'step', 'present', 'host']);

export class LessonFormatError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LessonFormatError';
    this.code = 'lesson_invalid';
  }
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

// { es, en } (either may be missing, not both) → the same object, checked.
function localized(value, where) {
  if (typeof value === 'string') return { es: value, en: value };
  if (!isObject(value)) throw new LessonFormatError(`${where} must be a string or { "es": …, "en": … }`);
  const texts = {};
  for (const [lang, text] of Object.entries(value)) {
    if (typeof text !== 'string' || text.trim() === '') throw new LessonFormatError(`${where}.${lang} must be a non-empty string`);
    texts[lang] = text;
  }
  if (Object.keys(texts).length === 0) throw new LessonFormatError(`${where} has no text`);
  return texts;
}

// Parses and checks a lesson against the page's views; throws LessonFormatError
// naming the place. A step whose view this page does not have (a lesson written
// for a newer page, or a typo) is left out and listed in `skipped`, so the rest
// of the lesson still runs.
export function parseLesson(json, viewIds) {
  if (!isObject(json)) throw new LessonFormatError('a lesson must be a JSON object');
  if (json.format !== LESSON_FORMAT) throw new LessonFormatError(`"format" must be "${LESSON_FORMAT}"`);
  if (json.format_version !== LESSON_FORMAT_VERSION) {
    throw new LessonFormatError(`"format_version" ${JSON.stringify(json.format_version)} is not supported (this page reads ${LESSON_FORMAT_VERSION})`);
  }
  if (!Array.isArray(json.steps) || json.steps.length === 0) throw new LessonFormatError('"steps" must be a non-empty array');
  if (json.steps.length > 200) throw new LessonFormatError('a lesson has at most 200 steps');
  const skipped = [];
  const steps = json.steps.map((step, index) => {
    const where = `steps[${index}]`;
    if (!isObject(step)) throw new LessonFormatError(`${where} must be an object`);
    if (typeof step.view !== 'string') throw new LessonFormatError(`${where}.view must be the name of a view`);
    if (!viewIds.includes(step.view)) {
      skipped.push({ index, view: step.view.slice(0, 40) });
      return null;
    }
    const params = {};
    for (const [name, value] of Object.entries(step.params ?? {})) {
      if (!PARAM_NAME.test(name) || RESERVED.has(name)) throw new LessonFormatError(`${where}.params may not set "${name}"`);
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        throw new LessonFormatError(`${where}.params.${name} must be a string, a number or a boolean`);
      }
      params[name] = String(value);
    }
    return { view: step.view, params, title: localized(step.title, `${where}.title`), text: localized(step.text, `${where}.text`) };
  }).filter(Boolean);
  if (steps.length === 0) throw new LessonFormatError(`no step shows a view of this page (${viewIds.join(', ')})`);
  return { id: String(json.id ?? ''), title: localized(json.title, 'title'), steps, skipped };
}

// The text in the page's language, else in the other one.
export function textIn(texts, lang) {
  return texts[lang] ?? texts.es ?? texts.en ?? Object.values(texts)[0];
}

// ?step= is 1-based; anything else falls back to the first step.
export function stepIndex(raw, count) {
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 1) return 0;
  return Math.min(count, number) - 1;
}
