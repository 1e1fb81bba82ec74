import { describe, expect, it } from 'vitest';
import { FinetuneKitUsageError } from '../../src/errors.js';
import { FINDING_CODES, type FindingCode, type MetricsFinding } from '../../src/metrics/finding-codes.js';
import type { Metrics } from '../../src/metrics/metrics.js';
import { buildMetrics, healthyRows, jitter, type Row, rowsFor } from './build-metrics.js';

const codes = (metrics: Metrics): FindingCode[] => metrics.diagnose().map((finding) => finding.code);
function only<C extends FindingCode>(metrics: Metrics, code: C): Extract<MetricsFinding, { code: C }> {
  const found = metrics.diagnose().filter((finding) => finding.code === code);
  expect(found, `expected exactly one ${code}`).toHaveLength(1);
  return found[0] as Extract<MetricsFinding, { code: C }>;
}

/** Healthy rows with the full validation loss of each epoch replaced. */
function withFullValid(values: readonly number[], trainScale: (epoch: number) => number = () => 1): Row[] {
  return healthyRows().map((row) => {
    const epoch = Math.ceil(row.step / 40);
    const next: Record<string, number> = { ...(row as unknown as Record<string, number>) };
    next.train_loss = (next.train_loss as number) * trainScale(epoch);
    if (next.full_valid_loss !== undefined) next.full_valid_loss = values[epoch - 1] as number;
    return next as unknown as Row;
  });
}

/** A reinforcement run: rows of train/valid rewards (valid every 5 steps). */
function rftRows(
  n: number,
  train: (step: number) => number,
  valid: (step: number) => number,
  extra: (step: number) => Record<string, number | object> = () => ({}),
): Row[] {
  return rowsFor(n, (step) => ({
    train_mean_reward: train(step),
    ...(step % 5 === 0 ? { full_valid_mean_reward: valid(step) } : {}),
    ...extra(step),
  }));
}

describe('diagnose: a healthy supervised run', () => {
  it('reports nothing', () => {
    expect(buildMetrics(healthyRows()).diagnose()).toEqual([]);
  });

  it('every code in the union has a definition', () => {
    expect(Object.keys(FINDING_CODES)).toHaveLength(22);
  });
});

describe('non_finite_values', () => {
  it('fires as an error with the steps and metrics', () => {
    const rows = healthyRows().map((row) => (row.step === 50 ? { ...row, train_loss: 'NaN' } : row));
    const finding = only(buildMetrics(rows), 'non_finite_values');
    expect(finding).toMatchObject({
      severity: 'error',
      steps: [50],
      evidence: { metrics: ['train_loss'], count: 1 },
    });
    expect(finding.message).toContain('step 50');
  });
});

describe('overfit_ratio', () => {
  it.each([
    [1.3, 'mild', 'info'],
    [1.7, 'moderate', 'warning'],
    [2.6, 'severe', 'warning'],
  ] as const)('ratio %s is %s (%s)', (ratio, band, severity) => {
    // Last-epoch mean train loss is ~0.42; set full_valid_loss to ratio × that.
    const base = buildMetrics(healthyRows()).epochAggregates()[2]?.trainLoss as number;
    const metrics = buildMetrics(withFullValid([0.53, 0.46, ratio * base]));
    const finding = only(metrics, 'overfit_ratio');
    expect(finding.severity).toBe(severity);
    expect(finding.evidence).toMatchObject({ band, epoch: 3, basis: 'full_valid_loss' });
    expect(finding.evidence.ratio).toBeCloseTo(ratio, 6);
    expect(finding.evidence.ratios).toHaveLength(3);
    expect(finding.steps).toEqual([40, 80, 120]);
  });

  it('falls back to epoch means of mini-batch valid_loss, flagged as noisy', () => {
    const rows = healthyRows().map((row) => {
      const {
        full_valid_loss: _drop,
        full_valid_mean_token_accuracy: _drop2,
        ...rest
      } = row as unknown as Record<string, number>;
      return (rest.valid_loss !== undefined ? { ...rest, valid_loss: 1.0 } : rest) as unknown as Row;
    });
    const finding = only(buildMetrics(rows), 'overfit_ratio');
    expect(finding.evidence.basis).toBe('valid_loss');
    expect(finding.message).toContain('noisy');
  });

  it('does not fire below 1.2', () => {
    expect(codes(buildMetrics(withFullValid([0.53, 0.46, 0.45])))).not.toContain('overfit_ratio');
  });
});

