import { existsSync } from 'fs';
import { join } from 'path';

/**
 * The scaler's runtime for the commands that need the AWS SDK (`run`, `trace`): the SDK is a
 * dev dependency bundled into the scaler, so the package reaches it through the bundle.
 * `DYNAMIC_SCALING_SCALER_BUNDLE` when set; else, in the package, its `assets/scaler/index.js`;
 * else (a checkout run from its TypeScript sources, by ts-node or jest) `lambda/<sourceModule>`.
 *
 * @param sourceModule the module under `lambda/` that exports `member` in a source checkout
 * @param member the export the command calls, checked so an old bundle is named, not a crash
 */
export function loadScalerRuntime<T>(sourceModule: string, member: keyof T & string): T {
  const fromSource = __filename.endsWith('.ts');
  const bundle = process.env.DYNAMIC_SCALING_SCALER_BUNDLE
    ?? (fromSource ? undefined : join(__dirname, '..', '..', 'assets', 'scaler', 'index.js'));
  if (bundle !== undefined && !existsSync(bundle)) throw new Error(`the scaler bundle ${bundle} is missing: build the package (npx projen build)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = require(bundle ?? join(__dirname, '..', '..', 'lambda', sourceModule)) as Partial<T>;
  if (typeof runtime[member] !== 'function') throw new Error(`the scaler bundle ${bundle} has no ${member}: rebuild it (npx projen build)`);
  return runtime as T;
}
