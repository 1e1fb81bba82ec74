/**
 * Supervised (and DPO) training: one metrics event per step with losses and token accuracies
 * (`Step N/M: training loss=…`), checkpoints for the last epochs made at the end, and the
 * `step_metrics.csv` result file (docs/internals/metrics-formats.md#supervised, #result-files).
 *
 * @module
 */
import type { SimulatorContext } from './context.js';
import { resolveHyperparameters } from './hyperparameters.js';
import { addCheckpoint, addJobEvent, addStepCheckpoint } from './job-history.js';
import { buildResultCsv } from './result-csv.js';
import type { AcceptedTrainingFile } from './server-validation.js';
import type { JobRecord } from './store.js';
import { generateTrainingCurve } from './training-curves.js';
import { jobRandom, requestedHyperparameters, runSize, type TrainingRun } from './training-run.js';
import type { SimulatedStepMetrics } from './wire-types.js';

/** The `Step N/M: ...` message, values with 2 decimals as the API prints them. */
export function metricsMessage(metrics: SimulatedStepMetrics, totalSteps: number): string {
  let message = `Step ${metrics.step}/${totalSteps}: training loss=${metrics.train_loss.toFixed(2)}`;
  if (metrics.valid_loss !== undefined) message += `, validation loss=${metrics.valid_loss.toFixed(2)}`;
  if (metrics.full_valid_loss !== undefined)
    message += `, full validation loss=${metrics.full_valid_loss.toFixed(2)}`;
  return message;
}

/**
 * The training of a supervised or DPO job.
 *
 * @param context - The simulator.
 * @param record - The job, just created.
 * @param verdict - The accepted training file (examples, tokens per epoch).
 */
export function supervisedRun(
  context: SimulatorContext,
  record: JobRecord,
  verdict: AcceptedTrainingFile,
): TrainingRun {
  const { training, quirks } = context.options;
  const { job } = record;
  const resolved = resolveHyperparameters(
    requestedHyperparameters(record),
    job.method.type,
    verdict.examples,
    training.autoLearningRateMultiplier,
  );
  const { stepsPerEpoch, totalSteps, trainedTokens } = runSize(verdict, resolved);
  let curve: SimulatedStepMetrics[] = [];
  return {
    totalSteps,
    hyperparameters: { ...resolved },
    trainedTokens,
    start() {
      curve = generateTrainingCurve({
        random: jobRandom(context, record),
        totalSteps,
        stepsPerEpoch,
        batchSize: resolved.batch_size,
        hasValidation: job.validation_file !== null,
        validationEvery: training.validationEvery,
      });
    },
    step(step, time) {
      const metrics = curve[step - 1];
      if (!metrics || (step % training.metricsEvery !== 0 && step !== totalSteps)) return;
      addJobEvent(context, record, time, metricsMessage(metrics, totalSteps), {
        type: 'metrics',
        data: { ...metrics, total_steps: totalSteps },
      });
    },
    finish(time) {
      // Checkpoints for the last epochs (docs/internals/metrics-formats.md#checkpoints); the last one carries the final name.
      const kept = Math.min(training.checkpointsKept, resolved.n_epochs);
      for (let epoch = resolved.n_epochs - kept + 1; epoch <= resolved.n_epochs; epoch++) {
        const step = epoch * stepsPerEpoch;
        const metrics = this.checkpointMetrics(step);
        if (step === totalSteps)
          addCheckpoint(context, record, time, step, record.fineTunedModelName, metrics);
        else addStepCheckpoint(context, record, time, step, metrics);
      }
    },
    resultCsv: () => buildResultCsv(curve, quirks.resultFile),
    checkpointMetrics(step) {
      const metrics = curve[step - 1];
      return metrics ? { ...metrics } : { step };
    },
  };
}