describe('overfit_gap_widening', () => {
  it('fires when valid rises while train falls', () => {
    const finding = only(buildMetrics(withFullValid([0.5, 0.6, 0.7])), 'overfit_gap_widening');
    expect(finding.steps).toEqual([80, 120]);
    expect(finding.evidence.gaps).toHaveLength(3);
    expect(finding.evidence.epochs).toEqual([1, 2, 3]);
  });

  it('does not fire when valid falls with train, or recovers at the end', () => {
    expect(codes(buildMetrics(withFullValid([0.53, 0.46, 0.39])))).not.toContain('overfit_gap_widening');
    expect(codes(buildMetrics(withFullValid([0.5, 0.55, 0.45])))).not.toContain('overfit_gap_widening');
  });
});

describe('final_worse_than_best', () => {
  it('fires when the final full_valid_loss is > 20% above the best and suggests n_epochs', () => {
    const finding = only(buildMetrics(withFullValid([0.5, 0.4, 0.6])), 'final_worse_than_best');
    expect(finding.evidence).toMatchObject({
      metric: 'full_valid_loss',
      best: 0.4,
      bestStep: 80,
      final: 0.6,
      finalStep: 120,
    });
    expect(finding.evidence.relative).toBeCloseTo(0.5, 10);
    expect(finding.suggestion).toContain('n_epochs = 2');
  });

  it('does not fire within 20%', () => {
    expect(codes(buildMetrics(withFullValid([0.5, 0.4, 0.45])))).not.toContain('final_worse_than_best');
  });

  it('uses valid_reward_mean for reinforcement jobs', () => {
    const metrics = buildMetrics(
      rftRows(
        40,
        (step) => 0.3 + 0.01 * step,
        (step) => (step <= 20 ? 0.3 + step * 0.02 : 0.7 - (step - 20) * 0.02),
      ),
      { method: 'reinforcement' },
    );
    expect(only(metrics, 'final_worse_than_best').evidence.metric).toBe('valid_reward_mean');
  });
});

describe('memorization', () => {
  it('fires when the last epoch has train loss ~0 and accuracy ~1', () => {
    const rows = healthyRows().map((row) =>
      row.step > 80
        ? { ...row, train_loss: 0.004 * (1 + 0.1 * jitter(row.step)), train_mean_token_accuracy: 0.999 }
        : row,
    );
    const finding = only(buildMetrics(rows), 'memorization');
    expect(finding.evidence.epoch).toBe(3);
    expect(finding.evidence.trainLoss).toBeLessThan(0.01);
    expect(finding.steps).toEqual([81, 120]);
  });

  it('does not fire for a normal final loss or a low accuracy', () => {
    expect(codes(buildMetrics(healthyRows()))).not.toContain('memorization');
    const rows = healthyRows().map((row) =>
      row.step > 80 ? { ...row, train_loss: 0.004, train_mean_token_accuracy: 0.9 } : row,
    );
    expect(codes(buildMetrics(rows))).not.toContain('memorization');
  });
});

