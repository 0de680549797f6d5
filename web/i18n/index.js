// The page's two dictionaries and the translator over them. Every visible
// string comes from here: t('draw.title') looks the key up in the current
// language; t('train.eta', { seconds: 12 }) fills {seconds}. A key missing from
// a dictionary shows as the key itself (and tests/browser/i18n.test.js fails).
import es from './es.js';
import en from './en.js';

export const DICTIONARIES = { es, en };
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
  const dictionary = DICTIONARIES[lang] ?? DICTIONARIES[DEFAULT_LANGUAGE];
  const numberFormat = new Intl.NumberFormat(lang);
  const t = (key, vars) => {
    const text = dictionary[key];
    if (text === undefined) return key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numberFormat.format(value) : String(value);
    });
  };
  t.lang = lang;
  t.has = (key) => dictionary[key] !== undefined;
  // Numbers shown to students: a fixed number of decimals in the page's locale.
  t.number = (value, digits = 2) =>
    Number.isFinite(value)
      ? value.toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : '—';
  return t;
}
