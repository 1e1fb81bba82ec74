#!/usr/bin/env node
/**
 * The `finetune-kit` command. Commands are thin layers over the library.
 *
 * @module
 */
console.error('finetune-kit: the command line is being built; no command is available yet.');
process.exitCode = 2;
