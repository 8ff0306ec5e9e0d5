/**
 * Bundles the scaler (lambda/index.ts) with esbuild: the Lambda's code and `dynamic-scaling run`'s
 * runtime, with the AWS SDK and Powertools inside (pinned, never the Lambda runtime's copy), for
 * Node 22. ESM entry points first (`module`, then `main`): esbuild tree-shakes them better, a
 * smaller bundle and a faster cold start. The build (`npx projen bundle:scaler`) and the tests
 * that run the bundle both call this, so they bundle alike.
 *
 * Usage: `ts-node lambda/bundle.ts OUTDIR`
 */
import { join } from 'path';
import { buildSync } from 'esbuild';

/** The bundle's file name in its folder. */
export const SCALER_BUNDLE_FILE = 'index.js';

/** Bundles the scaler into `outdir`; returns the bundle's path. */
export function bundleScaler(outdir: string): string {
  const outfile = join(outdir, SCALER_BUNDLE_FILE);
  buildSync({
    entryPoints: [join(__dirname, 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  const outdir = process.argv[2];
  if (!outdir) throw new Error('usage: ts-node lambda/bundle.ts OUTDIR');
  process.stdout.write(`${bundleScaler(outdir)}\n`);
}
