/**
 * `run` and `create` infer the training method from a local training file, as a user meets it:
 * the job is created with the data's method, stderr says it was inferred, `--method` still wins,
 * and a model that cannot train the method is a usage error naming one that can.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { INFERENCE_SAMPLE_LINES, inferMethodFromFile } from '../../src/cli/infer-method.js';
import { createSimulator, type FineTuningSimulator } from '../../src/testing/index.js';
import { runCliInProcess } from './helpers/run-cli-in-process.js';

let dir: string;
let sim: FineTuningSimulator;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-cli-infer-'));
  // Each request moves the clock, so uploads are processed without real waiting.
  sim = createSimulator({ clock: 'manual', autoAdvanceMs: 5000 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const createJob = (args: string[]) => runCliInProcess(['create', ...args, '--json'], { simulator: sim });

describe('inferMethodFromFile', () => {
  it('reads the method from the first examples of each format', async () => {
    expect(await inferMethodFromFile('examples/data/dpo.jsonl')).toBe('dpo');
    expect(await inferMethodFromFile('examples/data/rft.jsonl')).toBe('reinforcement');
    expect(await inferMethodFromFile('examples/data/chat-support.jsonl')).toBe('supervised');
    expect(await inferMethodFromFile('examples/data/prompt-completion.jsonl')).toBe('supervised');
  });

  it('gives up (null) on mixed formats, no recognisable example, or an unreadable file', async () => {
    const mixed = join(dir, 'mixed.jsonl');
    await writeFile(
      mixed,
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}\n' +
        '{"input":{"messages":[{"role":"user","content":"a"}]},"preferred_output":[],"non_preferred_output":[]}\n',
    );
    const junk = join(dir, 'junk.jsonl');
    await writeFile(junk, 'not json\n[1, 2]\n{"text": "plain"}\n');
    expect(await inferMethodFromFile(mixed)).toBeNull();
    expect(await inferMethodFromFile(junk)).toBeNull();
    expect(await inferMethodFromFile(join(dir, 'missing.jsonl'))).toBeNull();
    expect(await inferMethodFromFile(dir)).toBeNull();
  });

  it(`reads only the first ${INFERENCE_SAMPLE_LINES} examples`, async () => {
    const chat = '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}\n';
    const preference =
      '{"input":{"messages":[{"role":"user","content":"a"}]},"preferred_output":[],"non_preferred_output":[]}\n';
    const late = join(dir, 'late.jsonl');
    await writeFile(late, chat.repeat(INFERENCE_SAMPLE_LINES) + preference);
    expect(await inferMethodFromFile(late)).toBe('supervised');
  });
});

describe('run and create: the method of the data', () => {
  it('creates a DPO job from preference data and says the method was inferred', async () => {
    const created = await createJob(['examples/data/dpo.jsonl']);
    expect(created.code).toBe(ExitCode.ok);
    expect(created.stderr).toContain('Method: dpo (inferred from the data)\n');
    expect(JSON.parse(created.stdout).method.type).toBe('dpo');
    // DPO-only options follow the inferred method.
    const beta = await createJob(['examples/data/dpo.jsonl', '--beta', '0.2']);
    expect(beta.code).toBe(ExitCode.ok);
    expect(JSON.parse(beta.stdout).method.dpo.hyperparameters.beta).toBe(0.2);
  });

  it('lets --method win over the data (validation then refuses the mismatch)', async () => {
    const forced = await createJob(['examples/data/dpo.jsonl', '--method', 'supervised']);
    expect(forced.stderr).not.toContain('inferred');
    expect(forced.code).toBe(ExitCode.failure);
    expect(forced.stderr).toContain('Error: Refusing to upload examples/data/dpo.jsonl: validation found');
  });

  it('says nothing for a file id (nothing to read): supervised, as the API defaults', async () => {
    const file = sim.addFile({
      filename: 'chat.jsonl',
      content: await readFile('examples/data/chat-support.jsonl'),
      processed: true,
    });
    const created = await createJob([file.id]);
    expect(created.stderr).not.toContain('Method:');
    expect(JSON.parse(created.stdout).method.type).toBe('supervised');
  });

  it('names a model that can train the method when --model cannot (usage error, exit 2)', async () => {
    const [dpo, rft] = await Promise.all([
      runCliInProcess(['run', 'examples/data/dpo.jsonl', '--model', 'gpt-3.5-turbo'], { simulator: sim }),
      runCliInProcess(['create', 'examples/data/rft.jsonl'], { simulator: sim }),
    ]);
    expect(dpo.code).toBe(ExitCode.usage);
    expect(dpo.stderr).toBe(
      'Method: dpo (inferred from the data)\n' +
        'Error: gpt-3.5-turbo cannot be trained with dpo (inferred from the data): use e.g. --model gpt-4o-mini.\n' +
        'Run `finetune-kit run --help` for usage.\n',
    );
    expect(rft.code).toBe(ExitCode.usage);
    expect(rft.stderr).toContain(
      'Error: gpt-4o-mini cannot be trained with reinforcement (inferred from the data): use e.g. --model o4-mini.\n',
    );
    const explicit = await runCliInProcess(
      ['create', 'examples/data/chat-support.jsonl', '--model', 'o4-mini', '--method', 'supervised'],
      { simulator: sim },
    );
    expect(explicit.code).toBe(ExitCode.usage);
    expect(explicit.stderr).toContain(
      'Error: o4-mini cannot be trained with supervised (--method supervised): use e.g. --model gpt-4o-mini.\n',
    );
    const grader = await runCliInProcess(['create', 'examples/data/rft.jsonl', '--model', 'o4-mini'], {
      simulator: sim,
    });
    expect(grader.stderr).toContain(
      'Error: Reinforcement data (inferred from the data) needs --grader <file.json>.\n',
    );
  });
});
