/**
 * Builds realistic API payloads (job, newest-first events, checkpoints, result CSV) for a
 * supervised or reinforcement job from curve functions, with seeded noise. Test helper.
 */
import { createRandom } from '../../src/internal/seeded-random.js';
import type { CheckpointLike } from '../../src/metrics/parse-checkpoint.js';
import type { MetricsEventLike } from '../../src/metrics/parse-metrics-event.js';

export interface SyntheticSftOptions {
  readonly jobId?: string;
  readonly stepsPerEpoch?: number;
  readonly nEpochs?: number;
  readonly seed?: number;
  /** Noise-free train loss at a step. */
  readonly trainLoss?: (step: number) => number;
  /** Relative noise of the per-batch train loss. */
  readonly noise?: number;
  /** Full-validation loss at the end of an epoch, or null for no validation file. */
  readonly fullValidLoss?: ((epoch: number) => number) | null;
  /** Mini-batch validation every this many steps (0: never). */
  readonly validEvery?: number;
  /** Emit a metrics event every this many steps (the last step always gets one). */
  readonly eventEvery?: number;
  /** Stop after this step (failed/cancelled job). */
  readonly stopAt?: number;
  readonly status?: string;
  readonly trainedTokens?: number | null;
}

export interface SyntheticJob {
  readonly job: Record<string, unknown>;
  /** Newest first, as the API lists them. */
  readonly events: MetricsEventLike[];
  /** Newest first. */
  readonly checkpoints: CheckpointLike[];
  /** The OpenAI-style CSV (5 decimals), one row per step. */
  readonly csv: string;
}

function round5(value: number): string {
  return String(Number(value.toFixed(5)));
}

/** A supervised job with a decaying loss curve by default. */
export function syntheticSftJob(options: SyntheticSftOptions = {}): SyntheticJob {
  const jobId = options.jobId ?? 'ftjob-synthetic';
  const stepsPerEpoch = options.stepsPerEpoch ?? 40;
  const nEpochs = options.nEpochs ?? 3;
  const totalSteps = stepsPerEpoch * nEpochs;
  const { next: random } = createRandom(options.seed ?? 7);
  const trainLoss = options.trainLoss ?? ((step: number) => 0.35 + 1.9 * Math.exp(-step / 25));
  const noise = options.noise ?? 0.12;
  const fullValid =
    options.fullValidLoss === undefined ? (epoch: number) => 0.62 - 0.08 * epoch : options.fullValidLoss;
  const validEvery = options.validEvery ?? (fullValid ? 10 : 0);
  const eventEvery = options.eventEvery ?? 1;
  const lastStep = Math.min(options.stopAt ?? totalSteps, totalSteps);
  const status = options.status ?? (lastStep === totalSteps ? 'succeeded' : 'failed');
  const model = `ft:gpt-4o-mini-2024-07-18:acme:synth:${jobId.slice(-8)}`;
  const events: MetricsEventLike[] = [];
  const checkpoints: CheckpointLike[] = [];
  const rows: string[] = ['step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy'];
  let createdAt = 1_730_000_000;
  events.push({
    id: `${jobId}-ev-created`,
    created_at: createdAt,
    level: 'info',
    type: 'message',
    message: `Created fine-tuning job: ${jobId}`,
    data: {},
  });
  for (let step = 1; step <= lastStep; step += 1) {
    createdAt += 3;
    const loss = trainLoss(step) * (1 + noise * (random() * 2 - 1));
    const accuracy = Math.min(1, 0.55 + 0.4 * (1 - Math.exp(-step / 30)) + 0.03 * (random() - 0.5));
    const data: Record<string, number> = {
      step,
      total_steps: totalSteps,
      train_loss: loss,
      train_mean_token_accuracy: accuracy,
    };
    const epochEnd = step % stepsPerEpoch === 0;
    let validCells = ',';
    if (validEvery > 0 && step % validEvery === 0 && fullValid) {
      const epoch = Math.ceil(step / stepsPerEpoch);
      data.valid_loss = fullValid(epoch) * (1 + 0.35 * (random() * 2 - 1));
      data.valid_mean_token_accuracy = Math.min(1, accuracy - 0.04 + 0.02 * random());
      validCells = `${round5(data.valid_loss)},${round5(data.valid_mean_token_accuracy)}`;
    }
    if (epochEnd && fullValid) {
      const epoch = step / stepsPerEpoch;
      data.full_valid_loss = fullValid(epoch);
      data.full_valid_mean_token_accuracy = 0.8 + 0.03 * epoch;
    }
    rows.push(`${step},${round5(loss)},${round5(accuracy)},${validCells}`);
    if (step % eventEvery === 0 || step === lastStep || epochEnd) {
      const parts = [`training loss=${loss.toFixed(2)}`];
      if (data.valid_loss !== undefined) parts.push(`validation loss=${data.valid_loss.toFixed(2)}`);
      if (data.full_valid_loss !== undefined)
        parts.push(`full validation loss=${data.full_valid_loss.toFixed(2)}`);
      events.push({
        id: `${jobId}-ev-${step}`,
        created_at: createdAt,
        level: 'info',
        type: 'metrics',
        message: `Step ${step}/${totalSteps}: ${parts.join(', ')}`,
        data,
      });
    }
    if (epochEnd) {
      const epoch = step / stepsPerEpoch;
      if (epoch > nEpochs - 3) {
        const metrics: Record<string, number> = {
          step,
          train_loss: loss,
          train_mean_token_accuracy: accuracy,
        };
        if (data.full_valid_loss !== undefined) {
          metrics.full_valid_loss = data.full_valid_loss;
          metrics.full_valid_mean_token_accuracy = data.full_valid_mean_token_accuracy as number;
        }
        checkpoints.push({
          id: `ftckpt_${jobId.slice(-6)}_${step}`,
          created_at: createdAt,
          fine_tuning_job_id: jobId,
          step_number: step,
          fine_tuned_model_checkpoint: step === totalSteps ? model : `${model}:ckpt-step-${step}`,
          metrics,
        });
      }
    }
  }
  if (status === 'succeeded') {
    events.push({
      id: `${jobId}-ev-done`,
      created_at: createdAt + 5,
      level: 'info',
      type: 'message',
      message: 'The job has successfully completed',
      data: {},
    });
  }
  const job: Record<string, unknown> = {
    object: 'fine_tuning.job',
    id: jobId,
    model: 'gpt-4o-mini-2024-07-18',
    status,
    created_at: 1_730_000_000,
    finished_at: createdAt + 5,
    fine_tuned_model: status === 'succeeded' ? model : null,
    training_file: 'file-train',
    validation_file: fullValid ? 'file-valid' : null,
    result_files: status === 'succeeded' ? ['file-results'] : [],
    trained_tokens:
      options.trainedTokens === undefined
        ? status === 'succeeded'
          ? 120_000 * nEpochs
          : null
        : options.trainedTokens,
    hyperparameters: { n_epochs: nEpochs, batch_size: 4, learning_rate_multiplier: 1.8 },
    method: {
      type: 'supervised',
      supervised: { hyperparameters: { n_epochs: nEpochs, batch_size: 4, learning_rate_multiplier: 1.8 } },
    },
    error:
      status === 'failed'
        ? { code: 'server_error', message: 'The job failed due to an internal error', param: null }
        : null,
  };
  return { job, events: events.reverse(), checkpoints: checkpoints.reverse(), csv: `${rows.join('\n')}\n` };
}
