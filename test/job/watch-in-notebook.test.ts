import { afterEach, describe, expect, it } from 'vitest';
import { FinetuneKitAbortError } from '../../src/errors.js';
import type { MimeBundle } from '../../src/internal/jupyter-kernel.js';
import { formatSeconds, watchInNotebook } from '../../src/job/watch-in-notebook.js';
import { harness } from './helpers/sim.js';

const globals = globalThis as Record<string, unknown>;

afterEach(() => {
  delete globals.Deno;
});

/** Installs a fake Deno kernel on globalThis; returns every display call. */
function installDenoKernel() {
  const calls: { bundle: MimeBundle; options: Record<string, unknown> }[] = [];
  globals.Deno = {
    jupyter: {
      display: async (bundle: MimeBundle, options: Record<string, unknown>) => {
        calls.push({ bundle, options });
      },
    },
  };
  return calls;
}

describe('watchInNotebook in a kernel', () => {
  it('opens one panel and updates it in place up to the succeeded status with step, losses, model and chart', async () => {
    const calls = installDenoKernel();
    const h = harness();
    const job = await h.createJob(20);
    let wall = 0;
    const finished = await watchInNotebook(job, { now: () => (wall += 100), intervalMs: 1000 });

    expect(finished.status).toBe('succeeded');
    expect(calls.length).toBeGreaterThan(2);
    const id = calls[0]?.options.display_id;
    expect(typeof id).toBe('string');
    expect(calls[0]?.options.update).toBeUndefined();
    for (const call of calls.slice(1))
      expect(call.options).toEqual({ raw: true, display_id: id, update: true });

    const last = calls.at(-1)?.bundle;
    const html = String(last?.['text/html']);
    expect(html).toContain(`Fine-tuning job ${job.id}`);
    expect(html).toContain('succeeded');
    expect(html).toMatch(/step (\d+) \/ \1 \(100%\)/);
    expect(html).toContain('train loss');
    expect(html).toContain(String(finished.fine_tuned_model));
    expect(html).toContain('<svg');
    expect(String(last?.['text/plain'])).toMatch(
      new RegExp(`^job ${job.id} · succeeded · step \\d+ / \\d+ \\(100%\\)`),
    );
    // Status changes are never throttled: every status the job went through was drawn.
    const drawnStatuses = new Set(
      calls.map((call) => /<span style="color:[^"]+">([a-z_]+)</.exec(String(call.bundle['text/html']))?.[1]),
    );
    expect([...drawnStatuses]).toEqual(expect.arrayContaining(['validating_files', 'running', 'succeeded']));
  });

  it('redraws at most once per interval between status changes', async () => {
    const calls = installDenoKernel();
    const h = harness();
    const job = await h.createJob(40);
    // The wall clock never moves: only status changes (and the end) may redraw.
    await watchInNotebook(job, { now: () => 0, intervalMs: 1000 });
    const statusesSeen = calls.filter((call, i) => {
      const status = (bundle: MimeBundle | undefined) =>
        /<span style="color:[^"]+">([a-z_]+)</.exec(String(bundle?.['text/html']))?.[1];
      return i === 0 || status(call.bundle) !== status(calls[i - 1]?.bundle);
    });
    // One open, one draw per status change, the final draw: no per-step redraws.
    expect(calls.length).toBeLessThanOrEqual(statusesSeen.length + 4);
  });

  it('draws no chart with chart: false', async () => {
    const calls = installDenoKernel();
    const h = harness();
    const job = await h.createJob(10);
    await watchInNotebook(job, { chart: false });
    expect(calls.some((call) => String(call.bundle['text/html']).includes('<svg'))).toBe(false);
  });
});

describe('watchInNotebook without a kernel', () => {
  it('prints a line on every status change and progress lines at most once per interval', async () => {
    const h = harness();
    const job = await h.createJob(40);
    const lines: string[] = [];
    let wall = 0;
    const finished = await watchInNotebook(job, {
      log: (line) => lines.push(line),
      now: () => (wall += 1000),
      intervalMs: 10_000,
    });
    expect(finished.status).toBe('succeeded');
    expect(lines[0]).toMatch(new RegExp(`^job ${job.id} · (validating_files|queued)`));
    expect(lines.at(-1)).toMatch(
      /· succeeded · step (\d+) \/ \1 \(100%\) · train loss \d\.\d{4}.* · model ft:/,
    );
    expect(lines.some((line) => / · running · step \d+ \/ \d+ \(\d+%\) · ETA \d+/.test(line))).toBe(true);
    // 1 s of wall time per update and 10 s between progress lines: far fewer lines than steps.
    const steps = Number(/step (\d+) \//.exec(lines.at(-1) ?? '')?.[1]);
    expect(lines.length).toBeLessThan(steps / 2);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it("prints text with output: 'text' even in a kernel", async () => {
    const calls = installDenoKernel();
    const h = harness();
    const job = await h.createJob(10);
    const lines: string[] = [];
    await watchInNotebook(job, { output: 'text', log: (line) => lines.push(line) });
    expect(calls).toEqual([]);
    expect(lines.at(-1)).toContain('succeeded');
  });

  it('stops on abort with a FinetuneKitAbortError, the job still running', async () => {
    const h = harness();
    const job = await h.createJob(10);
    const controller = new AbortController();
    controller.abort();
    await expect(
      watchInNotebook(job, { signal: controller.signal, log: () => undefined }),
    ).rejects.toBeInstanceOf(FinetuneKitAbortError);
    expect(h.sim.getJob(job.id)?.status).not.toBe('succeeded');
  });
});

describe('formatSeconds', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([formatSeconds(45), formatSeconds(190), formatSeconds(7500)]).toEqual(['45s', '3m 10s', '2h 05m']);
  });
});
