// The page's two dictionaries and the translator over them. Every visible
// string comes from here: t('draw.title') looks the key up in the current
// language; t('train.eta', { seconds: 12 }) fills {seconds}. A key missing from
// a dictionary shows as the key itself (and tests/browser/i18n.test.js fails).
//
// es.js and en.js hold the page's shell and the first views; a feature may
// keep its strings in a file of its own, i18n/<feature>.js exporting
// { es: {...}, en: {...} }, listed in FEATURES below (its keys must not
// repeat a key of another file).
import es from './es.js';
import en from './en.js';
import apps from './apps.js';
import bridge from './bridge.js';
import coverage from './coverage.js';
import inside from './inside.js';
import kl from './kl.js';
import rl from './rl.js';
import teach from './teach.js';
import vae from './vae.js';

const FEATURES = [apps, bridge, coverage, inside, kl, rl, teach, vae];

function merged(lang, base) {
  const out = { ...base };
  for (const feature of FEATURES) {
    for (const [key, text] of Object.entries(feature[lang])) {
      if (key in out) throw new Error(`i18n: the key ${key} is defined twice`);
      out[key] = text;
    }
  }
  return out;
}

export const DICTIONARIES = { es: merged('es', es), en: merged('en', en) };
export const LANGUAGES = Object.keys(DICTIONARIES);
export const DEFAULT_LANGUAGE = 'es'; // the course is taught in Spanish

// 'en-GB' -> 'en'; anything unknown -> Spanish.
export function pickLanguage(browserLanguages) {
  for (const tag of browserLanguages ?? []) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

export function createTranslator(lang) {
  const dictionary = Object.hasOwn(DICTIONARIES, lang) ? DICTIONARIES[lang] : DICTIONARIES[DEFAULT_LANGUAGE];
  // Made on first use: a translator is made at start, before boot.js has had
  // the browser load its number-formatting data (the first formatter's cost).
  let numberFormat = null;
  const t = (key, vars) => {
    const text = Object.hasOwn(dictionary, key) ? dictionary[key] : undefined;
    if (text === undefined) return key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (value === undefined) return whole;
      if (typeof value !== 'number') return String(value);
      numberFormat ??= new Intl.NumberFormat(lang);
      return numberFormat.format(value);
    });
  };
  t.lang = lang;
  t.has = (key) => Object.hasOwn(dictionary, key);
  // Numbers shown to students: a fixed number of decimals in the page's locale.
  // One formatter per decimal count: toLocaleString with options builds a new
  // one on every call, which cost the Draw view most of a frame per stroke move.
  const fixed = new Map(); // digits -> Intl.NumberFormat
  const formatter = (digits) => {
    if (!fixed.has(digits)) fixed.set(digits, new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    return fixed.get(digits);
  };
  t.number = (value, digits = 2) => (Number.isFinite(value) ? formatter(digits).format(value) : '—');
  return t;
}
