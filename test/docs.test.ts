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

/**
 * Every `§N`, `§N.M` and `RN.M` reference of the code, the tests and the docs names a section or a
 * rule of docs/dynamic-dynamodb-semantics.md: `§N` a `## N.` heading, `§N.M` a `### N.M` heading,
 * `RN.M` a line starting with the rule label `RN.M`.
 */
describe('references to docs/dynamic-dynamodb-semantics.md', () => {
  const SPEC = 'docs/dynamic-dynamodb-semantics.md';
  const spec = readFileSync(join(root, SPEC), 'utf8');
  const anchors = new Set<string>([
    ...[...spec.matchAll(/^##\s+(\d+)\.\s/gm)].map((m) => `§${m[1]}`),
    ...[...spec.matchAll(/^###\s+(\d+\.\d+)\b/gm)].map((m) => `§${m[1]}`),
    ...[...spec.matchAll(/^(R\d+\.\d+)\b/gm)].map((m) => m[1]),
  ]);

  /** The files under `dir` (relative to the root) whose names end with `ext`, recursively. */
  function filesUnder(dir: string, ext: string): string[] {
    return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(rel, ext);
      return e.name.endsWith(ext) ? [rel] : [];
    });
  }

  const sources = [
    ...filesUnder('src', '.ts'),
    ...filesUnder('test', '.ts'),
    ...filesUnder('lambda', '.ts'),
    ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
    'README.md',
  ];

  /** Every § and R reference of `file`, with its line. */
  function referencesIn(file: string): Array<{ file: string; line: number; ref: string }> {
    return readFileSync(join(root, file), 'utf8').split('\n').flatMap((text, i) => [
      ...[...text.matchAll(/§\s?(\d+(?:\.\d+)?)/g)].map((m) => `§${m[1]}`),
      ...[...text.matchAll(/\b(R\d+\.\d+)\b/g)].map((m) => m[1]),
    ].map((ref) => ({ file, line: i + 1, ref })));
  }

  test('the document has its sections (1 to 15) and rules', () => {
    for (let n = 1; n <= 15; n++) expect(anchors).toContain(`§${n}`);
    expect(anchors).toContain('§2.3');
    expect(anchors).toContain('R1.1');
    expect(anchors).toContain('R11.2');
  });

  test('every § and R reference in src/, test/, lambda/, docs/*.md and README.md resolves', () => {
    const refs = sources.flatMap(referencesIn);
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter((r) => !anchors.has(r.ref)).map((r) => `${r.file}:${r.line}: ${r.ref}`);
    expect(broken).toEqual([]);
  });
});

test('the generated benchmark prints no unset value ("undefined", "NaN") where a number belongs', () => {
  // docs/benchmarks.md interpolates policy options: an option a preset no longer set once printed "undefined".
  const text = readFileSync(join(root, 'docs/benchmarks.md'), 'utf8');
  const found = text.split('\n').flatMap((line, i) => (/\b(undefined|NaN)\b/.test(line) ? [`docs/benchmarks.md:${i + 1}`] : []));
  expect(found).toEqual([]);
});
