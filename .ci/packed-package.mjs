// Shared by the CI checks that consume the packed tarball (.ci/types-consumer.mjs,
// .ci/ts-node-smoke.mjs): pack without a rebuild, and link a dependency from the repository's
// node_modules into a consumer project, so no registry is needed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `npm pack` into `destination` (without a `prepack` rebuild: CI built just before); returns the tarball. */
export function pack(dir, destination) {
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: dir,
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(out);
  return join(destination, filename);
}

/** Links `<modules>/<name>` to the repository's installed copy of `name`. */
export function linkFromRepo(modules, name) {
  const target = join(repo, 'node_modules', name);
  mkdirSync(dirname(join(modules, name)), { recursive: true });
  symlinkSync(target, join(modules, name), 'dir');
}
