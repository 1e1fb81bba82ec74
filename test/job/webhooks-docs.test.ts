import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runDocProgram } from '../helpers/run-doc-program.js';

const doc = readFileSync(`${REPO_ROOT}docs/webhooks.md`, 'utf8');

/** The text of the `##` section with this title. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  const end = doc.indexOf('\n## ', start + 1);
  return start === -1 ? '' : doc.slice(start, end === -1 ? doc.length : end);
}

describe('docs/webhooks.md', () => {
  it('runs the end-to-end example: simulator → loopback http server → receiver → wait() settles', () => {
    const testing = section('Testing with the simulator');
    const blocks = [...testing.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    const program = blocks.find((block) => block.includes("from 'node:http'")) ?? '';
    expect(program).toContain('job.wait({ webhooks: hooks })');
    const output = runDocProgram(program, () => {}, 60_000);
    expect(output).toMatch(/^final status: succeeded ft:gpt-4o-mini-2024-07-18:sim-org::\w{8}$/m);
    // The first poll, then the one the webhook triggered: no 5-second polling.
    expect(output).toContain('polls: 2\n');
    expect(output).toContain("deliveries: [ 'fine_tuning.job.succeeded delivered' ]");
    // The output shown in the doc is the real one.
    const shown = /```text\n(final status:[\s\S]*?)```/.exec(testing)?.[1] ?? '';
    expect(shown.replace('::…', '')).toBe(output.replace(/::\w{8}/, ''));
  }, 90_000);

  it('links only to sections that exist', () => {
    const anchors = new Set(
      [...doc.matchAll(/^#{2,3} (.+)$/gm)].map((match) =>
        (match[1] ?? '')
          .toLowerCase()
          .replace(/[`,]/g, '')
          .replace(/[^a-z0-9 -]/g, '')
          .trim()
          .replace(/ /g, '-'),
      ),
    );
    for (const [, anchor] of doc.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors, anchor).toContain(anchor);
  });
});
