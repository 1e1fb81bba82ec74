import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
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
    const dir = mkdtempSync(join(tmpdir(), 'finetune-kit-guide-'));
    try {
      copyFileSync(`${REPO_ROOT}examples/data/chat-support.jsonl`, join(dir, 'train.jsonl'));
      copyFileSync(`${REPO_ROOT}examples/data/chat-support-validation.jsonl`, join(dir, 'valid.jsonl'));
      // The package's own names, pointed at the source (the tests never need a build).
      const program = code
        .replace("from 'finetune-kit/testing'", `from '${REPO_ROOT}src/testing/index.ts'`)
        .replace("from 'finetune-kit'", `from '${REPO_ROOT}src/index.ts'`)
        .replace(
          "from 'openai'",
          `from '${createRequire(import.meta.url)
            .resolve('openai')
            .replace(/index\.js$/, 'index.mjs')}'`,
        );
      writeFileSync(join(dir, 'program.mts'), program);
      const output = execFileSync(
        process.execPath,
        ['--import', createRequire(import.meta.url).resolve('tsx'), 'program.mts'],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        },
      );
      const expected = shown.split('\n').filter((line) => line && !line.startsWith('…'));
      const printed = output.split('\n');
      for (const line of expected) expect(printed).toContain(line);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
