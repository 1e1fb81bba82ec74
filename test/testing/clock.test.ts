import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SIMULATION_START, SimulatorClock } from '../../src/testing/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('SimulatorClock', () => {
  it('stands still in manual mode until advanced, and tells listeners', () => {
    const clock = new SimulatorClock();
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

  it('rejects bad speeds, starts and steps', () => {
    expect(() => new SimulatorClock({ mode: { speed: 0 } })).toThrow(/options.clock.speed/);
    expect(() => new SimulatorClock({ start: Number.NaN })).toThrow(/options.clock.start/);
    expect(() => new SimulatorClock().advance(-1)).toThrow(TypeError);
  });
});
