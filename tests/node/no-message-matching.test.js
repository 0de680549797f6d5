// Code decides what happened from error.code (and the worker's `code` field),
// never from an error's message text: messages are for people and may be
// reworded or translated. This scans the page (web/, without web/vendor and
// the build outputs) and the CLI (src/cli) for code that inspects message text,
// and first proves on known snippets that the scan catches what it must and
// passes what it should.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'node:test';

import { repo } from './helpers.js';

const root = fileURLToPath(repo);

// A name that holds an error or its text: error, err, e, reason, message, event.
const ERRORISH = String.raw`(?:error|err|e|reason|message|event|failure|thrown)`;
const JS_RULES = [
  // /diverged/.test(...), /metadata|config/i.test(...): a regex over a message.
  { name: 'regex over a message', pattern: new RegExp(String.raw`\.test\(\s*(?:String\()?[\w$.?]*\b${ERRORISH}(?:\.message)?\)?\s*\)`) },
  { name: 'regex over a message', pattern: new RegExp(String.raw`\.test\([^)]*\.message\b`) },
  // error.message.includes('diverged'), message.message?.match(...), .replace(/; the weights.../, '').
  { name: 'string method on a message',
    pattern: /\.message\b\s*(?:\?\.|\.)\s*(?:match|matchAll|includes|startsWith|endsWith|indexOf|lastIndexOf|search|replace|replaceAll|split|slice|substring|substr|toLowerCase|toUpperCase|trim)\b/ },
  { name: 'comparison with a message', pattern: /\.message\b\s*(?:===|!==|==|!=)|(?:===|!==|==|!=)\s*[\w$.?]*\.message\b/ },
  { name: 'string method on a stringified error',
    pattern: new RegExp(String.raw`String\(\s*${ERRORISH}\s*\)\s*\.(?:match|includes|startsWith|endsWith|indexOf|search|replace)\b`) },
  // The checks /work/shared/hooks/before-stop makes, verbatim, so the two never disagree.
  { name: 'before-stop hook pattern',
    pattern: /\/(diverged|metadata\|config)\/[a-z]*\.test|\.test\((e|err|error|message)\.message|\.message\b.*(\.test\(|\.match\(|\.includes\()/ },
];
const CPP_RULES = [
  { name: 'string search in what()', pattern: /what\(\)\s*\)?\s*\.\s*(?:find|rfind|substr|compare|find_first_of|starts_with|ends_with)\s*\(/ },
  { name: 'C string search in what()', pattern: /\b(?:strstr|strncmp|strcmp)\s*\([^;]*what\(\)/ },
  { name: 'regex over a message', pattern: /std::regex_(?:search|match)\s*\([^;]*(?:what\(\)|message)/ },
];

// Strings held from what(): `const std::string message = e.what();` then `message.find(';')`.
function cppHeldMessages(text) {
  const names = [...text.matchAll(/std::string\s+(\w+)\s*(?:=|\()\s*[\w.]*what\(\)/g)].map((m) => m[1]);
  return names.map((name) => ({
    name: `string search in a copy of what() (${name})`,
    pattern: new RegExp(String.raw`\b${name}\s*\.\s*(?:find|rfind|substr|compare|find_first_of|starts_with|ends_with)\s*\(`),
  }));
}

// Comment lines say what the code does in prose; they decide nothing.
const isComment = (line) => /^\s*(\/\/|\*|\/\*)/.test(line);

function findings(text, kind) {
  const rules = kind === 'cpp' ? [...CPP_RULES, ...cppHeldMessages(text)] : JS_RULES;
  const found = [];
  text.split('\n').forEach((line, index) => {
    if (isComment(line)) return;
    for (const rule of rules) {
      if (rule.pattern.test(line)) {
        found.push({ line: index + 1, rule: rule.name, text: line.trim() });
        break;
      }
    }
  });
  return found;
}

function* files(dir, skip) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip.some((prefix) => relative(root, path) === prefix)) continue;
    if (entry.isDirectory()) yield* files(path, skip);
    else yield path;
  }
}

test('the scan catches message matching and passes code branching (known snippets)', () => {
  const caught = [
    "if (!/diverged/.test(error.message)) {",
    "if (/metadata|config/i.test(error.message)) retry();",
    "if (/diverged/.test(message.message)) {",
    "const text = error.message.replace(/; the weights were kept.*$/, '');",
    "if (err.message.includes('diverged')) pause();",
    "if (e.message?.startsWith('loadModel')) return;",
    "if (event.data.message === 'stopped') stop();",
    "if (String(error).includes('config')) retry();",
    "const failedToLoad = /not a Latent Lab model/.test(reason);",
  ];
  for (const line of caught) assert.equal(findings(line, 'js').length, 1, `not caught: ${line}`);
  const cppCaught = [
    'const std::string what = message.substr(0, std::string(e.what()).find(\';\'));',
    'if (std::string(e.what()).find("diverged") != std::string::npos) return 2;',
    'if (strstr(e.what(), "diverged")) return 2;',
    'const std::string message = diverged.what();\nconst std::string what = message.substr(0, message.find(\';\'));',
  ];
  for (const text of cppCaught) assert.ok(findings(text, 'cpp').length >= 1, `not caught: ${text}`);

  const passed = [
    "if (error.code === 'diverged') pause();",
    "if (message.code !== 'missing_config') throw error;",
    "return { text: t('error.generic'), detail: error.message };",
    "post({ type: 'error', code: codeOf(error), message: String(error?.message ?? error), recoverable });",
    "if (/^[0-9]+$/.test(input.value)) apply();",
    "if (/Arrow/.test(e.key)) move();",
    "// the worker used to run /diverged/.test(error.message); it reads the code now",
  ];
  for (const line of passed) assert.deepEqual(findings(line, 'js'), [], `flagged: ${line}`);
  assert.deepEqual(findings('if (e.code() != ErrorCode::diverged) throw;\nstd::fprintf(stderr, "%s", e.what());', 'cpp'), []);
});

test('no code in web/ or src/cli/ decides behaviour from error message text', () => {
  const skip = ['web/vendor', 'web/wasm', 'web/dist', 'web/latentlab-offline.html'];
  const scanned = [];
  const found = [];
  for (const path of files(join(root, 'web'), skip)) {
    if (!/\.(m?js|html)$/.test(path)) continue;
    scanned.push(path);
    for (const f of findings(readFileSync(path, 'utf8'), 'js')) found.push(`${relative(root, path)}:${f.line} (${f.rule}): ${f.text}`);
  }
  for (const path of files(join(root, 'src/cli'), [])) {
    if (!/\.(cpp|hpp)$/.test(path)) continue;
    scanned.push(path);
    for (const f of findings(readFileSync(path, 'utf8'), 'cpp')) found.push(`${relative(root, path)}:${f.line} (${f.rule}): ${f.text}`);
  }
  console.log(`scanned ${scanned.length} files`);
  assert.ok(scanned.length > 20, 'the scan found the sources');
  assert.deepEqual(found, [], `branch on error.code instead:\n${found.join('\n')}`);
});
