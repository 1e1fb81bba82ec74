import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runDocProgram } from '../helpers/run-doc-program.js';

const doc = readFileSync(`${REPO_ROOT}docs/graders.md`, 'utf8');

describe('docs/graders.md', () => {
  it('runs its library example against the simulator and prints what the guide shows', () => {
    const program = /```ts\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(program).toContain("from 'finetune-kit'");
    const shown = /It prints:\n\n```text\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(runDocProgram(program, () => {})).toBe(shown);
  }, 90_000);

  it('links only to sections that exist', () => {
    const anchors = new Set(
      [...doc.matchAll(/^#{2,3} (.+)$/gm)].map((match) =>
        (match[1] ?? '')
          .toLowerCase()
          .replace(/[`,]/g, '')
          .replace(/[^a-z0-9 _-]/g, '')
          .trim()
          .replace(/ /g, '-'),
      ),
    );
    for (const [, anchor] of doc.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors, anchor).toContain(anchor);
  });
});
