/**
 * `finetune-kit chat <model> <message>`: one chat completion from a fine-tuned model or checkpoint.
 *
 * @module
 */
import { errorStatus } from '../../internal/error-status.js';
import { CliError } from '../cli-error.js';
import type { CommandDefinition } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { formatInteger } from '../ui/format.js';

/** The `chat` command. */
export const chatCommand: CommandDefinition = {
  name: 'chat',
  group: 'results',
  summary: 'Ask a fine-tuned model (or a checkpoint) one question',
  description:
    'Sends one chat completion request and prints the answer. Use the `fine_tuned_model` of a succeeded job, or a checkpoint name (`…:ckpt-step-N`) from `finetune-kit checkpoints`.',
  usesApi: true,
  positionals: [
    {
      name: 'model',
      description: 'fine-tuned model or checkpoint, e.g. ft:gpt-4o-mini-2024-07-18:org:support:abc123',
    },
    { name: 'message', description: 'the user message' },
  ],
  options: {
    system: {
      type: 'string',
      valueName: '<text>',
      description: 'a system message, e.g. the one used in training',
    },
    'max-tokens': { type: 'string', valueName: '<n>', description: 'cap on the answer length in tokens' },
    temperature: { type: 'string', valueName: '<t>', description: 'sampling temperature, 0 to 2' },
  },
  examples: [
    'chat ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj "How do I reset my password?"',
    'chat ft:gpt-4o-mini-2024-07-18:acme:support:9uJPavMj:ckpt-step-120 "Hi" --system "You are Acme support."',
  ],
  async run({ args, ui, signal, client }) {
    const model = args.positional('model');
    const message = args.positional('message');
    const system = args.string('system');
    const maxTokens = args.number('max-tokens', { min: 1, integer: true });
    const temperature = args.number('temperature', { min: 0, max: 2 });
    const { client: openai } = await client();
    const completion = await openai.chat.completions
      .create(
        {
          model,
          messages: [
            ...(system ? [{ role: 'system' as const, content: system }] : []),
            { role: 'user', content: message },
          ],
          ...(maxTokens === undefined ? {} : { max_completion_tokens: maxTokens }),
          ...(temperature === undefined ? {} : { temperature }),
        },
        { signal },
      )
      .catch((error: unknown) => {
        if (errorStatus(error) !== 404) throw error;
        throw new CliError(
          `Model "${model}" was not found (404): ${(error as Error).message.replace(/^404\s*/, '')}`,
          ExitCode.failure,
          'Use the fine_tuned_model of a succeeded job (`finetune-kit status <job>`) or a checkpoint (`finetune-kit checkpoints <job>`).',
          { cause: error },
        );
      });
    const choice = completion.choices[0];
    const answer = choice?.message.content ?? '';
    if (ui.json) {
      ui.printJson({
        ok: true,
        model: completion.model,
        answer,
        finishReason: choice?.finish_reason ?? null,
        usage: completion.usage ?? null,
      });
      return undefined;
    }
    const styles = ui.colors;
    ui.print(`${styles.muted('you ›')} ${message}`, `${styles.accent(`${completion.model} ›`)} ${answer}`);
    if (completion.usage) {
      ui.print(
        styles.muted(
          `${formatInteger(completion.usage.prompt_tokens)} prompt + ${formatInteger(completion.usage.completion_tokens)} completion tokens${
            choice?.finish_reason === 'length' ? ' (cut off by --max-tokens)' : ''
          }`,
        ),
      );
    }
    return undefined;
  },
};
