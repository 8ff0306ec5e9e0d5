/**
 * The library must stay publishable through jsii: this compiles it with jsii, checks that the
 * generated Python bindings contain the public API (full packaging needs PyPI, which this machine
 * cannot reach), and that the committed API.md is what jsii-docgen generates from the code.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) =>
  execFileSync(bin(cmd), args, { cwd: root, stdio: 'pipe', encoding: 'utf-8' });

describe('jsii packaging', () => {
  const out = mkdtempSync(join(tmpdir(), 'dynamic-scaling-pacmak-'));

  beforeAll(() => {
    run('jsii', ['--silence-warnings=reserved-word']);
  }, 600_000);

  test('jsii writes the assembly with the DynamicScaling construct', () => {
    const assembly = JSON.parse(readFileSync(join(root, '.jsii'), 'utf-8'));
    expect(Object.keys(assembly.types)).toContain('cdk-dynamic-scaling.DynamicScaling');
    expect(Object.keys(assembly.targets).sort()).toEqual(['dotnet', 'go', 'java', 'js', 'python']);
  });

  test('the generated Python bindings expose DynamicScaling', () => {
    run('jsii-pacmak', ['--target', 'python', '--code-only', '--outdir', out]);
    const pyRoot = join(out, 'python', 'src', 'cdk_dynamic_scaling');
    expect(existsSync(pyRoot)).toBe(true);
    const init = readFileSync(join(pyRoot, '__init__.py'), 'utf-8');
    expect(init).toMatch(/^class DynamicScaling\(/m);
    expect(readdirSync(pyRoot)).toContain('_jsii');
  }, 600_000);

  test('the Java, .NET and Go bindings are generated too, with the Lambda path\'s API', () => {
    run('jsii-pacmak', ['--target', 'java', '--target', 'dotnet', '--target', 'go', '--code-only', '--outdir', out]);
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const all = (lang: string) => files(join(out, lang)).map((f) => f.slice(out.length));
    expect(all('java').some((f) => f.endsWith('/dev/dynamicscaling/cdk/CustomScalingOptions.java'))).toBe(true);
    expect(all('dotnet').some((f) => f.endsWith('/DynamicScaling/Cdk/CustomScalingOptions.cs'))).toBe(true);
    const go = files(join(out, 'go')).filter((f) => f.endsWith('.go')).map((f) => readFileSync(f, 'utf-8')).join('\n');
    expect(go).toMatch(/func ScalingPolicy_Custom\(/);
    expect(go).toMatch(/func ScalingPolicy_FromDynamicDynamoDbConfig\(/);
  }, 600_000);

  test('API.md is what jsii-docgen generates from the code', () => {
    const generated = join(out, 'API.md');
    run('jsii-docgen', ['-o', generated]);
    expect(readFileSync(join(root, 'API.md'), 'utf-8')).toEqual(readFileSync(generated, 'utf-8'));
  }, 600_000);
});