describe('divergence', () => {
  it('fires when the smoothed loss climbs back above twice its best', () => {
    const rows = rowsFor(100, (step) => ({
      train_loss: step <= 60 ? 2 - step * 0.03 : 0.2 + (step - 60) * 0.03,
    }));
    const finding = only(buildMetrics(rows, { nEpochs: null }), 'divergence');
    expect(finding.severity).toBe('warning');
    expect(finding.evidence.best).toBeLessThan(0.3);
    expect(finding.evidence.final).toBeGreaterThan(1);
  });

  it('honours an absolute divergenceThreshold and stays quiet on a falling curve', () => {
    const falling = buildMetrics(
      rowsFor(100, (step) => ({ train_loss: 2 - step * 0.015 })),
      { nEpochs: null },
    );
    expect(codes(falling)).not.toContain('divergence');
    expect(falling.diagnose({ divergenceThreshold: 0.4 }).map((finding) => finding.code)).toContain(
      'divergence',
    );
  });
});

describe('learning-rate hints', () => {
  it('learning_rate_too_low fires when the loss barely falls', () => {
    const rows = rowsFor(100, (step) => ({ train_loss: 1.2 - step * 0.0004 + 0.01 * jitter(step) }));
    const finding = only(buildMetrics(rows, { status: 'running', totalSteps: 120 }), 'learning_rate_too_low');
    expect(finding.evidence.relativeDrop).toBeLessThan(0.05);
    expect(finding.severity).toBe('info');
  });

  it('learning_rate_too_high fires when the loss crashes to ~0 within 10% of training', () => {
    const rows = rowsFor(200, (step) => ({ train_loss: step <= 3 ? 2.5 : 0.005 }));
    const finding = only(buildMetrics(rows, { nEpochs: null }), 'learning_rate_too_high');
    expect(finding.evidence.step).toBeLessThanOrEqual(20);
  });

  it('neither fires on a healthy curve', () => {
    const found = codes(buildMetrics(healthyRows()));
    expect(found).not.toContain('learning_rate_too_low');
    expect(found).not.toContain('learning_rate_too_high');
  });
});

describe('learned_nothing (supervised)', () => {
  it('fires as an error when a succeeded job’s loss never fell, instead of the learning-rate hint', () => {
    const rows = rowsFor(100, (step) => ({ train_loss: 1.5 + 0.02 * jitter(step) }));
    const found = buildMetrics(rows, { nEpochs: null }).diagnose();
    const finding = found.find((entry) => entry.code === 'learned_nothing');
    expect(finding).toMatchObject({
      severity: 'error',
      evidence: { reason: 'loss_flat', metric: 'train_loss' },
    });
    expect(found.map((entry) => entry.code)).not.toContain('learning_rate_too_low');
    expect(found[0]?.code).toBe('learned_nothing');
  });

  it('does not fire for a job that is still running', () => {
    const rows = rowsFor(100, (step) => ({ train_loss: 1.5 + 0.02 * jitter(step) }));
    expect(codes(buildMetrics(rows, { nEpochs: null, status: 'running', totalSteps: 300 }))).not.toContain(
      'learned_nothing',
    );
  });
});

describe('valid_oscillation and noisy validation', () => {
  it('valid_oscillation fires on a zig-zagging mini-batch valid_loss', () => {
    const rows = healthyRows().map((row) =>
      row.valid_loss !== undefined ? { ...row, valid_loss: row.step % 20 === 0 ? 0.2 : 1.0 } : row,
    );
    expect(only(buildMetrics(rows), 'valid_oscillation').evidence.relativeDispersion).toBeGreaterThan(0.3);
  });

  it('noisy_validation_only fires without full_valid_loss, not with it', () => {
    const rows = healthyRows().map((row) => {
      const {
        full_valid_loss: _a,
        full_valid_mean_token_accuracy: _b,
        ...rest
      } = row as unknown as Record<string, number>;
      return rest as unknown as Row;
    });
    expect(only(buildMetrics(rows), 'noisy_validation_only').message).toContain('10');
    const found = codes(buildMetrics(healthyRows()));
    expect(found).not.toContain('noisy_validation_only');
    expect(found).not.toContain('valid_oscillation');
  });

  it('no_validation_metrics fires when there is no validation at all', () => {
    const rows = rowsFor(60, (step) => ({ train_loss: 2 * Math.exp(-step / 20) + 0.3 }));
    expect(only(buildMetrics(rows), 'no_validation_metrics').suggestion).toContain('validation_file');
    expect(codes(buildMetrics(healthyRows()))).not.toContain('no_validation_metrics');
  });
});

