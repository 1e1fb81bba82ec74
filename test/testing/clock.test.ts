import { afterEach, describe, expect, it, vi } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { AUTO_CLOCK_SPEED, DEFAULT_SIMULATION_START } from '../../src/testing/clock.js';
import { SimulatorClock } from '../../src/testing/index.js';
import { usageError } from '../helpers/usage-error.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('SimulatorClock', () => {
  it('stands still in manual mode until advanced, and tells listeners', () => {
    const clock = new SimulatorClock({ mode: 'manual' });
    expect(clock.mode).toBe('manual');
    expect(clock.now()).toBe(DEFAULT_SIMULATION_START);
    const seen: number[] = [];
    const stop = clock.onAdvance((now) => seen.push(now));
    expect(clock.advance(1500)).toBe(DEFAULT_SIMULATION_START + 1500);
    expect(clock.nowSeconds()).toBe(Math.floor((DEFAULT_SIMULATION_START + 1500) / 1000));
    clock.advanceTo(DEFAULT_SIMULATION_START + 1000);
    expect(clock.now()).toBe(DEFAULT_SIMULATION_START + 1500);
    stop();
    clock.advance(1);
    expect(seen).toEqual([DEFAULT_SIMULATION_START + 1500, DEFAULT_SIMULATION_START + 1500]);
  });

  it('runs speed times faster than Date.now() in scaled mode, and can still jump', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = new SimulatorClock({ mode: { speed: 1000 }, start: 5_000_000 });
    vi.advanceTimersByTime(3);
    expect(clock.now()).toBe(5_003_000);
    clock.advance(60_000);
    expect(clock.now()).toBe(5_063_000);
    const system = new SimulatorClock({ mode: 'system' });
    expect(system.speed).toBe(1);
    expect(system.now()).toBe(Date.now());
  });

  it('never goes backwards, even if the system time does', () => {
    vi.useFakeTimers({ now: 2_000_000 });
    const clock = new SimulatorClock({ mode: 'system' });
    vi.advanceTimersByTime(500);
    const before = clock.now();
    vi.setSystemTime(1_000_000);
    expect(clock.now()).toBe(before);
  });

  it('runs by itself by default (auto): 100 times faster than Date.now(), from now, and can still jump', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = new SimulatorClock();
    expect(clock.mode).toBe('auto');
    expect(clock.speed).toBe(AUTO_CLOCK_SPEED);
    expect(clock.now()).toBe(1_000_000);
    vi.advanceTimersByTime(10);
    expect(clock.now()).toBe(1_000_000 + 10 * AUTO_CLOCK_SPEED);
    clock.advance(60_000);
    expect(clock.now()).toBe(1_061_000);
  });

  it('rejects bad modes, speeds, starts and steps', () => {
    expect(() => new SimulatorClock({ mode: 'fast' as never })).toThrow(
      usageError(
        'options.clock',
        "options.clock must be 'auto', 'manual', 'system' or { speed }, got \"fast\".",
      ),
    );
    expect(() => new SimulatorClock({ mode: { speed: 0 } })).toThrow(
      usageError('options.clock.speed', 'options.clock.speed must be a positive number, got 0.'),
    );
    expect(() => new SimulatorClock({ start: Number.NaN })).toThrow(
      usageError('options.clock.start', 'options.clock.start must be a finite number, got NaN.'),
    );
    expect(() => new SimulatorClock({ mode: 'manual' }).advance(-1)).toThrow(FinetuneKitUsageError);
    expect(() => new SimulatorClock({ mode: 'manual' }).advance(-1)).toThrow(
      usageError('ms', 'clock.advance(ms) needs ms ≥ 0, got -1.'),
    );
  });
});

describe('SimulatorClock.sleep (a JobClock for pollers)', () => {
  it('moves manual time by the slept amount at once and resolves on the next turn', async () => {
    const clock = new SimulatorClock({ mode: 'manual' });
    const start = clock.now();
    await clock.sleep(5000);
    expect(clock.now()).toBe(start + 5000);
  });

  it('waits ms / speed real milliseconds in scaled mode (fake timers apply)', async () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new SimulatorClock({ mode: { speed: 1000 }, start: 0 });
    let done = false;
    const sleeping = clock.sleep(60_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(59);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(clock.now()).toBe(60_000);
  });

  it('moves auto time by the slept amount at once too, so `{ clock: sim.clock }` never waits', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] });
    const clock = new SimulatorClock({ start: 0 });
    await clock.sleep(5000);
    expect(clock.now()).toBe(5000);
  });

  it('rejects when the signal aborts, before or during the wait', async () => {
    const clock = new SimulatorClock({ mode: 'manual' });
    await expect(clock.sleep(10, AbortSignal.abort(new Error('stop')))).rejects.toThrow('stop');
    vi.useFakeTimers({ now: 0 });
    const scaled = new SimulatorClock({ mode: 'system' });
    const controller = new AbortController();
    const sleeping = scaled.sleep(10_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
    await expect(clock.sleep(-1)).rejects.toThrow(usageError('ms', 'clock.sleep(ms) needs ms ≥ 0, got -1.'));
  });

  it('drives a polling loop to the end of a job without real waiting', async () => {
    const { createSimulator } = await import('../../src/testing/index.js');
    const { simClient, supportJsonl } = await import('./helpers/data.js');
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
    const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    let status: string = job.status;
    let polls = 0;
    while (!['succeeded', 'failed', 'cancelled'].includes(status)) {
      await sim.clock.sleep(5000);
      status = (await client.fineTuning.jobs.retrieve(job.id)).status;
      polls += 1;
    }
    expect(status).toBe('succeeded');
    // 20 s validating + 30 s queued + 96 × 2 s steps + 20 s finalizing = 262 s → 53 polls of 5 s.
    expect(polls).toBe(53);
  });
});
