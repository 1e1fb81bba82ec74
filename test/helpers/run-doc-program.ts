/**
 * Runs a TypeScript program taken from the documentation, as a user would (a child Node process
 * with tsx), with the package's own import names pointed at the source: the tests never need a build.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, with a trailing slash. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const require = createRequire(import.meta.url);

/** `program` with `finetune-kit`, `finetune-kit/testing`, `finetune-kit/evaluate` and `openai` imports resolved to files. */
export function pointImportsAtSource(program: string): string {
  return program
    .replaceAll("from 'finetune-kit/testing'", `from '${REPO_ROOT}src/testing/index.ts'`)
    .replaceAll("from 'finetune-kit/evaluate'", `from '${REPO_ROOT}src/evaluate/index.ts'`)
    .replaceAll("from 'finetune-kit'", `from '${REPO_ROOT}src/index.ts'`)
    .replaceAll("from 'openai'", `from '${require.resolve('openai').replace(/index\.js$/, 'index.mjs')}'`);
}

/**
 * Writes `program` into a new temporary directory next to `files` (copied there by
 * `setup(dir)`), runs it and returns what it printed.
 *
 * @param program - The program, with the package's import names.
 * @param setup - Puts the data the program reads into its working directory.
 * @param timeoutMs - Kills the program after this long (the run then throws). @default 60000
 * @throws The child process error (non-zero exit, timeout) with its output.
 */
export function runDocProgram(program: string, setup: (dir: string) => void, timeoutMs = 60_000): string {
  const dir = mkdtempSync(join(tmpdir(), 'finetune-kit-doc-'));
  try {
    setup(dir);
    writeFileSync(join(dir, 'program.mts'), pointImportsAtSource(program));
    return execFileSync(process.execPath, ['--import', require.resolve('tsx'), 'program.mts'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      timeout: timeoutMs,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
