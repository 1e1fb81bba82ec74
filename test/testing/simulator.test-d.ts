import type { setupServer } from 'msw/node';
import type OpenAI from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import type { JobClock } from '../../src/job/index.js';
import {
  createSimulator,
  type FileProcessingHook,
  type FineTuningSimulator,
  type JobFailure,
  type JobScenario,
  type JobScenarioHook,
  type RecordedRequest,
  type RewardCurvePreset,
  type SimulatedJob,
  type SimulatedRewardMetrics,
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

  it('types the hooks and presets of jobs, files and lists', () => {
    const scenario: JobScenarioHook = (job) => {
      expectTypeOf(job.metadata).toEqualTypeOf<Record<string, string> | null>();
      return { failure: { atStep: 5, code: 'server_error' }, rewardCurve: 'reward_hacking' };
    };
    const fileProcessing: FileProcessingHook = ({ filename }) =>
      filename === 'bad.jsonl' ? 'Broken.' : null;
    createSimulator({
      scenario,
      fileProcessing,
      jobListLagMs: (job) => (job.metadata?.slow ? 5000 : 0),
      allowShutDownModels: true,
      training: { rewardCurve: 'learned_nothing' },
    });
    expectTypeOf<RewardCurvePreset>().toEqualTypeOf<'learning' | 'reward_hacking' | 'learned_nothing'>();
    // @ts-expect-error an unknown preset
    createSimulator({ training: { rewardCurve: 'sideways' } });
    // @ts-expect-error a scenario failure needs the step
    const noStep: JobScenario = { failure: { code: 'server_error' } };
    expectTypeOf(noStep).toExtend<JobScenario>();
    const sim = createSimulator();
    expectTypeOf(sim.failJob).parameter(1).toEqualTypeOf<JobFailure | undefined>();
    expectTypeOf(sim.faults.loseResponse).parameter(0).toExtend<{ status?: number | 'drop' } | undefined>();
    const event = sim.getJobEvents('ftjob-x')[0];
    if (event?.type === 'metrics') expectTypeOf(event.data).toEqualTypeOf<Record<string, unknown> | null>();
    expectTypeOf<SimulatedRewardMetrics['scores']['graders'][number]['valid_reward_mean']>().toEqualTypeOf<
      number | undefined
    >();
  });
});
