import { describe, expect, it } from 'vitest';
import { readMetricsPoint } from '../../src/job/metrics-point.js';
import { normalizeEvent } from '../../src/job/normalize.js';
import { fixtureJson } from './helpers/fixtures.js';

const sft = fixtureJson<unknown[]>('events-sft-newest-first.json').map(normalizeEvent);

describe('readMetricsPoint', () => {
  it('reads full-precision SFT values with every validation metric', () => {
    const point = readMetricsPoint(sft[3] as never);
    expect(point).toMatchObject({
      step: 300,
      totalSteps: 300,
      train_loss: 0.14991648495197296,
      valid_loss: 0.26569826706596045,
      full_valid_loss: 0.4032616495084362,
      train_mean_token_accuracy: 0.9444444179534912,
      valid_mean_token_accuracy: 0.9565217391304348,
      full_valid_mean_token_accuracy: 0.9089635854341737,
      train_reward_mean: null,
      origin: 'data',
      eventId: 'ftevent-7',
      createdAt: 1721765790,
    });
  });

  it('keeps absent values null (never 0) and scientific notation exact', () => {
    const point = readMetricsPoint(sft[5] as never);
    expect(point?.train_loss).toBe(1.805623287509661e-5);
    expect(point?.valid_loss).toBeNull();
    expect(point?.full_valid_loss).toBeNull();
  });

  it('reads RFT rewards under the canonical names and keeps nested values', () => {
    const point = readMetricsPoint(normalizeEvent(fixtureJson('event-rft-step.json')));
    expect(point).toMatchObject({
      step: 10,
      totalSteps: 20,
      train_reward_mean: 0.4215686274509804,
      valid_reward_mean: 0.675,
    });
    expect(point?.values['timing/step/sampling']).toBe(226.82);
    expect(point?.values.reasoning_tokens_mean).toBe(3330);
  });

  it('falls back to the message text when a metrics event has no data', () => {
    const point = readMetricsPoint(
      normalizeEvent({
        id: 'e1',
        created_at: 1,
        type: 'metrics',
        message: 'Step 12/40: training loss=0.53, validation loss=0.61',
        data: null,
      }),
    );
    expect(point).toMatchObject({
      step: 12,
      totalSteps: 40,
      train_loss: 0.53,
      valid_loss: 0.61,
      origin: 'message',
    });
  });

  it('returns null for status messages and error events', () => {
    expect(sft.filter((event) => event.type !== 'metrics').map(readMetricsPoint)).toEqual(
      Array(7).fill(null),
    );
    expect(
      readMetricsPoint(normalizeEvent(fixtureJson<unknown[]>('events-failed-newest-first.json')[0])),
    ).toBeNull();
  });
});
