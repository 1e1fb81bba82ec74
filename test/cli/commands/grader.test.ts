/**
 * `grader validate` and `grader run`: on the graders API (the simulator here) and with `--local`
 * (the grader core), with --json, and exit 1 for an invalid grader or a grader that fails on the
 * sample.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { type SimulatorServer, startSimulatorServer } from '../helpers/simulator-server.js';

let server: SimulatorServer;
let dir: string;
const exact = {
  type: 'string_check',
  name: 'Exact answer',
  input: '{{sample.output_text}}',
  reference: '{{item.reference_answer}}',
  operation: 'eq',
};
const mixed = {
  type: 'multi',
  name: 'Mixed',
  graders: {
    exact,
    similar: {
      ...exact,
      type: 'text_similarity',
      name: 'Similar',
      operation: undefined,
      evaluation_metric: 'fuzzy_match',
    },
  },
  calculate_output: '0.5 * exact + 0.5 * similar',
};

async function file(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

beforeAll(async () => {
  server = await startSimulatorServer();
  dir = await mkdtemp(join(tmpdir(), 'finetune-kit-grader-'));
});
afterAll(() => server.close());

const run = (args: string[]) => runCliInProcess(['grader', ...args], { simulator: server.sim });

describe('grader validate', () => {
  it('says a valid grader is valid, on the API and locally', async () => {
    const path = await file('exact.json', exact);
    expect(await run(['validate', path])).toMatchObject({
      code: 0,
      stdout: '✓ Exact answer (string_check) is valid\n',
    });
    expect(await run(['validate', path, '--local'])).toMatchObject({
      code: 0,
      stdout: '✓ Exact answer (string_check) is valid\n',
    });
  });

  it('exits 1 naming the field of an invalid grader', async () => {
    const path = await file('bad.json', { ...exact, operation: 'equals' });
    const api = await run(['validate', path]);
    expect(api.code).toBe(ExitCode.failure);
    expect(api.stderr).toContain("'equals' is not one of ['eq', 'ne', 'like', 'ilike'] - 'grader.operation'");
    const local = await run(['validate', path, '--local', '--json']);
    expect(local.code).toBe(ExitCode.failure);
    expect(JSON.parse(local.stdout)).toEqual({
      valid: false,
      problems: [
        {
          path: 'grader.operation',
          message: "'equals' is not one of ['eq', 'ne', 'like', 'ilike'] - 'grader.operation'",
          code: null,
        },
      ],
    });
  });

  it('refuses a file that is not JSON as a usage error', async () => {
    const path = await file('broken.json', '{ "type": ');
    const result = await run(['validate', path]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain('is not JSON');
  });
});

describe('grader run', () => {
  it('prints the reward and the sub-rewards of a multi grader, the same on the API and locally', async () => {
    const path = await file('mixed.json', mixed);
    const args = ['run', path, '--sample', 'Pariss', '--item', '{"reference_answer": "Paris"}'];
    const api = await run(args);
    expect(api.code).toBe(0);
    expect(api.stdout).toBe('reward  0.4545  Mixed (multi)\n  exact  0\n  similar  0.9091\n');
    const local = await run([...args, '--local']);
    expect(local.stdout).toBe(api.stdout);
  });

  it('reads the sample and the item from files with @, and prints the result as JSON', async () => {
    const path = await file('exact2.json', exact);
    const sample = await file('answer.txt', 'Paris\n');
    const item = await file('item.json', { reference_answer: 'Paris' });
    const result = await run(['run', path, '--sample', `@${sample}`, '--item', `@${item}`, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      reward: 1,
      name: 'Exact answer',
      type: 'string_check',
      subRewards: {},
    });
  });

  it('exits 1 and names the error when the grader fails on the sample', async () => {
    const path = await file('exact3.json', exact);
    const result = await run(['run', path, '--sample', 'Paris', '--item', '{"answer": "Paris"}', '--local']);
    expect(result.code).toBe(ExitCode.failure);
    expect(result.stdout).toBe(
      'reward  0  Exact answer (string_check)\n✗ invalid template variable\n  {{item.reference_answer}} names nothing in the item\n',
    );
  });

  it('needs --sample, and an object as --item', async () => {
    const path = await file('exact4.json', exact);
    expect((await run(['run', path])).code).toBe(ExitCode.usage);
    expect((await run(['run', path, '--sample', 'x', '--item', '[1]'])).stderr).toContain(
      '--item must be a JSON object',
    );
  });

  it('runs the example grader of examples/data on a line of rft.jsonl', async () => {
    const line = readFileSync('examples/data/rft.jsonl', 'utf8').split('\n')[0] ?? '';
    const grader = 'examples/data/rft-grader.json';
    expect((await run(['validate', grader])).code).toBe(0);
    const result = await run(['run', grader, '--sample', '1800 g', '--item', line, '--local', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ reward: 0.5, subRewards: { exact: 0, contains: 1 } });
  });

  it('suggests the subcommand for a typo', async () => {
    const result = await run(['valdate']);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain('Did you mean "validate"?');
  });
});
