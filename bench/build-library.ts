/**
 * Builds the library the way tsup does (esbuild, code splitting, dependencies external) into a
 * private folder, so benchmarks measure the shipped JavaScript (worker threads then load plain JS,
 * not TypeScript through tsx) without touching `dist/`.
 */

import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `src/dataset/index.ts` (and the root entry) to `outDir`.
 *
 * @returns The path of the dataset entry.
 */
export async function buildLibrary(outDir: string, format: 'esm' | 'cjs' = 'esm'): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const external = [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ].flatMap((name) => [name, `${name}/*`]);
  const extension = format === 'esm' ? '.js' : '.cjs';
  // esbuild does not clean its output folder; stale chunks would linger next to the new ones.
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: { 'dataset/index': join(root, 'src/dataset/index.ts'), index: join(root, 'src/index.ts') },
    outdir: outDir,
    bundle: true,
    splitting: format === 'esm',
    format,
    platform: 'node',
    target: 'node20',
    external,
    outExtension: { '.js': extension },
    // As tsup's `shims: true`: `import.meta.url` in CommonJS output.
    ...(format === 'cjs'
      ? {
          define: { 'import.meta.url': 'importMetaUrl' },
          inject: [join(root, 'node_modules/tsup/assets/cjs_shims.js')],
        }
      : {}),
    logLevel: 'warning',
  });
  return join(outDir, `dataset/index${extension}`);
}

/**
 * Bundles `bench/methods.ts` to plain JavaScript, so the measured processes run without tsx (its
 * loader thread alone adds tens of MB of RSS to every method).
 *
 * @returns The path of the bundled runner.
 */
export async function buildMethods(outDir: string): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const external = [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.devDependencies ?? {}),
  ].flatMap((name) => [name, `${name}/*`]);
  const outfile = join(outDir, 'methods.mjs');
  await build({
    entryPoints: [join(root, 'bench/methods.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    logLevel: 'warning',
  });
  return outfile;
}
