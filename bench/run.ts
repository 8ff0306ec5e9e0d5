/**
 * `npm run bench`: runs every `bench/*.bench.ts` module in name order and prints its table.
 * Benchmarks are scripts, never tests: these machines are noisy, so nothing here asserts a time.
 */
import { readdirSync } from 'fs';
import { join } from 'path';

interface BenchModule {
  run(): Promise<void> | void;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(__dirname, file)) as BenchModule;
    await mod.run();
    console.log('');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
