import { describe, expect, it } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { createSimulator, SIMULATOR_DEFAULTS } from '../../src/testing/index.js';
import { usageError } from '../helpers/usage-error.js';

describe('simulator options', () => {
  it('fills every default in one place', () => {
    const sim = createSimulator();
    expect(sim.options).toMatchObject({
      seed: 1,
      clock: 'auto',
      pollJumpMs: 60_000,
      baseURL: 'https://api.openai.com/v1',
      pollAfterMs: 500,
      timing: SIMULATOR_DEFAULTS.timing,
      quirks: SIMULATOR_DEFAULTS.quirks,
      training: SIMULATOR_DEFAULTS.training,
      allowShutDownModels: false,
      jobListLagMs: 0,
      scenario: undefined,
      fileProcessing: undefined,
    });
    expect(sim.clock.mode).toBe('auto');
    // The short poll hint is for the auto clock; the other modes keep the API's usual 5 s.
    expect(createSimulator({ clock: 'manual' }).options.pollAfterMs).toBe(SIMULATOR_DEFAULTS.pollAfterMs);
    expect(createSimulator({ clock: 'manual', pollAfterMs: 0 }).options.pollAfterMs).toBe(0);
    expect(SIMULATOR_DEFAULTS.training.rewardCurve).toBe('learning');
    expect(Object.isFrozen(SIMULATOR_DEFAULTS.timing)).toBe(true);
    expect(createSimulator({ clock: 'manual', baseURL: 'http://localhost:4010/v1/' }).baseURL).toBe(
      'http://localhost:4010/v1',
    );
  });

  it.each([
    [{ seed: 1.5 }, 'options.seed', /^options.seed must be an integer ≥ 0, got 1.5\.$/],
    [
      { timing: { stepMs: -1 } },
      'options.timing.stepMs',
      /^options.timing.stepMs must be a number ≥ 0, got -1\.$/,
    ],
    [{ training: { metricsEvery: 0 } }, 'options.training.metricsEvery', /must be an integer ≥ 1, got 0\.$/],
    [
      { quirks: { statusStyle: 'gcp' } },
      'options.quirks.statusStyle',
      /^options.quirks.statusStyle must be one of 'openai', 'azure', got gcp\.$/,
    ],
    [{ quirks: { errorOnSuccess: 'undefined' } }, 'options.quirks.errorOnSuccess', /must be one of 'null'/],
    [{ limits: { maxPartBytes: 0 } }, 'options.limits.maxPartBytes', /must be a number ≥ 1, got 0\.$/],
    [{ baseURL: 'api.openai.com' }, 'options.baseURL', /^options.baseURL must be an absolute URL/],
    [{ apiKeys: [''] }, 'options.apiKeys', /^options.apiKeys must be an array of non-empty strings\.$/],
    [{ validator: 'dataset' }, 'options.validator', /^options.validator must be a function\.$/],
    [
      { clock: { speed: -5 } },
      'options.clock.speed',
      /^options.clock.speed must be a positive number, got -5\.$/,
    ],
    [
      { clock: 'fast' },
      'options.clock',
      /options.clock must be 'auto', 'manual', 'system' or \{ speed \}, got "fast"/,
    ],
    [{ pollJumpMs: -1 }, 'options.pollJumpMs', /^options.pollJumpMs must be a number ≥ 0/],
    [{ onWarning: 'log' }, 'options.onWarning', /^options.onWarning must be a function\.$/],
    [{ training: { rewardCurve: 'up' } }, 'options.training.rewardCurve', /must be one of 'learning'/],
    [{ jobListLagMs: -1 }, 'options.jobListLagMs', /^options.jobListLagMs must be a number ≥ 0/],
    [{ scenario: { failure: { atStep: 3 } } }, 'options.scenario', /^options.scenario must be a function\.$/],
    [{ fileProcessing: 'error' }, 'options.fileProcessing', /^options.fileProcessing must be a function\.$/],
    [42, 'options', 'options must be an object.'],
  ])('rejects %j with a FinetuneKitUsageError naming the option', (options, option, message) => {
    expect(() => createSimulator(options as never)).toThrow(FinetuneKitUsageError);
    expect(() => createSimulator(options as never)).toThrow(usageError(option, message));
  });

  it('serves another base URL and keeps requests to it in the log', async () => {
    const sim = createSimulator({ clock: 'manual', baseURL: 'http://sim.local/custom/v1' });
    const response = await sim.fetch('http://sim.local/custom/v1/files', {
      headers: { authorization: 'Bearer k' },
    });
    expect(response.status).toBe(200);
    expect(sim.requests[0]?.path).toBe('/files');
  });
});