describe('gap_from_start', () => {
  it('fires when validation starts far above training', () => {
    const rows = healthyRows().map((row) => (row.valid_loss !== undefined ? { ...row, valid_loss: 5 } : row));
    const finding = only(buildMetrics(rows), 'gap_from_start');
    expect(finding.evidence.step).toBe(10);
    expect(finding.evidence.ratio).toBeGreaterThan(1.5);
  });

  it('does not fire when they start close', () => {
    expect(codes(buildMetrics(healthyRows()))).not.toContain('gap_from_start');
  });
});

describe('loss_spike', () => {
  it('fires on a single spike with its step', () => {
    const rows = rowsFor(120, (step) => ({ train_loss: step === 70 ? 4 : 0.5 + 0.03 * jitter(step) }));
    const finding = only(buildMetrics(rows, { nEpochs: null }), 'loss_spike');
    expect(finding.steps).toEqual([70]);
    expect(finding.evidence.values).toEqual([4]);
  });

  it('does not fire on ordinary noise', () => {
    const rows = rowsFor(120, (step) => ({ train_loss: 0.5 + 0.03 * jitter(step) }));
    expect(codes(buildMetrics(rows, { nEpochs: null }))).not.toContain('loss_spike');
  });
});

describe('plateau', () => {
  it('fires when full_valid_loss has not improved for `patience` evaluations', () => {
    const rows = healthyRows(20, 5).map((row) => {
      if (row.full_valid_loss === undefined) return row;
      const epoch = row.step / 20;
      return { ...row, full_valid_loss: [0.5, 0.4, 0.41, 0.42, 0.4][epoch - 1] as number };
    });
    const finding = only(buildMetrics(rows, { nEpochs: 5 }), 'plateau');
    expect(finding.evidence).toEqual({ metric: 'full_valid_loss', sinceStep: 40, best: 0.4, evaluations: 3 });
    expect(finding.steps).toEqual([60, 80, 100]);
  });

  it('fires on a flat last quarter of the train curve when there are few evaluations', () => {
    const rows = rowsFor(100, (step) => ({
      train_loss: step < 50 ? 2 - step * 0.03 : 0.53 + 0.001 * jitter(step),
    }));
    expect(only(buildMetrics(rows, { nEpochs: null }), 'plateau').evidence.metric).toBe('train_loss');
  });

  it('does not fire while improving', () => {
    expect(codes(buildMetrics(healthyRows(20, 5), { nEpochs: 5 }))).not.toContain('plateau');
  });
});

describe('incomplete_run and source_mismatch', () => {
  it('incomplete_run fires for a failed job with the stop step', () => {
    const rows = healthyRows().slice(0, 57);
    const finding = only(buildMetrics(rows, { status: 'failed', totalSteps: 120 }), 'incomplete_run');
    expect(finding.evidence).toEqual({ status: 'failed', lastStep: 57, totalSteps: 120 });
    expect(finding.message).toContain('47.5%');
  });

  it('source_mismatch fires when the CSV disagrees with events', () => {
    const rows = healthyRows();
    const csv = `step,train_loss\n10,${Number(rows[9]?.train_loss) + 0.01}\n`;
    const finding = only(buildMetrics(rows, { resultFiles: [csv] }), 'source_mismatch');
    expect(finding.evidence).toMatchObject({ metric: 'train_loss', count: 1 });
    expect(finding.steps).toEqual([10]);
    const exact = `step,train_loss\n10,${Number(Number(rows[9]?.train_loss).toFixed(5))}\n`;
    expect(codes(buildMetrics(rows, { resultFiles: [exact] }))).not.toContain('source_mismatch');
  });
});

