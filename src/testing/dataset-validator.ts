/**
 * The simulator's default {@link TrainingFileValidator}: finetune-kit's own Dataset module,
 * loaded on first use so that importing `finetune-kit/testing` stays light.
 *
 * @module
 */
import type { TrainingFileCheck, TrainingFileValidator, TrainingFileVerdict } from './server-validation.js';
import { verdictFromReport } from './server-validation.js';

/** The subset of the Dataset API the simulator calls. */
interface DatasetModuleLike {
  readonly Dataset?: {
    fromString(text: string): {
      validate(options: { model: string; method: string }): Promise<{
        readonly format: string;
        readonly examples: number;
        readonly issues: readonly {
          code: string;
          severity: string;
          message: string;
          line?: number;
          example?: number;
          messageIndex?: number;
          path?: string;
        }[];
        readonly tokens?: unknown;
      }>;
    };
  };
}

let datasetModule: Promise<DatasetModuleLike> | undefined;

function loadDataset(): Promise<DatasetModuleLike> {
  datasetModule ??= import('../dataset/index.js') as Promise<DatasetModuleLike>;
  return datasetModule;
}

/** Reads billed tokens per epoch from a report's `tokens`, whatever the exact field name. */
function billedTokens(tokens: unknown, fallback: number): number {
  if (typeof tokens !== 'object' || tokens === null) return fallback;
  const record = tokens as Record<string, unknown>;
  for (const key of ['billablePerEpoch', 'billable', 'billableTokens', 'total']) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return fallback;
}

/**
 * Validates with finetune-kit's Dataset module and answers as the server would.
 *
 * @param check - The file and the job.
 * @returns The server's verdict.
 */
export const datasetValidator: TrainingFileValidator = async (
  check: TrainingFileCheck,
): Promise<TrainingFileVerdict> => {
  const module = await loadDataset();
  const roughTokens = Math.ceil(check.text.length / 4);
  if (!module.Dataset) {
    // PROVISIONAL: until the Dataset module exports `Dataset`, count non-blank lines only.
    const examples = check.text.split('\n').filter((line) => line.trim() !== '').length;
    const format =
      check.method === 'dpo' ? 'preference' : check.method === 'reinforcement' ? 'reinforcement' : 'chat';
    return verdictFromReport({ format, examples, issues: [] }, check, roughTokens);
  }
  const report = await module.Dataset.fromString(check.text).validate({
    model: check.model,
    method: check.method,
  });
  return verdictFromReport(report, check, billedTokens(report.tokens, roughTokens));
};
