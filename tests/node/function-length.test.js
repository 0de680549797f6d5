// No god closures: every function in web/ (the page, its views, its ui modules,
// the client and the worker; not vendor/ or the WASM build) is at most
// MAX_LINES lines long, nested functions included, so a view's mount() has to
// be split along its seams (form, session, charts, drawing, pure math) rather
// than grow. Measured with the TypeScript compiler's parser (node_modules/typescript).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_LINES = 120;
const web = fileURLToPath(new URL('../../web/', import.meta.url));
const SKIP = new Set(['vendor', 'wasm', 'dist', 'data', 'models']);

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sources(path);
    return /\.(m?js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const isFunction = (node) => ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)
  || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

function nameOf(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) return parent.name.getText();
  return '(anonymous)';
}

// -> [{ file, name, line, lines }] for every function in the source text.
function functionLengths(text, path) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out = [];
  const visit = (node) => {
    if (isFunction(node)) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ file: relative(web, path), name: nameOf(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

test(`no function in web/ is longer than ${MAX_LINES} lines`, () => {
  const files = sources(web);
  assert.ok(files.length > 20, `found the page's sources (${files.length} files)`);
  const all = files.flatMap((path) => functionLengths(readFileSync(path, 'utf8'), path));
  const longest = all.reduce((a, b) => (b.lines > a.lines ? b : a));
  console.log(`${all.length} functions in ${files.length} files; the longest: ${longest.file}:${longest.line} ${longest.name} (${longest.lines} lines)`);
  const tooLong = all.filter((f) => f.lines > MAX_LINES).map((f) => `${f.file}:${f.line} ${f.name}: ${f.lines} lines`);
  assert.deepEqual(tooLong, []);
});

test('the measure counts nested functions inside their parent', () => {
  // The checker itself must be able to fail: a 130-line function made of small arrows.
  const body = Array.from({ length: 128 }, (_, i) => `  const v${i} = () => ${i};`).join('\n');
  const [outer, ...inner] = functionLengths(`function big() {\n${body}\n}\n`, join(web, 'x.js'));
  assert.deepEqual([outer.name, outer.lines, inner.length], ['big', 130, 128]);
});
