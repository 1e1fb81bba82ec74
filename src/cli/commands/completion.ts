/**
 * `finetune-kit completion bash|zsh|fish`: prints a shell completion script generated from the
 * command table, so completions always match the installed version.
 *
 * @module
 */
import type { CommandDefinition } from '../command.js';
import { COMPLETION_SHELLS, completionScript } from '../completion-scripts.js';

/** The `completion` command. */
export const completionCommand: CommandDefinition = {
  name: 'completion',
  group: 'shell',
  summary: 'Print a shell completion script (bash, zsh or fish)',
  description:
    "Completes commands, subcommands and each command's options; other arguments complete as file names. The script is generated from this version's commands. Or load it at every start: `source <(finetune-kit completion bash)` in ~/.bashrc (zsh: the same in ~/.zshrc, after compinit).",
  usesApi: false,
  positionals: [{ name: 'shell', description: 'bash, zsh or fish' }],
  examples: [
    'completion bash > ~/.local/share/bash-completion/completions/finetune-kit',
    'completion zsh > ~/.zfunc/_finetune-kit',
    'completion fish > ~/.config/fish/completions/finetune-kit.fish',
  ],
  async run({ args, io, commands }) {
    const shell = args.positional('shell');
    if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
      throw args.usageError(`Unknown shell "${shell}": use ${COMPLETION_SHELLS.join(', ')}.`);
    }
    io.stdout.write(completionScript(shell as (typeof COMPLETION_SHELLS)[number], commands));
    return undefined;
  },
};
