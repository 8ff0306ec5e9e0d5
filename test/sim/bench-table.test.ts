/** `npm run bench` writes the policy table wherever the docs show it. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { replaceMarkedTable, TABLE_FILES } from '../../bench/policies.bench';

const ROOT = join(__dirname, '..', '..');

test('the policy table goes to docs/choosing-a-policy.md and README.md, each of which has the markers', () => {
  expect(TABLE_FILES).toEqual(['docs/choosing-a-policy.md', 'README.md']);
  for (const file of TABLE_FILES) expect(replaceMarkedTable(readFileSync(join(ROOT, file), 'utf8'), '| t |')).toContain('| t |');
});

test('only the text between the markers is replaced', () => {
  const text = 'before\n<!-- bench:policies:start -->\nold\n<!-- bench:policies:end -->\nafter\n';
  expect(replaceMarkedTable(text, '| new |')).toBe('before\n<!-- bench:policies:start -->\n| new |\n<!-- bench:policies:end -->\nafter\n');
  expect(replaceMarkedTable('no markers', '| new |')).toBeUndefined();
});
