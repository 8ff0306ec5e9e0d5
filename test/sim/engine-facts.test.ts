/**
 * AWS facts and engine defaults are written once, in src/engine; the simulator and the CLI import
 * them. Scanned on the syntax tree, so comments and documentation may still quote the numbers.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';
import { parseCompare } from '../../src/cli/simulate-command';
import * as validateTargetTrackingModule from '../../src/engine/core/validate-target-tracking';
import { TargetTrackingModel } from '../../src/sim/target-tracking';

const ROOT = join(__dirname, '..', '..');

/** Numeric literals in the code (not comments, not text such as the report's embedded script) of every .ts file of `dir`. */
function numericLiterals(dir: string): Array<{ file: string; value: number }> {
  const found: Array<{ file: string; value: number }> = [];
  for (const name of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts'))) {
    const source = ts.createSourceFile(name, readFileSync(join(ROOT, dir, name), 'utf8'), ts.ScriptTarget.Latest);
    const visit = (node: ts.Node): void => {
      if (ts.isNumericLiteral(node)) found.push({ file: `${dir}/${name}`, value: Number(node.text) });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

afterEach(() => jest.restoreAllMocks());

test.each([
  ['the default table quota (DEFAULT_MAX_CAPACITY)', 40000],
  ['a UTC day of the decrease quota (utcDay)', 86_400_000],
  ['the decrease quota\'s hour (DECREASE_INTERVAL_MS)', 3_600_000],
])('%s is imported from the engine by src/sim and src/cli, not written there', (_name, value) => {
  const copies = [...numericLiterals('src/sim'), ...numericLiterals('src/cli')].filter((l) => l.value === value);
  expect(copies).toEqual([]);
});

test('the native target range is checked by validateTargetTracking, in the CLI and in the simulator', () => {
  const spy = jest.spyOn(validateTargetTrackingModule, 'validateTargetTracking');
  expect(parseCompare('native', { min: 1, max: 100 })).toEqual([
    { kind: 'native', name: 'native:70', targetUtilizationPercent: 70, scaleOutSizing: 'mean', minCapacity: 1, maxCapacity: 100 },
  ]);
  expect(() => parseCompare('native:91', { min: 1, max: 100 })).toThrow('--compare native:91: the target utilization must be 20-90 %');
  expect(() => new TargetTrackingModel({ targetUtilizationPercent: 19 })).toThrow('target utilization must be 20-90 %, got 19');
  expect(spy.mock.calls.map((c) => c[1].targetUtilizationPercent)).toEqual([70, 91, 19]);
});
