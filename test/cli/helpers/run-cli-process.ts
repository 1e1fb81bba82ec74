/**
 * Runs `finetune-kit` as a real process with a clean environment: no OpenAI variables leak in from
 * the machine, colour is off unless a test turns it on.
 *
 * The CLI's source is bundled with esbuild (what tsup uses for `dist`) into `node_modules/.cache/`,
 * once per version of the source, and each test spawns `node` on that bundle. That keeps `npm test`
 * independent of `npm run build` while costing half the CPU of starting tsx in every process.
 * Set FINETUNE_KIT_CLI_TEST_TSX=1 to spawn `node --import tsx src/cli/main.ts` instead.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { afterAll } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The simulated account (`--simulate`) of CLIs run by this test worker, unless a test passes its own
 * FINETUNE_KIT_STATE_DIR: tests never write into the user's ~/.local/state. Removed after each test
 * file that imports this helper (a worker's exit does not always run exit handlers).
 */
export const TEST_STATE_DIR = join(tmpdir(), `finetune-kit-test-state-${process.pid}-${threadId}`);
afterAll(() => rmSync(TEST_STATE_DIR, { recursive: true, force: true }));
const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

let bundle: Promise<string> | undefined;

/** A key that changes whenever a source file (or the package manifest) changes. */
function sourceKey(): string {
  const hash = createHash('sha1');
  const src = join(REPO_ROOT, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of [...files.map((name) => join(src, name)), join(REPO_ROOT, 'package.json')]) {
    const info = statSync(file);
    if (info.isFile()) hash.update(`${file}:${info.size}:${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Bundles the CLI, once per version of the source: workers and runs share the bundle, which is
 * written under a temporary name and renamed, so concurrent workers never see half a file.
 */
function cliBundle(): Promise<string> {
  bundle ??= (async () => {
    const dir = join(REPO_ROOT, 'node_modules', '.cache', 'finetune-kit-cli-test');
    const outfile = join(dir, `main-${sourceKey()}.mjs`);
    if (existsSync(outfile)) return outfile;
    const { build } = await import('esbuild');
    mkdirSync(dir, { recursive: true });
    const temporary = `${outfile}.${process.pid}.tmp`;
    await build({
      entryPoints: [MAIN],
      outfile: temporary,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Dependencies load from node_modules, as they do for an installed package.
      packages: 'external',
      logLevel: 'error',
    });
    renameSync(temporary, outfile);
    // Bundles of older sources are of no further use.
    for (const name of readdirSync(dir)) {
      if (name.startsWith('main-') && name.endsWith('.mjs') && join(dir, name) !== outfile) {
        rmSync(join(dir, name), { force: true });
      }
    }
    return outfile;
  })();
  return bundle;
}

async function cliCommand(): Promise<string[]> {
  const tsx = ['--import', 'tsx', MAIN];
  if (process.env.FINETUNE_KIT_CLI_TEST_TSX) return tsx;
  // esbuild comes with tsup and tsx; should it ever be missing, tsx still runs the source.
  return cliBundle().then(
    (bundle) => [bundle],
    () => tsx,
  );
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
  /** stdout parsed as newline-delimited JSON. */
  jsonLines<T = Record<string, unknown>>(): T[];
}

export interface CliRunOptions {
  /** Extra environment variables (merged over the clean base). */
  readonly env?: Record<string, string>;
  /** @default the repository root */
  readonly cwd?: string;
  /** Kill the process after this long. @default 60_000 */
  readonly timeoutMs?: number;
  /** Send SIGINT once stdout or stderr contains this text. */
  readonly interruptOn?: string;
}

export async function runCliProcess(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const command = await cliCommand();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NO_COLOR: '1',
    FINETUNE_KIT_STATE_DIR: TEST_STATE_DIR,
    ...options.env,
  };
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const maybeInterrupt = () => {
      if (!interrupted && options.interruptOn && (stdout + stderr).includes(options.interruptOn)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      maybeInterrupt();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      maybeInterrupt();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        json: <T>() => {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not JSON:\n${stdout}\nstderr:\n${stderr}`);
          }
        },
        jsonLines: <T>() =>
          stdout
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => JSON.parse(line) as T),
      });
    });
  });
}
