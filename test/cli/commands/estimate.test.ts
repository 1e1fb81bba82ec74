import { describe, expect, it } from 'vitest';
import type { ModelEstimate } from '../../../src/cli/commands/estimate.js';
import { Dataset } from '../../../src/dataset/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { REPO_ROOT, runCliProcess } from '../helpers/run-cli-process.js';

interface EstimateJson {
  ok: boolean;
  examples: number;
  models: ModelEstimate[];
}

describe('finetune-kit estimate', () => {
  it('prices several models side by side (spawned), each equal to validate()', async () => {
    const run = await runCliProcess([
      'estimate',
      'examples/data/chat-support.jsonl',
      '--model',
      'gpt-4o-mini',
      '--model',
      'gpt-4.1',
      '--model',
      'gpt-3.5-turbo',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/chat-support\.jsonl: 60 chat examples, 3 epochs/);
    expect(run.stdout).toMatch(
      /model +encoding +limit +over +tokens\/epoch +billed tokens +cost +new jobs until/,
    );
    expect(run.stdout).toMatch(/gpt-4o-mini-2024-07-18 +o200k_base +65,536 +0 +[\d,]+ +[\d,]+ +\$\d+\.\d+/);
    expect(run.stdout).toMatch(/gpt-3\.5-turbo-0125 +cl100k_base +16,385/);
    expect(run.stdout).toContain('(ended)');

    const json = await runCliInProcess([
      'estimate',
      'examples/data/chat-support.jsonl',
      '--model',
      'gpt-4o-mini',
      '--model',
      'gpt-4.1',
      '--model',
      'gpt-3.5-turbo',
      '--json',
    ]);
    const result = JSON.parse(json.stdout) as EstimateJson;
    expect(result.models.map((row) => row.model)).toEqual([
      'gpt-4o-mini-2024-07-18',
      'gpt-4.1-2025-04-14',
      'gpt-3.5-turbo-0125',
    ]);
    for (const row of result.models) {
      const report = await Dataset.fromFile(`${REPO_ROOT}examples/data/chat-support.jsonl`).validate({
        model: row.model,
      });
      expect(row.estimate.billablePerEpoch).toBe(report.estimate.billablePerEpoch);
      expect(row.estimate.costUsd).toBe(report.estimate.costUsd);
      expect(row.estimate.epochs).toBe(report.estimate.epochs);
    }
    // Different encodings count differently; the same encoding counts the same.
    const [mini, full, turbo] = result.models;
    expect(mini?.estimate.billablePerEpoch).toBe(full?.estimate.billablePerEpoch);
    expect(turbo?.estimate.billablePerEpoch).not.toBe(mini?.estimate.billablePerEpoch);
    expect(full?.estimate.costUsd).toBeGreaterThan(mini?.estimate.costUsd ?? Number.POSITIVE_INFINITY);
  });

  it('compares every current model by default, explains missing prices, and exits 1 on invalid data', async () => {
    const current = JSON.parse(
      (await runCliInProcess(['estimate', 'examples/data/chat-support.jsonl', '--json'])).stdout,
    ) as EstimateJson;
    expect(current.models.length).toBeGreaterThanOrEqual(1);
    expect(current.models.every((row) => (row.daysUntilJobCreationEnds ?? 0) >= 0)).toBe(true);

    const all = await runCliInProcess([
      'estimate',
      'examples/data/chat-support.jsonl',
      '--all',
      '--n-epochs',
      '2',
    ]);
    expect(all.stdout).toContain('o4-mini-2025-04-16: Reinforcement fine-tuning is billed per hour');
    expect(all.stdout).toContain('2 epochs (--n-epochs)');

    const broken = await runCliInProcess([
      'estimate',
      'examples/data/broken.jsonl',
      '--model',
      'gpt-4o-mini',
    ]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('run `finetune-kit validate examples/data/broken.jsonl` to see them');

    const both = await runCliInProcess(['estimate', 'x.jsonl', '--all', '--model', 'gpt-4o']);
    expect(both.code).toBe(2);
  });
});
