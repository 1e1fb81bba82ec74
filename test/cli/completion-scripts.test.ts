/**
 * `finetune-kit completion`: scripts generated from the command table. The bash script is loaded
 * into a real bash and asked for completions as the shell would; zsh and fish are not installed on
 * every machine, so their scripts are checked for every command and option.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptionSpec } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { completionScript } from '../../src/cli/completion-scripts.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { API_OPTIONS, GLOBAL_OPTIONS } from '../../src/cli/global-options.js';
import { runCliInProcess } from './helpers/run-cli-in-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-cli-completion-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What bash offers for each command line (the last word being completed). */
function bashCompletions(script: string, lines: readonly string[][]): string[] {
  const calls = lines
    .map((words) => {
      const quoted = words.map((word) => `'${word}'`).join(' ');
      return `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _finetune_kit; echo "\${COMPREPLY[*]}"`;
    })
    .join('\n');
  return execFileSync('bash', ['--norc', '--noprofile', '-c', `${script}\n${calls}`], { encoding: 'utf8' })
    .split('\n')
    .slice(0, lines.length);
}

describe('completion bash', () => {
  it('completes commands, options of the command, subcommands, and leaves values to the shell', async () => {
    const run = await runCliInProcess(['completion', 'bash']);
    expect(run.code).toBe(ExitCode.ok);
    const script = run.stdout;
    await writeFile(join(dir, 'finetune-kit.bash'), script);
    expect(() => execFileSync('bash', ['-n', join(dir, 'finetune-kit.bash')])).not.toThrow();
    expect(
      bashCompletions(script, [
        ['finetune-kit', 'va'],
        ['finetune-kit', 'c'],
        ['finetune-kit', '--v'],
        ['finetune-kit', 'run', '--val'],
        ['finetune-kit', 'list', '--max'],
        ['finetune-kit', 'split', '--max'],
        ['finetune-kit', 'simulate', 're'],
        ['finetune-kit', 'run', '--model', ''],
        ['finetune-kit', 'watch', '--no-c'],
      ]),
    ).toEqual([
      'validate',
      'convert create cancel checkpoints chat completion',
      '--version',
      '--validation-file',
      // API options only for API commands.
      '--max-retries',
      '--max-validation',
      'reset',
      '',
      '--no-chart',
    ]);
  });
});

describe('completion zsh and fish', () => {
  it('name every command with its summary and every option of each', () => {
    const zsh = completionScript('zsh', COMMANDS);
    const fish = completionScript('fish', COMMANDS);
    expect(zsh.startsWith('#compdef finetune-kit\n')).toBe(true);
    for (const command of COMMANDS) {
      expect(zsh).toContain(`    ${command.name})\n      _arguments -s `);
      expect(fish).toContain(`complete -c finetune-kit -n __fish_use_subcommand -f -a ${command.name} -d '`);
      const options: Record<string, OptionSpec> = {
        ...command.options,
        ...GLOBAL_OPTIONS,
        ...(command.usesApi ? API_OPTIONS : {}),
      };
      for (const [name, spec] of Object.entries(options)) {
        const long = `${spec.negatable ? 'no-' : ''}${name}`;
        expect(fish).toContain(
          `complete -c finetune-kit -n '__fish_seen_subcommand_from ${command.name}' -l ${long}${spec.short ? ` -s ${spec.short}` : ''}${spec.type === 'string' ? ' -r' : ''} -d '`,
        );
      }
    }
    // Quotes and colons in summaries are escaped for zsh's specs and fish's strings.
    expect(zsh).toContain("'events:Print a job'\\''s event log, oldest first'");
    expect(zsh).toContain("'validate:Check a JSONL file\\: every issue");
    expect(fish).toContain("-a events -d 'Print a job\\'s event log, oldest first'");
  });

  it('refuses another shell with a usage error naming the three', async () => {
    const run = await runCliInProcess(['completion', 'powershell']);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).toBe(
      'Error: Unknown shell "powershell": use bash, zsh, fish.\nRun `finetune-kit completion --help` for usage.\n',
    );
  });
});
