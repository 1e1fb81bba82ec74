import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dataset } from '../../src/dataset/index.js';
import { FinetuneKitAbortError, FinetuneKitApiError, FinetuneKitUsageError } from '../../src/errors.js';
import { evaluate, evaluateJob } from '../../src/evaluate/index.js';
import type { CachedAnswer, EvaluateProgress } from '../../src/evaluate/types.js';
import type { RetryContext } from '../../src/job/retry.js';
import { SimJobClock } from '../job/helpers/sim.js';
import { chatRequests, finishedJob, supportExamples } from './helpers/sim.js';

const examples = (count: number) =>
  supportExamples(count)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { messages: Record<string, unknown>[] });

function mapCache() {
  const entries = new Map<string, CachedAnswer>();
  return {
    entries,
    cache: {
      get: (key: string) => entries.get(key),
      set: (key: string, value: CachedAnswer) => void entries.set(key, value),
    },
  };
}

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

describe('evaluate against the simulator', () => {
  it('scores later checkpoints above the base model, and says whether the losses agree', async () => {
    const { client, job, sim } = await finishedJob();
    const result = await evaluateJob(client, job.id, {
      data: examples(8),
      graders: ['exact', 'similarity'],
      clock: new SimJobClock(sim),
    });
    const base = result.model(job.model)!;
    const final = result.model(job.fine_tuned_model!)!;
    const checkpoints = result.models.filter((model) => model.kind === 'checkpoint');
    expect(base.kind).toBe('base');
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(result.baseline).toBe(job.model);
    // Better-trained models reproduce the training answers more often.
    const means = [base, ...checkpoints, final].map((model) => model.scores.similarity!.mean);
    expect(means).toEqual([...means].sort((a, b) => a - b));
    expect(final.scores.exact!.mean).toBeGreaterThan(base.scores.exact!.mean);
    const diff = final.vsBaseline!.exact!;
    expect(diff.wins + diff.ties + diff.losses).toBe(8);
    expect(diff.low).toBeGreaterThan(0);
    expect(base.vsBaseline).toBeNull();
    expect(result.best).toBe(job.fine_tuned_model);
    expect(result.lossRanking?.model).toMatch(/^ft:/);
    expect(result.notes.some((note) => /^The losses (agree|disagree)/.test(note))).toBe(true);
    // Token usage and the cost from the model table (gpt-4o-mini's inference prices).
    expect(final.usage.promptTokens).toBeGreaterThan(0);
    expect(final.cost.usd).toBeCloseTo(
      (final.usage.promptTokens * 0.3 + final.usage.completionTokens * 1.2) / 1e6,
      12,
    );
    expect(base.cost.usd).toBeCloseTo(
      (base.usage.promptTokens * 0.15 + base.usage.completionTokens * 0.6) / 1e6,
      12,
    );
    expect(final.latencyMs?.p50).toBeGreaterThanOrEqual(0);
    // Per example: every model's answer and score.
    expect(Object.keys(result.examples[0]!.answers).sort()).toEqual(
      result.models.map((model) => model.model).sort(),
    );
  });

  it('a re-run with the cache makes no request for answers it has (file cache on disk)', async () => {
    const { client, job, sim } = await finishedJob();
    const cacheDir = await mkdtemp(join(tmpdir(), 'fk-eval-'));
    directories.push(cacheDir);
    const options = { models: [job.model, job.fine_tuned_model!], data: examples(6), cacheDir };
    const first = await evaluate(client, options);
    const requests = chatRequests(sim);
    expect(requests).toBe(12);
    const second = await evaluate(client, options);
    expect(chatRequests(sim)).toBe(requests);
    expect(second.models.every((model) => model.cachedAnswers === 6)).toBe(true);
    expect(second.models.map((model) => model.scores)).toEqual(first.models.map((model) => model.scores));
    expect(second.models[0]!.cost.usdThisRun).toBe(0);
    // Two more examples: only those are asked.
    await evaluate(client, { ...options, data: examples(8) });
    expect(chatRequests(sim)).toBe(requests + 4);
    expect((await readdir(cacheDir)).length).toBeGreaterThan(0);
    // Another sampling parameter is another request: asked again.
    await evaluate(client, { ...options, samplingParams: { temperature: 0, max_completion_tokens: 64 } });
    expect(chatRequests(sim)).toBe(requests + 4 + 12);
  });

  it('an abort mid-run loses no answer received; the re-run asks only for the rest', async () => {
    const { client, job, sim } = await finishedJob();
    const { entries, cache } = mapCache();
    const controller = new AbortController();
    const models = [job.model, job.fine_tuned_model!];
    const run = evaluate(client, {
      models,
      data: examples(8),
      cache,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.done === 5) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(FinetuneKitAbortError);
    const received = chatRequests(sim);
    const kept = entries.size;
    expect(kept).toBeGreaterThanOrEqual(5);
    const progress: EvaluateProgress[] = [];
    const resumed = await evaluate(client, {
      models,
      data: examples(8),
      cache,
      onProgress: (p) => progress.push(p),
    });
    expect(chatRequests(sim) - received).toBe(16 - kept);
    expect(progress.at(-1)).toMatchObject({ done: 16, total: 16, models: 2, cached: kept, failed: 0 });
    const fresh = await evaluate(client, { models, data: examples(8) });
    expect(resumed.models.map((model) => model.scores)).toEqual(fresh.models.map((model) => model.scores));
  });

  it('honours rate limits: waits Retry-After on the given clock and retries', async () => {
    const { client, job, sim } = await finishedJob();
    const clock = new SimJobClock(sim);
    sim.faults.rateLimit({ match: { path: '/chat/completions' }, times: 3, retryAfter: 2 });
    const retries: RetryContext[] = [];
    const result = await evaluate(client, {
      models: [job.fine_tuned_model!],
      data: examples(2),
      concurrency: 1,
      clock,
      onRetry: (context) => retries.push(context),
    });
    expect(retries).toHaveLength(3);
    expect(
      retries.every(
        (retry) => retry.reason === 'rate_limited' && retry.delayMs === 2000 && retry.serverRequested,
      ),
    ).toBe(true);
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
    expect(result.models[0]!.failed).toBe(0);
    expect(result.examples).toHaveLength(2);
  });

  it('scores a refused request 0 with its error, and stops on a model that does not exist', async () => {
    const { client, job } = await finishedJob();
    const result = await evaluate(client, {
      models: [job.fine_tuned_model!],
      data: examples(2),
      samplingParams: { temperature: 5 },
    });
    expect(result.models[0]).toMatchObject({ failed: 2 });
    expect(result.examples[0]!.answers[job.fine_tuned_model!]).toMatchObject({
      answer: null,
      scores: { exact: 0 },
    });
    expect(result.examples[0]!.answers[job.fine_tuned_model!]!.error).toMatch(/temperature/);
    await expect(
      evaluate(client, { models: ['ft:gpt-4o-mini-2024-07-18:sim-org:x:NoSuchModel'], data: examples(2) }),
    ).rejects.toSatisfy((error) => FinetuneKitApiError.isInstance(error) && error.status === 404);
  });

  it('reads a Dataset (and a JSONL path) line by line, with line numbers, up to limit', async () => {
    const { client, job } = await finishedJob();
    const text = `${supportExamples(2)}\n${supportExamples(3, 2)}`;
    const result = await evaluate(client, {
      models: [job.fine_tuned_model!],
      data: Dataset.fromString(text, { name: 'valid.jsonl' }),
      limit: 4,
    });
    expect(result.examples.map((example) => example.line)).toEqual([1, 2, 4, 5]);
    expect(result.examples[0]!.prompt).toBe('How do I reset my bike computer?');
  });

  it('checks its options', async () => {
    const { client } = await finishedJob();
    const bad = [
      [{ models: [], data: [] }, 'options.models'],
      [{ models: ['gpt-4o-mini'], data: [], concurrency: 0 }, 'options.concurrency'],
      [{ models: ['gpt-4o-mini'], data: [], confidence: 1 }, 'options.confidence'],
      [{ models: ['gpt-4o-mini'], data: 42 }, 'options.data'],
      [{ models: ['gpt-4o-mini'], data: [], graders: ['nope'] }, 'options.graders.0'],
    ] as const;
    for (const [options, option] of bad) {
      await expect(evaluate(client, options as never)).rejects.toSatisfy(
        (error) => FinetuneKitUsageError.isInstance(error) && error.option === option,
      );
    }
  });
});
