/**
 * The simulator's default {@link TrainingFileValidator}: finetune-kit's own Dataset module, loaded
 * on first use so that importing `finetune-kit/testing` does not load the validator and tokenizer.
 *
 * @module
 */
import type { TrainingFileCheck, TrainingFileValidator, TrainingFileVerdict } from './server-validation.js';
import { verdictFromReport } from './server-validation.js';

let datasetModule: Promise<typeof import('../dataset/dataset.js')> | undefined;

/**
 * Validates with finetune-kit's `Dataset` (the same checks users run before uploading) and
 * answers as the server would: the report's format, example count and first blocking issue become
 * the job's `error`; its billable token count becomes `trained_tokens` per epoch.
 *
 * @param check - The file and the job.
 * @returns The server's verdict.
 */
export const datasetValidator: TrainingFileValidator = async (
  check: TrainingFileCheck,
): Promise<TrainingFileVerdict> => {
  datasetModule ??= import('../dataset/dataset.js');
  const { Dataset } = await datasetModule;
  // Stream the chunks: a large upload may not fit in one string.
  async function* chunks() {
    yield* check.chunks;
  }
  const size = check.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const dataset =
    check.chunks.length === 1 && check.chunks[0]
      ? Dataset.fromBytes(check.chunks[0], { name: check.filename })
      : Dataset.fromStream(chunks(), { name: check.filename, size });
  const report = await dataset.validate({
    model: check.model,
    method: check.method,
    // A validation file is held to the validation rules (no example minimum), as the API holds it.
    role: check.role === 'validation_file' ? 'validation' : 'training',
    ...(check.models === undefined ? {} : { models: check.models }),
  });
  return verdictFromReport(report, check, report.tokens.billable);
};
