/** Builds `Metrics` from compact per-step rows, for diagnostics tests. */
import { Metrics } from '../../src/metrics/metrics.js';

export type Row = { readonly step: number } & Readonly<Record<string, number | string | object>>;

export interface BuildOptions {
  readonly method?: 'supervised' | 'dpo' | 'reinforcement';
  readonly status?: string;
  readonly nEpochs?: number | null;
  readonly totalSteps?: number;
  readonly trainedTokens?: number | null;
  readonly model?: string;
  readonly checkpoints?: readonly Record<string, unknown>[];
  readonly resultFiles?: readonly string[];
}

/** One metrics event per row; `total_steps` defaults to the last row's step. */
export function buildMetrics(rows: readonly Row[], options: BuildOptions = {}): Metrics {
  const totalSteps = options.totalSteps ?? rows[rows.length - 1]?.step ?? 0;
  const method = options.method ?? 'supervised';
  const nEpochs = options.nEpochs === undefined ? 3 : options.nEpochs;
  const hyperparameters = nEpochs === null ? {} : { n_epochs: nEpochs, batch_size: 4 };
  return Metrics.from({
    job: {
      id: 'ftjob-test',
      model: options.model ?? 'gpt-4o-mini-2024-07-18',
      status: options.status ?? 'succeeded',
      trained_tokens: options.trainedTokens === undefined ? null : options.trainedTokens,
      validation_file: 'file-valid',
      method: { type: method, [method]: { hyperparameters } },
    },
    events: rows.map((row, index) => ({
      id: `ftevent-${index}`,
      created_at: 1_000 + index,
      type: 'metrics',
      message: `Step ${row.step}/${totalSteps}`,
      data: { total_steps: totalSteps, ...row },
    })),
    checkpoints: options.checkpoints ?? [],
    resultFiles: options.resultFiles ?? [],
  });
}

/** Steps 1..n with values from a function. */
export function rowsFor(
  n: number,
  values: (step: number) => Record<string, number | string | object>,
): Row[] {
  return Array.from({ length: n }, (_, index) => ({ step: index + 1, ...values(index + 1) }));
}

/** A seeded jitter in [-1, 1) for deterministic noise. */
export function jitter(step: number, seed = 1): number {
  const x = Math.sin(step * 12.9898 + seed * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** A healthy supervised run: loss falling from ~2.2 to ~0.4 with mild noise, full validation each epoch. */
export function healthyRows(stepsPerEpoch = 40, epochs = 3): Row[] {
  const total = stepsPerEpoch * epochs;
  return rowsFor(total, (step) => {
    const values: Record<string, number> = {
      train_loss: (0.38 + 1.9 * Math.exp(-step / 25)) * (1 + 0.08 * jitter(step)),
      train_mean_token_accuracy: 0.6 + 0.3 * (1 - Math.exp(-step / 30)),
    };
    if (step % 10 === 0)
      values.valid_loss = (0.62 - 0.07 * Math.ceil(step / stepsPerEpoch)) * (1 + 0.1 * jitter(step, 2));
    if (step % stepsPerEpoch === 0) {
      const epoch = step / stepsPerEpoch;
      values.full_valid_loss = 0.6 - 0.07 * epoch;
      values.full_valid_mean_token_accuracy = 0.8 + 0.03 * epoch;
    }
    return values;
  });
}