describe('reinforcement diagnostics', () => {
  const rft = { method: 'reinforcement' } as const;

  it('a healthy reinforcement run gives no findings', () => {
    const metrics = buildMetrics(
      rftRows(
        40,
        (step) => 0.3 + step * 0.01 + 0.01 * jitter(step),
        (step) => 0.28 + step * 0.009,
      ),
      rft,
    );
    expect(metrics.diagnose()).toEqual([]);
  });

  it('reward_hacking fires when train rises and valid stays flat with a gap > 0.10', () => {
    const metrics = buildMetrics(
      rftRows(
        40,
        (step) => 0.3 + step * 0.015,
        () => 0.35,
      ),
      rft,
    );
    const finding = only(metrics, 'reward_hacking');
    expect(finding.evidence.gap).toBeGreaterThan(0.1);
    expect(finding.steps).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
  });

  it.each([
    ['zero', 0.005, 0],
    ['negative', -0.4, -0.5],
    ['saturated', 0.97, 0.96],
  ] as const)('reward_flat fires for a %s reward', (kind, train, valid) => {
    const finding = only(
      buildMetrics(
        rftRows(
          40,
          () => train,
          () => valid,
        ),
        { ...rft, status: 'running', totalSteps: 60 },
      ),
      'reward_flat',
    );
    expect(finding.evidence).toMatchObject({ metric: 'valid_reward_mean', kind });
  });

  it('learned_nothing fires for a succeeded job with a flat reward or a grader always at 0', () => {
    const flat = only(
      buildMetrics(
        rftRows(
          40,
          () => 0.005,
          () => 0,
        ),
        rft,
      ),
      'learned_nothing',
    );
    expect(flat.evidence.reason).toBe('reward_flat');
    const graderZero = buildMetrics(
      rftRows(
        20,
        (step) => 0.3 + step * 0.01,
        (step) => 0.3 + step * 0.01,
        () => ({ scores: { graders: [{ name: 'Exact', type: 'string_check', train_reward_mean: 0 }] } }),
      ),
      rft,
    );
    expect(only(graderZero, 'learned_nothing').evidence).toMatchObject({
      reason: 'grader_scores_zero',
      metric: 'scores/graders/string_check/Exact/train_reward_mean',
    });
    expect(
      codes(
        buildMetrics(
          rftRows(
            40,
            () => 0.005,
            () => 0,
          ),
          { ...rft, status: 'cancelled' },
        ),
      ),
    ).not.toContain('learned_nothing');
  });

  it('token_drift fires at 3× the first value, not at 1.8×', () => {
    const drift = buildMetrics(
      rftRows(
        40,
        (step) => 0.3 + step * 0.01,
        (step) => 0.3 + step * 0.009,
        (step) => ({ reasoning_tokens_mean: 1000 + step * 70 }),
      ),
      rft,
    );
    const finding = only(drift, 'token_drift');
    expect(finding.evidence.metric).toBe('reasoning_tokens_mean');
    expect(finding.evidence.ratio).toBeGreaterThanOrEqual(3);
    const mild = buildMetrics(
      rftRows(
        40,
        (step) => 0.3 + step * 0.01,
        (step) => 0.3 + step * 0.009,
        (step) => ({ reasoning_tokens_mean: 1000 + step * 20 }),
      ),
      rft,
    );
    expect(codes(mild)).not.toContain('token_drift');
  });

  it('grader_errors: other_error warns; parse errors warn unless the reward climbs', () => {
    const errors = (other: number, parse: number) => () => ({
      errors: {
        graders: [
          {
            name: 'Judge',
            type: 'score_model',
            train_other_error_mean: other,
            train_sample_parse_error_mean: parse,
          },
        ],
      },
    });
    const other = only(
      buildMetrics(
        rftRows(
          20,
          (step) => 0.3 + step * 0.01,
          (step) => 0.3 + step * 0.01,
          errors(0.05, 0),
        ),
        rft,
      ),
      'grader_errors',
    );
    expect(other).toMatchObject({
      severity: 'warning',
      evidence: { kind: 'other_error', grader: 'score_model/Judge' },
    });
    const parseClimbing = only(
      buildMetrics(
        rftRows(
          20,
          (step) => 0.3 + step * 0.01,
          (step) => 0.3 + step * 0.01,
          errors(0, 0.2),
        ),
        rft,
      ),
      'grader_errors',
    );
    expect(parseClimbing).toMatchObject({
      severity: 'info',
      evidence: { kind: 'sample_parse_error', rewardClimbing: true },
    });
    const parseFlat = only(
      buildMetrics(
        rftRows(
          20,
          () => 0.4 + 0.001,
          () => 0.4,
          errors(0, 0.2),
        ),
        { ...rft, status: 'running', totalSteps: 40 },
      ),
      'grader_errors',
    );
    expect(parseFlat.severity).toBe('warning');
    expect(
      codes(
        buildMetrics(
          rftRows(
            20,
            (step) => 0.3 + step * 0.01,
            (step) => 0.3 + step * 0.01,
            errors(0, 0),
          ),
          rft,
        ),
      ),
    ).not.toContain('grader_errors');
  });

  it('train_reward_noisy fires on a train reward that swings step to step', () => {
    const noisy = buildMetrics(
      rftRows(
        40,
        (step) => (step % 2 === 0 ? 0.2 : 0.6) + step * 0.005,
        (step) => 0.3 + step * 0.01,
      ),
      rft,
    );
    expect(only(noisy, 'train_reward_noisy').evidence.medianStepChange).toBeGreaterThan(0.05);
  });

  it('the supervised-only diagnostics stay quiet on reinforcement jobs', () => {
    const found = codes(
      buildMetrics(
        rftRows(
          40,
          (step) => 0.3 + step * 0.015,
          () => 0.35,
        ),
        rft,
      ),
    );
    for (const code of [
      'overfit_ratio',
      'memorization',
      'noisy_validation_only',
      'learning_rate_too_low',
    ] as const) {
      expect(found).not.toContain(code);
    }
  });
});

