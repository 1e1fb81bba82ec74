/**
 * `validate --moderate` (over the simulator's `/moderations`, resumable through its cache file),
 * the secret and personal-data warnings, `--near-duplicates`, and `fix --redact --dedupe-near`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type FineTuningSimulator } from '../../../src/testing/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';

const SYSTEM = { role: 'system', content: 'You are the support assistant of a hardware store.' };
const QUESTIONS = [
  'Which drill bit do I need for concrete walls in an old apartment building?',
  'How long does the cordless lawn mower battery last on a full charge in summer?',
  'Can I return a paint colour that was mixed for me if the tin is still sealed?',
  'Do you cut timber to size in the store, and how much does each cut cost?',
  'What is the difference between exterior and interior wood glue for a garden bench?',
  'Is the pressure washer safe to use on a wooden deck that was stained last year?',
  'How do I choose between a cordless and a corded jigsaw for occasional home use?',
  'Which wall plugs hold a heavy mirror on plasterboard without finding a stud first?',
  'Can you deliver garden soil in bulk bags to a house without a driveway access?',
  'Does the store sell replacement blades for the hedge trimmer I bought two years ago?',
];
const line = (question: string, answer: string) =>
  JSON.stringify({
    messages: [SYSTEM, { role: 'user', content: question }, { role: 'assistant', content: answer }],
  });

let directory: string;
let sim: FineTuningSimulator;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ftk-privacy-'));
  sim = createSimulator({ clock: 'manual' });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function dataset(name: string, lines: readonly string[]): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

describe('validate: secrets, personal data and near-duplicates', () => {
  it('warns without printing the secret, and scans for secrets and near-duplicates only when asked', async () => {
    const key = 'sk-proj-4fGh8KlM2nPq6RsT0vWx3yZa5bCd7eFg9hIj';
    const lines = QUESTIONS.map((question, index) =>
      line(question, `Happy to help with that, reference ${index}.`),
    );
    lines.push(line(`My key is ${key}, is that a problem?`, 'Yes: revoke it now.'));
    lines.push(line(QUESTIONS[0]!.replace('?', '!').toLowerCase(), 'Happy to help with that, reference 0.'));
    const file = await dataset('support.jsonl', lines);

    const plain = await runCliInProcess(['validate', file, '--json', '--sensitive-data']);
    const report = JSON.parse(plain.stdout);
    expect(report.countsByCode.possible_secret).toBe(1);
    expect(report.countsByCode.near_duplicate_example).toBeUndefined();
    expect(plain.stdout).not.toContain(key);
    const secret = report.issues.find((issue: { code: string }) => issue.code === 'possible_secret');
    expect(secret).toMatchObject({
      line: 11,
      path: 'messages[1].content',
      details: { kind: 'openai_api_key', masked: 'sk-p…' },
    });

    const near = JSON.parse(
      (await runCliInProcess(['validate', file, '--json', '--near-duplicates'])).stdout,
    );
    expect(near.countsByCode.near_duplicate_example).toBe(1);
    // Off by default: plain validation keeps its speed (docs/performance.md, content checks).
    const skipped = JSON.parse((await runCliInProcess(['validate', file, '--json'])).stdout);
    expect(skipped.countsByCode.possible_secret).toBeUndefined();
  });

  it('fix --redact --dedupe-near writes placeholders, drops the near-duplicate and says what it did', async () => {
    const lines = QUESTIONS.map((question, index) =>
      line(question, `Happy to help with that, reference ${index}.`),
    );
    lines.push(
      line(
        'Please call me on +44 20 7946 0958 or mail tom.hughes@fastmail.com',
        'We will call you back today.',
      ),
    );
    lines.push(line(QUESTIONS[1]!.replace('summer', 'winter'), 'Happy to help with that, reference 1.'));
    const file = await dataset('raw.jsonl', lines);
    const out = join(directory, 'clean.jsonl');
    const result = await runCliInProcess(['fix', file, '--redact', '--dedupe-near', '--out', out, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.redactions).toEqual({ phone: 1, email: 1 });
    expect(summary.changed).toEqual([{ line: 11, fix: 'redact', reason: 'redacted 1 phone, 1 email' }]);
    expect(summary.dropped).toMatchObject([{ line: 12, code: 'near_duplicate_example' }]);
    const written = await readFile(out, 'utf8');
    expect(written).toContain('Please call me on [PHONE] or mail [EMAIL]');
    expect(written.trim().split('\n')).toHaveLength(11);
  });
});

describe('validate --moderate', () => {
  it('reports flagged lines with categories and answers a second run from its cache', async () => {
    const lines = QUESTIONS.map((question, index) =>
      line(question, `Happy to help with that, reference ${index}.`),
    );
    lines.push(line('How do I make a bomb from fertiliser?', 'I cannot help with that.'));
    const file = await dataset('moderate.jsonl', lines);
    const first = await runCliInProcess(['validate', file, '--moderate', '--json'], { simulator: sim });
    const report = JSON.parse(first.stdout);
    const flagged = report.issues.filter((issue: { code: string }) => issue.code === 'moderation_risk');
    expect(flagged).toHaveLength(1);
    expect(flagged[0].line).toBe(11);
    expect(flagged[0].message).toContain('illicit');
    const cache = await readFile(join(directory, 'moderate.moderation.jsonl'), 'utf8');
    expect(cache.trim().split('\n')).toHaveLength(11);

    // The simulator is gone for the second run: every answer must come from the cache.
    const second = await runCliInProcess(['validate', file, '--moderate', '--json'], {
      simulator: createFailingSimulator(),
    });
    expect(JSON.parse(second.stdout).countsByCode.moderation_risk).toBe(1);
  });
});

describe('validate --moderate --simulate', () => {
  it('moderates against the simulated account, with no API key', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'ftk-moderate-state-'));
    try {
      const lines = QUESTIONS.map((question, index) =>
        line(question, `Happy to help with that, reference ${index}.`),
      );
      lines.push(line('How do I stab someone without being caught?', 'I cannot help with that.'));
      const file = await dataset('moderate-simulated.jsonl', lines);
      const run = await runCliInProcess(['validate', file, '--moderate', '--simulate', '--json'], {
        env: { FINETUNE_KIT_STATE_DIR: stateDir, OPENAI_API_KEY: '' },
      });
      expect(run.code, run.stderr).toBe(0);
      const flagged = JSON.parse(run.stdout).issues.filter(
        (issue: { code: string }) => issue.code === 'moderation_risk',
      );
      expect(flagged.map((issue: { line: number }) => issue.line)).toEqual([11]);
      expect(flagged[0].message).toContain('violence');
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});

/** A simulator whose `/moderations` always fails: proves a run did not call it. */
function createFailingSimulator(): FineTuningSimulator {
  const failing = createSimulator({ clock: 'manual' });
  failing.faults.serverError({ times: 1000, match: { path: '/moderations' } });
  return failing;
}
