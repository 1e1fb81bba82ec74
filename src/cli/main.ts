#!/usr/bin/env node
/**
 * The `finetune-kit` executable: wires the real process (streams, environment, Ctrl-C) to
 * {@link runCli}. The first Ctrl-C aborts the running command gracefully (a watched job keeps
 * running on the server); a second one exits at once.
 *
 * @module
 */
import { FinetuneKitAbortError } from '../errors.js';
import { processIO } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { runCli } from './run-cli.js';

const controller = new AbortController();
let interrupts = 0;
let finished = false;
const onInterrupt = () => {
  // A Ctrl-C while the process winds down after the command (open handles closing) must not kill
  // it by signal: it ends with the command's own exit code.
  if (finished) process.exit(process.exitCode ?? ExitCode.interrupted);
  interrupts += 1;
  if (interrupts > 1) process.exit(ExitCode.interrupted);
  controller.abort(new FinetuneKitAbortError('Interrupted (Ctrl-C).'));
};
process.on('SIGINT', onInterrupt);
// `finetune-kit list --json | head -1` closes our stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv.slice(2), processIO(), { signal: controller.signal }).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli reports every error itself; reaching this means a bug in the reporting.
    console.error(error);
    process.exitCode = ExitCode.failure;
  },
);