describe('diagnose options', () => {
  it('sorts by severity and filters with include / exclude', () => {
    const rows = healthyRows().map((row) => (row.step === 50 ? { ...row, train_loss: 'NaN' } : row));
    const metrics = buildMetrics(
      withFullValid([0.5, 0.6, 0.7]).map((row) => (row.step === 50 ? { ...row, train_loss: 'NaN' } : row)),
    );
    const severities = metrics.diagnose().map((finding) => finding.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b),
      ),
    );
    expect(metrics.diagnose({ include: ['overfit_ratio'] }).map((finding) => finding.code)).toEqual([
      'overfit_ratio',
    ]);
    expect(metrics.diagnose({ exclude: ['non_finite_values'] }).map((finding) => finding.code)).not.toContain(
      'non_finite_values',
    );
    expect(buildMetrics(rows).diagnose({ include: ['non_finite_values'] })).toHaveLength(1);
  });

  it('thresholds change what fires', () => {
    const metrics = buildMetrics(withFullValid([0.53, 0.46, 0.48]));
    expect(codes(metrics)).not.toContain('overfit_ratio');
    expect(
      metrics
        .diagnose({ overfitBands: { mild: 1.1, moderate: 1.5, severe: 2 } })
        .map((finding) => finding.code),
    ).toContain('overfit_ratio');
  });

  it('rejects bad options with a usage error naming the option', () => {
    const metrics = buildMetrics(healthyRows());
    expect(() => metrics.diagnose({ patience: 0 })).toThrowError(FinetuneKitUsageError);
    try {
      metrics.diagnose({ finalVsBest: Number.NaN });
    } catch (error) {
      expect(FinetuneKitUsageError.isInstance(error)).toBe(true);
      expect((error as FinetuneKitUsageError).option).toBe('options.finalVsBest');
    }
    expect(() => metrics.diagnose({ overfitBands: { mild: 2, moderate: 1.5, severe: 3 } })).toThrow(
      /mild ≤ moderate ≤ severe/,
    );
  });
});
