/**
 * README.md's TypeScript snippets compile against the library as a user writes them: each block's
 * imports and `declare`s at the top, the rest in a Stack's constructor (`this` is the stack),
 * `cdk-dynamic-scaling` resolved to src/.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const root = join(__dirname, '..');

/** The ```ts blocks of README.md, each with its first line. */
function snippets(): Array<{ line: number; code: string }> {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({ line: text.slice(0, m.index).split('\n').length, code: m[1] }));
}

/** A module whose top holds the snippet's imports and declarations and whose stack runs the rest. */
export function asModule(code: string): string {
  const lines = code.replace(/from 'cdk-dynamic-scaling'/g, `from ${JSON.stringify(join(root, 'src'))}`).split('\n');
  const top = lines.filter((l) => /^(import|declare) /.test(l));
  const body = lines.filter((l) => !/^(import|declare) /.test(l));
  return [
    "import { Stack as SnippetStack } from 'aws-cdk-lib';",
    "import { Construct as SnippetConstruct } from 'constructs';",
    ...top,
    'export class Snippet extends SnippetStack {',
    '  constructor(scope: SnippetConstruct) {',
    "    super(scope, 'Snippet');",
    ...body.map((l) => `    ${l}`),
    '  }',
    '}',
  ].join('\n');
}

test('README.md has TypeScript snippets, and every one compiles', () => {
  const blocks = snippets();
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  const files = new Map(blocks.map((b, i) => [join(root, 'test', `__readme_snippet_${i}.ts`), asModule(b.code)]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName))
    .map((d) => {
      const i = [...files.keys()].indexOf(d.file!.fileName);
      return `README.md snippet at line ${blocks[i].line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
}, 120_000);

test('a snippet that misuses the API is reported (the harness can fail)', () => {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Node10, types: ['node'] };
  const file = join(root, 'test', '__readme_snippet_bad.ts');
  const code = asModule("import { ScalingPolicy } from 'cdk-dynamic-scaling';\nScalingPolicy.recommended({ read: { minCapacity: 'five' } });");
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (f === file ? code : readFile(f));
  const program = ts.createProgram([file], options, host);
  expect(ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file).length).toBeGreaterThan(0);
}, 120_000);
