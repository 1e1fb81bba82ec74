/**
 * Model checks of a validation run: an unknown model, a method the model does not support, a
 * model past its job-creation cut-off or shutdown (`model_not_fine_tunable`), or one close to those
 * dates (`model_deprecated`).
 *
 * @module
 */
import { type ModelInfo, modelDeprecationStatus, type ResolvedModel } from '../../models/index.js';
import type { IssueDraft, TrainingMethod } from '../types.js';

/** Inputs of {@link checkModel}. */
export interface CheckModelInput {
  /** The model name as given. */
  readonly name: string;
  /** Its table entry, or `null` when unknown. */
  readonly model: ResolvedModel | null;
  /** The method of the job, given or inferred from the file's format; `null` when unknown. */
  readonly method: TrainingMethod | null;
  /** True when the method was inferred from the data rather than given. */
  readonly methodInferred: boolean;
  /** Names the table knows, for the unknown-model message. */
  readonly knownModels: readonly string[];
  /** The day to judge dates by. */
  readonly now: Date;
  /** Warn this many days (or fewer) before a cut-off or shutdown. */
  readonly warningDays: number;
  /** Whether OpenAI's dates apply (not for Azure). */
  readonly checkDates: boolean;
}

const METHOD_NAMES: Readonly<Record<TrainingMethod, string>> = {
  supervised: 'supervised',
  dpo: 'preference (DPO)',
  reinforcement: 'reinforcement',
};

/**
 * Checks the model against the method and the calendar.
 *
 * @returns Drafts of `model_not_fine_tunable` and `model_deprecated` issues (file-level).
 */
export function checkModel(input: CheckModelInput): IssueDraft[] {
  const { name, model, method } = input;
  if (!model) {
    const known = input.knownModels.join(', ');
    return [
      {
        code: 'model_not_fine_tunable',
        message: `Unknown model "${name}": not in the finetune-kit model table (known: ${known}); the data was still validated.`,
        remedy: { kind: 'option', option: 'models' },
      },
    ];
  }
  const issues: IssueDraft[] = [];
  if (method && !model.methods.includes(method)) {
    const how = input.methodInferred ? ' (inferred from the file format)' : '';
    issues.push({
      code: 'model_not_fine_tunable',
      message: `${model.snapshot} does not support ${METHOD_NAMES[method]} fine-tuning${how}; it supports ${describeMethods(model)}.`,
    });
  }
  if (input.checkDates) issues.push(...checkDates(model, input.now, input.warningDays));
  return issues;
}

function describeMethods(model: ModelInfo): string {
  return model.methods.map((method) => (method === 'vision' ? 'vision' : METHOD_NAMES[method])).join(', ');
}

function checkDates(model: ModelInfo, now: Date, warningDays: number): IssueDraft[] {
  const status = modelDeprecationStatus(model, now);
  if (status.shutDown) {
    return [
      {
        code: 'model_not_fine_tunable',
        message: `${model.snapshot} shut down on ${model.shutdown}: it can no longer be fine-tuned.`,
      },
    ];
  }
  if (status.jobCreationEnded) {
    return [
      {
        code: 'model_not_fine_tunable',
        message: `OpenAI accepted new fine-tuning jobs for ${model.snapshot} until ${model.jobCreationEnds}; no new job can be created.`,
      },
    ];
  }
  const issues: IssueDraft[] = [];
  const cutoffDays = status.daysUntilJobCreationEnds;
  if (cutoffDays !== null && cutoffDays <= warningDays) {
    issues.push({
      code: 'model_deprecated',
      message: `New fine-tuning jobs for ${model.snapshot} are accepted until ${model.jobCreationEnds} (${plural(cutoffDays, 'day')} left)${model.jobCreationEnds === '2027-01-06' ? ', and since 2026-07-02 only from organisations that used fine-tuned models recently' : ''}.`,
    });
  }
  const shutdownDays = status.daysUntilShutdown;
  if (shutdownDays !== null && shutdownDays <= warningDays) {
    issues.push({
      code: 'model_deprecated',
      message: `${model.snapshot} and its fine-tuned models shut down on ${model.shutdown} (${plural(shutdownDays, 'day')} left).`,
    });
  }
  return issues;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
