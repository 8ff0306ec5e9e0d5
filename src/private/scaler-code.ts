import { existsSync } from 'fs';
import { join } from 'path';

/** The folder of the scaler bundle (`index.js`), built by `npx projen bundle:scaler` and shipped in the package. */
export const SCALER_CODE_DIR = join(__dirname, '..', '..', 'assets', 'scaler');

/**
 * The scaler bundle's folder. A source checkout that has not been built yet (tests and the demo
 * on a fresh clone) bundles it here first with the build's own esbuild options; the published
 * package always has it.
 */
export function scalerCodeDir(): string {
  if (existsSync(join(SCALER_CODE_DIR, 'index.js'))) return SCALER_CODE_DIR;
  const bundler = join(__dirname, '..', '..', 'lambda', 'bundle.ts');
  if (!existsSync(bundler)) {
    throw new Error(`DynamicScaling: the scaler bundle ${join(SCALER_CODE_DIR, 'index.js')} is missing from this installation`);
  }
  // A computed path keeps jsii from compiling lambda/ into the library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(bundler) as { bundleScaler(outdir: string): string }).bundleScaler(SCALER_CODE_DIR);
  return SCALER_CODE_DIR;
}
