import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobClock } from '../../src/job/clock.js';
import { FineTuneJob } from '../../src/job/fine-tune-job.js';
import { createSimulator, type SimulatorOptions } from '../../src/testing/index.js';
import { STALL_POLLS, STALL_REAL_MS } from '../../src/testing/poll-monitor.js';
import { simClient, supportJsonl } from './helpers/data.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A simulator with one new job on 12 support examples (`gpt-4o-mini`, 8 epochs: 96 steps). */
async function newJob(options: SimulatorOptions = {}) {
  const sim = createSimulator(options);
  const client = simClient(sim);
  const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
  const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
  return { sim, client, jobId: job.id };
}

/** Moves `Date.now()` on (only `Date` is faked: the simulator's requests still run). */
function passRealTime(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

describe("the 'auto' clock (default)", () => {
  it('moves simulated time on at each poll of a job in progress, so a bare polling loop ends the job', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { sim, client, jobId } = await newJob();
    const created = sim.clock.now();
    const response = await client.fineTuning.jobs.retrieve(jobId).asResponse();
    expect(response.headers.get('openai-poll-after-ms')).toBe('500');
    // Date.now() stands still: only the polls move time. Each stops where the status changes.
    const statuses: string[] = [];
    let status = '';
    while (status !== 'succeeded' && statuses.length < 50) {
      status = (await client.fineTuning.jobs.retrieve(jobId)).status;
      statuses.push(status);
    }
    // 20 s validating + 30 s queued + 96 × 2 s steps + 20 s finalizing: no status skipped, and the
    // 212 s of training and finalizing take four polls of at most 60 s.
    expect(statuses).toEqual(['queued', 'running', 'running', 'running', 'running', 'succeeded']);
    expect(sim.getJob(jobId)?.finished_at).toBe(Math.floor((created + 262_000) / 1000));
    const after = sim.clock.now();
    await client.fineTuning.jobs.retrieve(jobId);
    await client.fineTuning.jobs.listEvents(jobId);
    expect(sim.clock.now()).toBe(after);
  });

  it('follows scaled real time between polls, and processes an uploaded file at its next retrieve', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sim = createSimulator({ timing: { fileProcessingMs: 30_000 } });
    const client = simClient(sim);
    const start = sim.clock.now();
    passRealTime(100);
    expect(sim.clock.now()).toBe(start + 100 * sim.clock.speed);
    const file = await client.files.create({
      file: new File([supportJsonl(12)], 'train.jsonl'),
      purpose: 'fine-tune',
    });
    expect((await client.files.retrieve(file.id)).status).toBe('uploaded');
    expect((await client.files.retrieve(file.id)).status).toBe('processed');
  });

  it('jumps by pollJumpMs at most, and not at all with 0', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { sim, client, jobId } = await newJob({ pollJumpMs: 5000 });
    const before = sim.clock.now();
    await client.fineTuning.jobs.retrieve(jobId);
    expect(sim.clock.now()).toBe(before + 5000);
    const still = await newJob({ pollJumpMs: 0 });
    const time = still.sim.clock.now();
    await still.client.fineTuning.jobs.retrieve(still.jobId);
    expect(still.sim.clock.now()).toBe(time);
  });

  it('lets a FineTuneJob on sim.clock see every status, at once', async () => {
    const { sim, client, jobId } = await newJob();
    const job = await FineTuneJob.attach(client, jobId, { clock: sim.clock });
    const statuses: string[] = [];
    job.on('status', ({ status }) => statuses.push(status));
    const started = Date.now();
    expect((await job.wait()).status).toBe('succeeded');
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('runs the job of a FineTuneJob on the real clock to its end in a few seconds', async () => {
    const sim = createSimulator();
    const client = simClient(sim);
    const file = sim.addFile({ filename: 'train.jsonl', content: supportJsonl(12) });
    const started = Date.now();
    const job = await FineTuneJob.create(client, { model: 'gpt-4o-mini', training_file: file.id });
    const done = await job.wait({ signal: AbortSignal.timeout(20_000) });
    expect(done.status).toBe('succeeded');
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:sim-org::/);
    // Polls are 1 s apart (finetune-kit's minPollIntervalMs): the job ends within a few of them.
    expect(Date.now() - started).toBeLessThan(6000);
  }, 20_000);
});

