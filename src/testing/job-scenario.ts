/**
 * Per-job scenarios: a hook that decides, when a job is created, what should happen to it beyond the
 * normal plan (for instance, a failure in the middle of training). Lets a test shape jobs that a
 * client creates by itself, e.g. through `FineTuneJob.create`, where the test never sees the id first.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import type { SimulatorContext } from './context.js';
import { type JobFailure, scheduleFailure } from './job-lifecycle.js';
import { REWARD_CURVE_PRESETS, type RewardCurvePreset } from './reward-curves.js';
import type { JobRecord } from './store.js';
import type { SimulatedJob } from './wire-types.js';

/** What should happen to one job. */
export interface JobScenario {
  /** Fail the job right after training step `atStep` (0: as soon as training starts). */
  readonly failure?: JobFailure & { readonly atStep: number };
  /** Reinforcement jobs: how the rewards evolve. @default options.training.rewardCurve */
  readonly rewardCurve?: RewardCurvePreset;
}

/**
 * Called once per created job (after the server's checks, before the response) with the new job;
 * returns what should happen to it, or `null`/`undefined` for a normal run.
 *
 * @example
 * ```ts
 * // Every job whose metadata says so fails at step 50 with the API's internal error.
 * const sim = createSimulator({
 *   scenario: (job) => (job.metadata?.chaos === 'fail' ? { failure: { atStep: 50 } } : null),
 * });
 * ```
 */
export type JobScenarioHook = (job: Readonly<SimulatedJob>) => JobScenario | null | undefined;

/**
 * Applies the `scenario` option to a freshly planned job.
 *
 * @throws {FinetuneKitUsageError} When the hook returns something that is not a scenario (`option` is
 * `options.scenario`, or the scenario field that is wrong).
 * @throws {Error} When the scenario cannot apply (e.g. a step the job will not reach).
 */
export function applyScenario(context: SimulatorContext, record: JobRecord): void {
  const hook = context.options.scenario;
  if (!hook) return;
  const scenario = hook(record.job);
  if (scenario === null || scenario === undefined) return;
  if (typeof scenario !== 'object') {
    throw new FinetuneKitUsageError(
      `options.scenario must return an object, null or undefined, got ${String(scenario)}.`,
      'options.scenario',
    );
  }
  if (scenario.rewardCurve !== undefined) {
    if (!(REWARD_CURVE_PRESETS as readonly unknown[]).includes(scenario.rewardCurve)) {
      throw new FinetuneKitUsageError(
        `options.scenario: rewardCurve must be one of ${REWARD_CURVE_PRESETS.map((item) => `'${item}'`).join(', ')}, got ${String(scenario.rewardCurve)}.`,
        'options.scenario.rewardCurve',
      );
    }
    record.rewardCurve = scenario.rewardCurve;
  }
  if (scenario.failure !== undefined) {
    if (scenario.failure.atStep === undefined) {
      throw new FinetuneKitUsageError(
        'options.scenario: failure.atStep is required (the step after which the job fails).',
        'options.scenario.failure.atStep',
      );
    }
    scheduleFailure(context, record, scenario.failure, context.clock.now());
  }
}
