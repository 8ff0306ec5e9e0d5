/** The user-facing list of deviations and their tests stay in step. */
import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const root = join(__dirname, '..', '..');
const migrating = readFileSync(join(root, 'docs', 'migrating-from-dynamic-dynamodb.md'), 'utf8');

const TESTS = ['test', 'it'];
const BLOCKS = ['describe'];

/**
 * The titles of the tests that run in `source`: `test(`/`it(` calls, plain or `.each(…)`, and
 * `describe(` blocks that hold at least one of them, read from the syntax tree, so comments,
 * strings, `.skip`, `.todo`, `.only`, `xit` and anything inside a skipped block do not count.
 */
function runningTestTitles(source: string): string[] {
  const file = ts.createSourceFile('t.ts', source, ts.ScriptTarget.Latest, true);
  const titles: string[] = [];

  /** `test`, `it` or `describe` when `callee` is one of them or its `.each(…)`; otherwise undefined. */
  function kind(callee: ts.Expression): string | undefined {
    if (ts.isIdentifier(callee)) return callee.text;
    if (ts.isCallExpression(callee) && ts.isPropertyAccessExpression(callee.expression)
      && ts.isIdentifier(callee.expression.expression) && callee.expression.name.text === 'each') {
      return callee.expression.expression.text;
    }
    return undefined;
  }

  /** Collects the running tests under `node`; returns how many it found. */
  function visit(node: ts.Node): number {
    if (ts.isCallExpression(node)) {
      const k = kind(node.expression);
      const [first, body] = node.arguments;
      const title = first && ts.isStringLiteralLike(first) ? first.text : undefined;
      if (k !== undefined && TESTS.includes(k)) {
        if (title !== undefined) titles.push(title);
        return 1;
      }
      if (k !== undefined && BLOCKS.includes(k)) {
        const inside = body ? visit(body) : 0;
        if (title !== undefined && inside > 0) titles.push(title);
        return inside;
      }
      // Any other call, such as test.skip(…) or describe.skip(…), and everything inside it, does not run.
      if (ts.isPropertyAccessExpression(node.expression) || ts.isCallExpression(node.expression)) {
        const base = node.expression;
        const skipped = ts.isPropertyAccessExpression(base) && ts.isIdentifier(base.expression)
          && [...TESTS, ...BLOCKS].includes(base.expression.text);
        if (skipped) return 0;
      }
    }
    let count = 0;
    node.forEachChild((child) => { count += visit(child); });
    return count;
  }

  visit(file);
  return titles;
}

test('runningTestTitles sees only tests that run', () => {
  const source = [
    "test('D1: runs', () => {});",
    "it.each([1])('D2: runs too, %s', () => {});",
    "describe('D3: a block with a test', () => { test('inner', () => {}); });",
    "describe('D4: an empty block', () => {});",
    "test.skip('D5: skipped', () => {});",
    "it.todo('D6: to do');",
    "xit('D7: skipped', () => {});",
    "describe.skip('D8: a skipped block', () => { test('D9: inside a skipped block', () => {}); });",
    "// test('D10: in a comment', () => {});",
    "const text = \"test('D11: in a string', () => {})\";",
    "test.only('D12: focused', () => {});",
  ].join('\n');
  expect(runningTestTitles(source)).toEqual(['D1: runs', 'D2: runs too, %s', 'inner', 'D3: a block with a test']);
});

const titles = runningTestTitles(readFileSync(join(__dirname, 'core', 'deviations.test.ts'), 'utf8'));

test.each(Array.from({ length: 16 }, (_, i) => `D${i + 1}`))('%s is documented for users and has its own test', (d) => {
  expect(migrating).toContain(`| ${d} |`);
  expect(titles.filter((t) => t.startsWith(`${d}: `))).not.toEqual([]);
});