describe("a 'manual' clock nobody advances", () => {
  it('warns once, naming the fix, when a job in progress is polled over seconds while time stands still', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const warnings: string[] = [];
    const { sim, client, jobId } = await newJob({
      clock: 'manual',
      onWarning: (message) => warnings.push(message),
    });
    for (let poll = 1; poll < STALL_POLLS; poll += 1) {
      await client.fineTuning.jobs.retrieve(jobId);
      passRealTime(STALL_REAL_MS);
    }
    expect(warnings).toEqual([]);
    await client.fineTuning.jobs.retrieve(jobId);
    expect(warnings).toEqual([
      `finetune-kit simulator: job ${jobId} was polled ${STALL_POLLS} times over 4 s while simulated time stood still (clock: 'manual'), so it will never change: pass { clock: sim.clock } to FineTuneJob, move time with sim.clock.advance(ms) or sim.runUntilIdle(), or create the simulator with clock: 'auto'.`,
    ]);
    for (let poll = 0; poll < 5; poll += 1) {
      passRealTime(STALL_REAL_MS);
      await client.fineTuning.jobs.retrieve(jobId);
    }
    expect(warnings).toHaveLength(1);
    expect(sim.getJob(jobId)?.status).toBe('validating_files');
  });

  it('stays quiet when the clock moves, when polls are quick, and for a paused job', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const onWarning = vi.fn();
    const { sim, client, jobId } = await newJob({ clock: 'manual', onWarning });
    for (let poll = 0; poll < 6; poll += 1) {
      await client.fineTuning.jobs.retrieve(jobId);
      sim.clock.advance(1000);
      passRealTime(STALL_REAL_MS);
    }
    // A test reading a job many times in a row, within a moment.
    for (let poll = 0; poll < 20; poll += 1) await client.fineTuning.jobs.retrieve(jobId);
    sim.advanceJob(jobId, { to: 'running' });
    await client.fineTuning.jobs.pause(jobId);
    for (let poll = 0; poll < 6; poll += 1) {
      passRealTime(STALL_REAL_MS);
      await client.fineTuning.jobs.retrieve(jobId);
    }
    expect(onWarning).not.toHaveBeenCalled();
  });

  it('warns on console.warn by default, and about a file that never finishes processing too', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sim = createSimulator({ clock: 'manual' });
    const client = simClient(sim);
    const file = await client.files.create({
      file: new File([supportJsonl(12)], 'train.jsonl'),
      purpose: 'fine-tune',
    });
    for (let poll = 0; poll < STALL_POLLS; poll += 1) {
      await client.files.retrieve(file.id);
      passRealTime(STALL_REAL_MS);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(
      new RegExp(`^finetune-kit simulator: file ${file.id} was polled`),
    );
  });

  it('tells a FineTuneJob that polls it on its own clock, instead of letting it wait in silence', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const warnings: string[] = [];
    const { jobId, client } = await newJob({
      clock: 'manual',
      onWarning: (message) => warnings.push(message),
    });
    // A job clock that is not the simulator's: its sleeps pass (fake) real time only.
    const clock: JobClock = {
      now: () => Date.now(),
      sleep: async (ms) => {
        passRealTime(ms);
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const job = await FineTuneJob.attach(client, jobId, { clock });
    const controller = new AbortController();
    const waiting = job.wait({ signal: controller.signal }).catch((error: unknown) => error);
    while (warnings.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await waiting;
    expect(warnings[0]).toContain(`job ${jobId} was polled`);
    expect(warnings[0]).toContain('pass { clock: sim.clock } to FineTuneJob');
  });
});
