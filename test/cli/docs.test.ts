import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runDocProgram } from '../helpers/run-doc-program.js';
import { REPO_ROOT } from './helpers/run-cli-process.js';

const doc = readFileSync(`${REPO_ROOT}docs/cli.md`, 'utf8');

/** The text of the `###` section whose heading names the command. */
function section(name: string): string {
  const headings = [...doc.matchAll(/^### (.+)$/gm)];
  const index = headings.findIndex((heading) =>
    new RegExp(`\`(finetune-kit )?${name}\``).test(heading[1] ?? ''),
  );
  if (index === -1) return '';
  const start = headings[index]?.index ?? 0;
  const end = headings[index + 1]?.index ?? doc.length;
  return doc.slice(start, end);
}

describe('docs/cli.md', () => {
  it('documents every command with every option, an example and its exit codes', () => {
    for (const command of COMMANDS) {
      const text = section(command.name);
      expect(text, `no section for ${command.name}`).not.toBe('');
      for (const [name, spec] of Object.entries(command.options ?? {})) {
        expect(text, `${command.name} --${name}`).toContain(`--${spec.negatable ? 'no-' : ''}${name}`);
      }
      expect(text, command.name).toContain(`$ finetune-kit ${command.name}`);
      expect(text, command.name).toMatch(/Exit codes: /);
    }
  });

  it('lists every exit code', () => {
    for (const code of Object.values(ExitCode)) expect(doc).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});

describe('docs/getting-started.md', () => {
  it('runs its TypeScript program on the example data and prints what the guide shows', async () => {
    const guide = readFileSync(`${REPO_ROOT}docs/getting-started.md`, 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(guide)?.[1] ?? '';
    const shown = /it prints:\n\n```console\n([\s\S]*?)```/.exec(guide)?.[1] ?? '';
    expect(code).toContain("from 'finetune-kit'");
    const output = runDocProgram(code, (dir) => {
      copyFileSync(`${REPO_ROOT}examples/data/chat-support.jsonl`, join(dir, 'train.jsonl'));
      copyFileSync(`${REPO_ROOT}examples/data/chat-support-validation.jsonl`, join(dir, 'valid.jsonl'));
    });
    const expected = shown.split('\n').filter((line) => line && !line.startsWith('…'));
    const printed = output.split('\n');
    for (const line of expected) expect(printed).toContain(line);
  });
});
