/** The user-facing list of deviations and their tests stay in step. */
import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const migrating = readFileSync(join(root, 'docs', 'migrating-from-dynamic-dynamodb.md'), 'utf8');
const tests = readFileSync(join(__dirname, 'deviations.test.ts'), 'utf8');

test.each(Array.from({ length: 15 }, (_, i) => `D${i + 1}`))('%s is documented for users and has its own test', (d) => {
  expect(migrating).toContain(`| ${d} |`);
  expect(tests).toMatch(new RegExp(`'${d}: `));
});
