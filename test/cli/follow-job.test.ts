import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/cli/ui/colors.js';
import { runCliInProcess } from './helpers/run-cli-in-process.js';
import { type SimulatorServer, startJob, startSimulatorServer } from './helpers/simulator-server.js';

let server: SimulatorServer;
beforeAll(async () => {
  server = await startSimulatorServer({ autoAdvanceMs: 10_000 });
});
afterAll(() => server.close());

describe('watch on a terminal', () => {
  it('draws a live block (status, bar with step/total, losses, chart) on stderr under the log on stdout', async () => {
    const id = await startJob(server);
    const run = await runCliInProcess(['watch', id], {
      simulator: server.sim,
      tty: true,
      env: {},
      columns: 100,
    });
    expect(run.code).toBe(0);
    // The log scrolls on stdout, coloured because it is a terminal.
    expect(run.stdout).toContain('\u001B[');
    const log = stripAnsi(run.stdout);
    expect(log).toContain(`Following ${id}`);
    expect(log).toMatch(/◆ checkpoint step 60/);
    expect(log).toContain(`✓ ${id} succeeded`);
    // No plain progress lines on a terminal: progress is drawn in place instead.
    expect(log).not.toMatch(/step 90\/180 \(50%\)/);

    const screen = stripAnsi(run.stderr);
    expect(run.stderr).toContain('\u001B[?25l'); // cursor hidden while drawing…
    expect(run.stderr.endsWith('\u001B[?25h')).toBe(true); // …and shown again
    expect(run.stderr).toMatch(/\u001B\[\d+A\r\u001B\[0J/); // redrawn in place
    expect(screen).toMatch(new RegExp(`● ${id} · running`));
    expect(screen).toMatch(/█+[░▏▎▍▌▋▊▉]*░* +\d+% {2}step \d+\/180/);
    expect(screen).toMatch(/train loss \d\.\d+ {2}valid loss \d\.\d+/);
    expect(screen).toMatch(/[⠁-⣿]/); // braille chart
    // The last frame stays on screen with the final state.
    const lastFrame = screen.slice(screen.lastIndexOf('● '));
    expect(lastFrame).toMatch(new RegExp(`^● ${id} · succeeded`));
    expect(lastFrame).toMatch(/100% {2}step 180\/180/);
    expect(lastFrame).toMatch(/└─+/);
    // The three checkpoints sit on their own row under the axis; the best one is a star.
    expect(lastFrame).toMatch(/\n *[▲★](?: +[▲★]){2} *\n/);
    expect(lastFrame).toMatch(/★ best: step \d+/);
    expect(lastFrame).toContain('▲ checkpoint');
  });

  it('leaves the chart out with --no-chart', async () => {
    const id = await startJob(server);
    const run = await runCliInProcess(['watch', id, '--no-chart'], {
      simulator: server.sim,
      tty: true,
      env: {},
    });
    expect(run.code).toBe(0);
    expect(stripAnsi(run.stderr)).not.toMatch(/[⠁-⣿]/);
  });
});
