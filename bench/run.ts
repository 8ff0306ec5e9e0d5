/**
 * `npm run bench`: runs every `bench/*.bench.ts` module in name order and prints its table.
 * Benchmarks are scripts, never tests: these machines are noisy, so nothing here asserts a time.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

interface BenchModule {
  /** A section for docs/benchmarks.md, set by `run`. @default - none */
  readonly markdown?: string;
  run(): Promise<void> | void;
}

const BENCHMARKS_MD = join(__dirname, '..', 'docs', 'benchmarks.md');

/**
 * Puts a module's section into docs/benchmarks.md between `<!-- bench:NAME -->` markers: replaced
 * where it is, appended otherwise (the policy bench rewrites the rest of the file).
 */
function writeSection(name: string, markdown: string): void {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${markdown.trimEnd()}\n${close}\n`;
  const text = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '';
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  const next = start >= 0 && end > start
    ? text.slice(0, start) + block + text.slice(end + close.length).replace(/^\n/, '')
    : `${text.trimEnd()}\n\n${block}`;
  writeFileSync(BENCHMARKS_MD, next);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  // The policy bench rewrites docs/benchmarks.md whole: the sections of benches not run this time are kept.
  const before = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '';
  const kept = [...before.matchAll(/<!-- bench:([a-z-]+) -->\n([\s\S]*?)\n<!-- \/bench:\1 -->/g)].map((m) => [m[1], m[2]] as [string, string]);
  const sections: Array<[string, string]> = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(__dirname, file)) as BenchModule;
    await mod.run();
    if (mod.markdown) sections.push([file.replace(/\.bench\.ts$/, ''), mod.markdown]);
    console.log('');
  }
  for (const [name, markdown] of kept) if (!sections.some(([ran]) => ran === name)) sections.push([name, markdown]);
  for (const [name, markdown] of sections) writeSection(name, markdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
