/**
 * Where the persisted simulated account (`--simulate`) lives, and how a command line names it again
 * in hints. Kept apart from the account itself so the CLI resolves it without loading the simulator.
 *
 * @module
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The default account directory: `$FINETUNE_KIT_STATE_DIR/simulator`, else
 * `$XDG_STATE_HOME/finetune-kit/simulator`, else `~/.local/state/finetune-kit/simulator` (the XDG
 * base directory specification's place for state that should persist between runs).
 *
 * @param env - The environment.
 * @returns The directory.
 */
export function defaultAccountDir(env: Readonly<Record<string, string | undefined>>): string {
  const override = env.FINETUNE_KIT_STATE_DIR?.trim();
  if (override) return join(override, 'simulator');
  const xdg = env.XDG_STATE_HOME?.trim();
  const base = xdg || join(env.HOME?.trim() || homedir(), '.local', 'state');
  return join(base, 'finetune-kit', 'simulator');
}

/** How hints name an account: the API commands' flag, and the `simulate` commands' option. */
export interface AccountFlags {
  /** ` --simulate`, or ` --simulate=DIR` for an account elsewhere than the default. */
  readonly simulate: string;
  /** `''`, or ` --dir DIR` for an account elsewhere than the default. */
  readonly dir: string;
}

/** `dir` quoted for a POSIX shell when it has characters the shell would read. */
function shellWord(dir: string): string {
  return /^[\w./:@+-]+$/.test(dir) ? dir : `'${dir.replaceAll("'", "'\\''")}'`;
}

/**
 * The flags that reach the account in `dir` again.
 *
 * @param dir - The account's directory.
 * @param env - The environment (for the default directory).
 * @returns The flags, each with a leading space (or empty).
 */
export function accountFlags(dir: string, env: Readonly<Record<string, string | undefined>>): AccountFlags {
  if (dir === defaultAccountDir(env)) return { simulate: ' --simulate', dir: '' };
  const word = shellWord(dir);
  return { simulate: ` --simulate=${word}`, dir: ` --dir ${word}` };
}
