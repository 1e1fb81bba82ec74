/**
 * Runs a script in a fresh Node process (with tsx, from the repository root) that logs every module
 * URL it resolves, for the tests that prove what an entry loads at run time.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const hooks = new URL('../job/helpers/log-resolve.mjs', import.meta.url).href;

/**
 * @param lines - ES module source lines, run after the resolve hooks are registered.
 * @returns The process's stderr lines; each resolved module is a `RESOLVED <url>` line, in order.
 */
export async function runLoggingResolves(lines: readonly string[]): Promise<string[]> {
  const script = [
    "import { register } from 'node:module';",
    `register(${JSON.stringify(hooks)});`,
    ...lines,
  ].join('\n');
  const { stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
  });
  return stderr.split('\n');
}

/** The URLs of the `RESOLVED <url>` lines among `lines`. */
export function resolvedUrls(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith('RESOLVED ')).map((line) => line.slice('RESOLVED '.length));
}
