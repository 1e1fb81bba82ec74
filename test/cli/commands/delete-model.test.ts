/**
 * `delete-model` asks before deleting on a terminal, deletes without asking with `--yes`, and in a
 * script (no terminal) refuses without `--yes`, saying so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { completedJob, type SimulatorServer, startSimulatorServer } from '../helpers/simulator-server.js';

let server: SimulatorServer;
beforeAll(async () => {
  server = await startSimulatorServer();
});
afterAll(() => server.close());

/** Standard input of a terminal where the user types `answer` and Enter. */
function terminalTyping(answer: string): AsyncIterable<string> & { readonly isTTY: true } {
  return {
    isTTY: true,
    async *[Symbol.asyncIterator]() {
      yield `${answer}\n`;
    },
  };
}

const models = async () => (await server.client.models.list()).data.map((model) => model.id);
const run = (args: string[], stdin?: AsyncIterable<string>, tty = false) =>
  runCliInProcess(['delete-model', ...args], { simulator: server.sim, tty, ...(stdin ? { stdin } : {}) });

describe('delete-model', () => {
  it('asks on a terminal and deletes only after y', async () => {
    const { model } = await completedJob(server);
    const no = await run([model], terminalTyping('n'), true);
    expect(no.code).toBe(ExitCode.failure);
    expect(no.stderr).toBe(
      `Delete ${model}? This cannot be undone. [y/N] Error: Not deleted: ${model} is untouched.\n`,
    );
    expect(await models()).toContain(model);

    const yes = await run([model], terminalTyping('y'), true);
    expect(yes.code).toBe(ExitCode.ok);
    expect(yes.stderr).toBe(`Delete ${model}? This cannot be undone. [y/N] `);
    expect(yes.stdout).toBe(`✓ deleted ${model}\n`);
    expect(await models()).not.toContain(model);
  });

  it('names the job when given a job id, and stops asking on Ctrl-C', async () => {
    const { id, model } = await completedJob(server);
    const controller = new AbortController();
    const never: AsyncIterable<string> & { isTTY: true } = {
      isTTY: true,
      async *[Symbol.asyncIterator]() {
        await new Promise(() => {});
      },
    };
    const pending = runCliInProcess(['delete-model', id], {
      simulator: server.sim,
      tty: true,
      stdin: never,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('Interrupted (Ctrl-C).')), 20);
    const stopped = await pending;
    expect(stopped.stderr.startsWith(`Delete the model made by ${id}? This cannot be undone. [y/N] `)).toBe(
      true,
    );
    expect(stopped.code).not.toBe(ExitCode.ok);
    expect(await models()).toContain(model);
  });

  it('deletes without asking with --yes, and refuses without it when nobody can answer', async () => {
    const { model } = await completedJob(server);
    const script = await run([model]);
    expect(script.code).toBe(ExitCode.usage);
    expect(script.stderr).toBe(
      `Error: Deleting ${model} cannot be undone, and there is no terminal to ask: add --yes to confirm.\n` +
        'Run `finetune-kit delete-model --help` for usage.\n',
    );
    // A terminal for output but input from a pipe (`… < answers.txt`) cannot answer either.
    const piped = await run(
      [model],
      (async function* () {
        yield 'y\n';
      })(),
      true,
    );
    expect(piped.code).toBe(ExitCode.usage);
    const yes = await run([model, '--yes']);
    expect(yes.code).toBe(ExitCode.ok);
    expect(yes.stderr).toBe('');
    expect(await models()).not.toContain(model);
  });
});
