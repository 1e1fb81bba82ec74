import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runDocProgram } from '../helpers/run-doc-program.js';

/** Latencies are wall time: the column is compared by shape only. */
function normalize(line: string): string {
  return line.replace(/ +/g, ' ').replace(/ \d+\/\d+ (\d+\/\d+ \$)/, ' L $1');
}

describe('docs/evaluate.md', () => {
  it('runs its quick start against the simulator and prints what the guide shows', () => {
    const guide = readFileSync(`${REPO_ROOT}docs/evaluate.md`, 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(guide)?.[1] ?? '';
    const shown = /It prints:\n\n```console\n([\s\S]*?)```/.exec(guide)?.[1] ?? '';
    expect(code).toContain("from 'finetune-kit/evaluate'");
    const output = runDocProgram(
      code,
      (dir) => {
        copyFileSync(`${REPO_ROOT}examples/data/chat-support.jsonl`, join(dir, 'train.jsonl'));
        copyFileSync(`${REPO_ROOT}examples/data/chat-support-validation.jsonl`, join(dir, 'valid.jsonl'));
        copyFileSync(
          `${REPO_ROOT}examples/data/chat-support-paraphrases.jsonl`,
          join(dir, 'paraphrases.jsonl'),
        );
      },
      120_000,
    );
    const printed = output.split('\n').map(normalize);
    const expected = shown.split('\n').filter((line) => line.trim() !== '');
    expect(expected.length).toBeGreaterThan(20);
    for (const line of expected) expect(printed).toContain(normalize(line));
  }, 150_000);
});
