import { describe, expect, it } from 'vitest';
import { createSimulator, SIMULATOR_DEFAULTS } from '../../src/testing/index.js';

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
    [{ seed: 1.5 }, /options.seed must be an integer/],
    [{ timing: { stepMs: -1 } }, /options.timing.stepMs/],
    [{ training: { metricsEvery: 0 } }, /options.training.metricsEvery/],
    [{ quirks: { statusStyle: 'gcp' } }, /options.quirks.statusStyle must be one of 'openai', 'azure'/],
    [{ quirks: { errorOnSuccess: 'undefined' } }, /options.quirks.errorOnSuccess/],
    [{ limits: { maxPartBytes: 0 } }, /options.limits.maxPartBytes/],
    [{ baseURL: 'api.openai.com' }, /options.baseURL must be an absolute URL/],
    [{ apiKeys: [''] }, /options.apiKeys/],
    [{ validator: 'dataset' }, /options.validator must be a function/],
    [{ clock: { speed: -5 } }, /options.clock.speed/],
    [{ clock: 'fast' }, /options.clock must be 'auto', 'manual', 'system' or \{ speed \}, got "fast"/],
    [{ pollJumpMs: -1 }, /options.pollJumpMs must be a number ≥ 0/],
    [{ onWarning: 'log' }, /options.onWarning must be a function/],
    [{ training: { rewardCurve: 'up' } }, /options.training.rewardCurve must be one of 'learning'/],
    [{ jobListLagMs: -1 }, /options.jobListLagMs must be a number ≥ 0/],
    [{ scenario: { failure: { atStep: 3 } } }, /options.scenario must be a function/],
    [{ fileProcessing: 'error' }, /options.fileProcessing must be a function/],
  ])('rejects %j with a TypeError naming the option', (options, message) => {
    expect(() => createSimulator(options as never)).toThrow(TypeError);
    expect(() => createSimulator(options as never)).toThrow(message);
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
