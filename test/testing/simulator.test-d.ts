import type { setupServer } from 'msw/node';
import type OpenAI from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import type { JobClock } from '../../src/job/index.js';
import {
  createSimulator,
  type FineTuningSimulator,
  type RecordedRequest,
  type SimulatedJob,
  type TrainingFileValidator,
} from '../../src/testing/index.js';

describe('testing types', () => {
  it('plugs into the openai client, msw and finetune-kit job clocks', () => {
    const sim = createSimulator();
    expectTypeOf(sim).toEqualTypeOf<FineTuningSimulator>();
    expectTypeOf(sim.fetch).toExtend<NonNullable<ConstructorParameters<typeof OpenAI>[0]>['fetch']>();
    expectTypeOf(sim.clock).toExtend<JobClock>();
    expectTypeOf(sim.handlers).returns.resolves.toExtend<Parameters<typeof setupServer>>();
    expectTypeOf(sim.requests).toEqualTypeOf<readonly RecordedRequest[]>();
    expectTypeOf(sim.getJob('ftjob-x')).toEqualTypeOf<SimulatedJob | undefined>();
  });

  it('types validators and options strictly', () => {
    const validator: TrainingFileValidator = ({ chunks }) => ({
      ok: true,
      examples: chunks.length,
      tokensPerEpoch: 0,
      format: 'chat',
    });
    createSimulator({ validator, clock: { speed: 100 }, quirks: { statusStyle: 'azure' } });
    // @ts-expect-error unknown status style
    createSimulator({ quirks: { statusStyle: 'gcp' } });
    // @ts-expect-error speed must be a number
    createSimulator({ clock: { speed: 'fast' } });
  });
});
