/**
 * `finetune-kit simulate status|reset|serve`: the persisted simulated account that `--simulate`
 * commands share. `status` says where it is and what it holds, `reset` starts over, `serve` exposes
 * it on a loopback port for other tools (anything that takes `OPENAI_BASE_URL`).
 *
 * The account module loads the simulator, so it is imported only when a subcommand runs.
 *
 * @module
 */
import { CliError } from '../cli-error.js';
import type { CliIO } from '../cli-io.js';
import { accountFlags, defaultAccountDir } from '../client/account-dir.js';
import type { CommandContext, CommandDefinition, OptionSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { DEFAULT_SIMULATOR_SPEED } from '../global-options.js';
import { closestMatch } from '../suggest.js';
import { plural } from '../ui/format.js';

const DIR_OPTION = {
  dir: {
    type: 'string',
    valueName: '<dir>',
    description: 'The account in this directory (what --simulate=DIR uses)',
    defaultText: 'the account --simulate uses',
  },
} as const satisfies Record<string, OptionSpec>;

const SPEED_OPTION = {
  speed: {
    type: 'string',
    valueName: '<factor>',
    description: 'How much faster than real time the simulated clock runs',
    defaultText: String(DEFAULT_SIMULATOR_SPEED),
  },
} as const satisfies Record<string, OptionSpec>;

/**
 * The API key `serve` prints: the simulated account accepts any key, and one that does not look
 * like a real key (`sk-…`) is not masked by the output's secret redaction.
 */
const SERVE_API_KEY = 'finetune-kit-simulated';

/** Opens the account named by `--dir` (default: the one `--simulate` uses) at `--speed`. */
async function openAccount(context: CommandContext, io: CliIO) {
  const { args } = context;
  const given = args.string('dir');
  const dir = given === undefined ? defaultAccountDir(io.env) : context.resolvePath(given);
  const speed =
    args.number('speed', { min: 0, exclusiveMin: true, max: 1_000_000 }) ?? DEFAULT_SIMULATOR_SPEED;
  const flags = accountFlags(dir, io.env);
  const { SimulatedAccount } = await import('../client/simulated-account.js');
  return { account: new SimulatedAccount({ dir, speed, dirFlag: flags.dir }), flags };
}

/** `simulate status`. */
export const simulateStatusCommand: CommandDefinition = {
  name: 'simulate status',
  group: 'jobs',
  summary: 'Show where the simulated account is and what it holds (files, jobs by status, models)',
  description:
    'Reads the account without changing it. Simulated time has moved on since the last command by the real time in between × --speed, as it does for every --simulate command.',
  usesApi: false,
  options: { ...DIR_OPTION, ...SPEED_OPTION },
  examples: ['simulate status', 'simulate status --dir ./sim-account --json'],
  async run(context) {
    const { ui, io } = context;
    const { account } = await openAccount(context, io);
    const summary = await account.summary();
    if (ui.json) {
      ui.printJson(summary);
      return undefined;
    }
    const { colors } = ui;
    const jobCount = Object.values(summary.jobs).reduce((sum, count) => sum + count, 0);
    const byStatus = Object.entries(summary.jobs)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    ui.print(
      `${colors.bold('Simulated account:')} ${summary.dir}${summary.exists ? '' : colors.muted(' (empty: nothing saved yet)')}`,
      `${colors.bold('Simulated time:')} ${new Date(summary.time).toISOString().replace('T', ' ').slice(0, 19)} UTC`,
      `${plural(summary.files, 'file')} · ${plural(jobCount, 'job')}${byStatus ? ` (${byStatus})` : ''} · ${plural(summary.models, 'model')}`,
    );
    return undefined;
  },
};

/** `simulate reset`. */
export const simulateResetCommand: CommandDefinition = {
  name: 'simulate reset',
  group: 'jobs',
  summary:
    'Delete the simulated account: every file, job and model; the next --simulate command starts afresh',
  description:
    'Also the way out when the saved state cannot be read (damaged, or written by an incompatible finetune-kit). Waits for a command that is using the account to finish its request first.',
  usesApi: false,
  options: { ...DIR_OPTION },
  examples: ['simulate reset', 'simulate reset --dir ./sim-account'],
  async run(context) {
    const { ui, io } = context;
    const { account } = await openAccount(context, io);
    await account.reset();
    if (ui.json) ui.printJson({ ok: true, dir: account.dir });
    else ui.print(`Simulated account in ${account.dir} reset: no files, jobs or models.`);
    return undefined;
  },
};

/** `simulate serve`. */
export const simulateServeCommand: CommandDefinition = {
  name: 'simulate serve',
  group: 'jobs',
  summary: 'Serve the simulated account on a loopback port for other tools, until Ctrl-C',
  description:
    'Prints the OPENAI_BASE_URL and OPENAI_API_KEY lines that point an OpenAI client (any language) at the account. It is the same account --simulate commands use: they see what the other tools create and the other way round; every request is saved as it is handled.',
  usesApi: false,
  options: {
    port: {
      type: 'string',
      valueName: '<n>',
      description: 'Port on 127.0.0.1 (0: any free port)',
      defaultText: '0',
    },
    ...DIR_OPTION,
    ...SPEED_OPTION,
  },
  examples: ['simulate serve --port 8787', 'simulate serve --dir ./sim-account --speed 1000'],
  exitCodes: '0 stopped with Ctrl-C, 1 the port is taken or the account unreadable, 2 usage error',
  async run(context) {
    const { ui, io, args, signal } = context;
    const port = args.number('port', { min: 0, max: 65_535, integer: true }) ?? 0;
    const { account, flags } = await openAccount(context, io);
    await account.check();
    const { startLoopbackServer } = await import('../../testing/loopback-server.js');
    let server: Awaited<ReturnType<typeof startLoopbackServer>>;
    try {
      server = await startLoopbackServer(
        { dispatch: (request, requestSignal) => account.dispatch(request, requestSignal ?? request.signal) },
        { port, ref: true },
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        code === 'EADDRINUSE'
          ? `Port ${port} on 127.0.0.1 is already in use.`
          : `Cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`,
        ExitCode.failure,
        'Pick another port with --port, or --port 0 for any free one.',
        { cause: error },
      );
    }
    if (ui.json) {
      ui.printJson({ baseURL: server.baseURL, apiKey: SERVE_API_KEY, port: server.port, dir: account.dir });
    } else {
      ui.print(`OPENAI_BASE_URL=${server.baseURL}`, `OPENAI_API_KEY=${SERVE_API_KEY}`);
    }
    ui.notice(
      `Serving the simulated account in ${account.dir} on ${server.url} (clock ×${account.speed}). Ctrl-C stops.`,
      ui.errorColors.muted(`The same account answers finetune-kit commands with${flags.simulate}.`),
    );
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await server.close();
    ui.notice(`Stopped serving. The account stays in ${account.dir}.`);
    return undefined;
  },
};

/** The subcommands of `simulate`, in help order. */
const SUBCOMMANDS = [simulateStatusCommand, simulateResetCommand, simulateServeCommand] as const;

/** The `simulate` command: only a subcommand does something. */
export const simulateCommand: CommandDefinition = {
  name: 'simulate',
  group: 'jobs',
  summary: 'The simulated account of --simulate: status, reset, serve',
  description:
    'Commands run with --simulate share one simulated account that persists between them (in $XDG_STATE_HOME/finetune-kit/simulator, ~/.local/state/finetune-kit/simulator by default, or DIR with --simulate=DIR). Help for one: finetune-kit simulate <subcommand> --help.',
  usesApi: false,
  positionals: [{ name: 'subcommand', description: 'status, reset or serve' }],
  subcommands: SUBCOMMANDS,
  examples: ['simulate status', 'simulate reset', 'simulate serve --port 8787'],
  async run(context) {
    const name = context.args.positional('subcommand');
    const names = SUBCOMMANDS.map((subcommand) => subcommand.name.split(' ')[1]);
    const suggestion = closestMatch(name, names as string[]);
    throw context.args.usageError(
      `Unknown subcommand "${name}" of simulate: expected ${names.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    );
  },
};
