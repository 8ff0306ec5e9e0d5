/** The docs name only factories that exist. */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ScalingPolicy } from '../src/scaling-policy';

const root = join(__dirname, '..');
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Every `ScalingPolicy.<name>(` in `file`, with its line. */
function factoriesNamedIn(file: string): Array<{ file: string; line: number; name: string }> {
  return readFileSync(join(root, file), 'utf8').split('\n').flatMap((text, i) =>
    [...text.matchAll(/\bScalingPolicy\.([A-Za-z_$][\w$]*)\(/g)].map((m) => ({ file, line: i + 1, name: m[1] })));
}

test('every ScalingPolicy.<name>( in README.md and docs/*.md is a static method of ScalingPolicy', () => {
  const named = files.flatMap(factoriesNamedIn);
  expect(named.map((n) => n.name)).toContain('targetTracking');
  const missing = named.filter((n) => typeof (ScalingPolicy as unknown as Record<string, unknown>)[n.name] !== 'function');
  expect(missing).toEqual([]);
});
