/**
 * The training method of a local data file, read from its first examples, for the commands that
 * start jobs (`run`, `create`) — as `validate` and `estimate` infer it from the whole report. And the
 * check that the model can be trained with it, naming one that can.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TrainingMethod } from '../dataset/index.js';
import { MODEL_TABLE, modelDeprecationStatus, type ResolvedModel } from '../models/index.js';
import { CliUsageError } from './cli-error.js';

/** How many examples the inference reads: enough to see the format, cheap on any file size. */
export const INFERENCE_SAMPLE_LINES = 100;

const METHOD_OF_FORMAT = {
  chat: 'supervised',
  prompt_completion: 'supervised',
  preference: 'dpo',
  reinforcement: 'reinforcement',
} as const satisfies Record<string, TrainingMethod>;

/**
 * The method the first examples of `path` train with: `dpo` for preference data, `reinforcement`
 * for reinforcement data, `supervised` for chat and prompt/completion data.
 *
 * @param path - A local JSONL file.
 * @returns The method, or `null` when the file cannot be read, has no recognisable example in its
 *   first {@link INFERENCE_SAMPLE_LINES} lines, or mixes formats (validation then reports why).
 */
export async function inferMethodFromFile(path: string): Promise<TrainingMethod | null> {
  const { detectExampleFormat } = await import('../dataset/checks/detect-format.js');
  const methods = new Set<TrainingMethod>();
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let read = 0;
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      read += 1;
      if (read > INFERENCE_SAMPLE_LINES) break;
      let example: unknown;
      try {
        example = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof example !== 'object' || example === null || Array.isArray(example)) continue;
      const format = detectExampleFormat(example as Record<string, unknown>).format;
      if (format) methods.add(METHOD_OF_FORMAT[format]);
    }
  } catch {
    // Unreadable (missing, a directory): validation reports it with the path.
    return null;
  } finally {
    lines.close();
    stream.destroy();
  }
  return methods.size === 1 ? ([...methods][0] as TrainingMethod) : null;
}

/**
 * Fails with a usage error when `model` cannot be trained with `method`, naming a model that can
 * (the first in the model table that still takes new jobs, else the first at all).
 *
 * @param model - The resolved `--model`.
 * @param method - The job's method.
 * @param source - How the method was chosen, for the message (`--method dpo`, `inferred from the data`).
 * @param command - The command, for the hint.
 * @throws {CliUsageError} When the model's methods do not include `method`.
 */
export function requireModelForMethod(
  model: ResolvedModel,
  method: TrainingMethod,
  source: string,
  command: string,
): void {
  if ((model.methods as readonly string[]).includes(method)) return;
  const able = Object.values(MODEL_TABLE).filter((candidate) =>
    (candidate.methods as readonly string[]).includes(method),
  );
  // Prefer a model that still takes new jobs; else one past OpenAI's cut-off (Azure may still train it).
  const best = able.find((candidate) => !modelDeprecationStatus(candidate).jobCreationEnded) ?? able[0];
  const suggestion = best ? (best.aliases[0] ?? best.snapshot) : undefined;
  throw new CliUsageError(
    `${model.requested} cannot be trained with ${method} (${source})${suggestion ? `: use e.g. --model ${suggestion}` : ''}.`,
    command,
  );
}
