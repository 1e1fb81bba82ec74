import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runDocProgram } from '../helpers/run-doc-program.js';

const readme = readFileSync(`${REPO_ROOT}README.md`, 'utf8');

/** The text of the README's `##` section with this title. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  return start === -1 ? '' : readme.slice(start, end === -1 ? readme.length : end);
}

/** The first ```ts block of a text. */
function tsBlock(text: string): string {
  return /```ts\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
}

describe('README FAQ: the simulator in place of the API', () => {
  it('runs the Quick start, with the client swapped as the FAQ shows, to the end in seconds', () => {
    const quickStart = tsBlock(section('Quick start'));
    const swap = tsBlock(section('FAQ'));
    expect(swap).toContain("import { createSimulator } from 'finetune-kit/testing';");
    expect(quickStart).toContain('const client = new OpenAI();\n');
    const program = quickStart.replace('const client = new OpenAI();\n', swap);
    const started = Date.now();
    const output = runDocProgram(
      `${program}\nconsole.log('final status:', done.status, done.fine_tuned_model);\n`,
      (dir) => copyFileSync(`${REPO_ROOT}examples/data/chat-support.jsonl`, join(dir, 'train.jsonl')),
      60_000,
    );
    const elapsed = Date.now() - started;
    expect(output).toMatch(/^final status: succeeded ft:gpt-4o-mini-2024-07-18:sim-org::\w{8}$/m);
    expect(output).toContain("status: 'running'");
    // The status changes and every step's metrics, printed as they came.
    expect(output).toMatch(/^180 \d/m);
    expect(output).not.toContain('finetune-kit simulator:');
    // Validation, upload, three epochs of 60 steps, metrics: polls are 1 s apart on the real clock.
    expect(elapsed).toBeLessThan(30_000);
  }, 60_000);
});
