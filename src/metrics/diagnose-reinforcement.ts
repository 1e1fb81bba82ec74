/**
 * Diagnostics of reinforcement fine-tuning: reward hacking, flat reward, token drift, grader
 * errors, train-reward noise and "succeeded but learned nothing".
 *
 * @module
 */
import type { DiagnoseContext } from './diagnose-context.js';
import { finding, type MetricsFinding } from './finding-codes.js';
import type { SeriesPoint } from './series.js';
import { formatNumber, formatPercent, mean, median } from './stats.js';

const ERROR_KEY = /^errors\/graders\/(.+)\/(train|valid)_([a-z_]+?)_(mean|count)$/;
const TOKEN_METRICS = [
  'reasoning_tokens_mean',
  'completion_tokens_mean',
  'valid_reasoning_tokens_mean',
] as const;

function quarterMeans(points: readonly SeriesPoint[]): { first: number; last: number } {
  const size = Math.max(1, Math.round(points.length / 4));
  return {
    first: mean(points.slice(0, size).map((point) => point.value)),
    last: mean(points.slice(-size).map((point) => point.value)),
  };
}

/** True when the validation reward (else the train reward) ends more than 0.05 above where it started. */
export function rewardClimbing(context: DiagnoseContext): boolean {
  const valid = context.series('valid_reward_mean');
  if (valid.length >= 2)
    return (valid[valid.length - 1] as SeriesPoint).value - (valid[0] as SeriesPoint).value > 0.05;
  const train = context.series('train_reward_mean');
  if (train.length < 4) return false;
  const { first, last } = quarterMeans(train);
  return last - first > 0.05;
}

/** Train reward rising, validation reward flat, with a gap above 0.10. */
export function diagnoseRewardHacking(context: DiagnoseContext): MetricsFinding[] {
  if (!context.reinforcement) return [];
  const train = context.series('train_reward_mean');
  const valid = context.series('valid_reward_mean');
  if (train.length < 4 || valid.length < 2) return [];
  const { first: trainFirst, last: trainLast } = quarterMeans(train);
  const validFirst = (valid[0] as SeriesPoint).value;
  const validLast = (valid[valid.length - 1] as SeriesPoint).value;
  const gap = trainLast - validLast;
  if (
    !(
      trainLast - trainFirst > 0.05 &&
      validLast - validFirst <= 0.02 &&
      gap > context.options.rewardHackingGap
    )
  )
    return [];
  return [
    finding('reward_hacking', {
      steps: valid.map((point) => point.step),
      message: `Train reward rose ${formatNumber(trainFirst)} → ${formatNumber(trainLast)} while validation reward stayed ${formatNumber(validFirst)} → ${formatNumber(validLast)} (gap ${formatNumber(gap)}).`,
      suggestion:
        'The policy may be exploiting the grader: read sampled outputs, tighten the grader (rubric, reference answers), and prefer a checkpoint from before the gap opened.',
      evidence: { trainFirst, trainLast, validFirst, validLast, gap },
    }),
  ];
}

/** Reward stuck at ~0, always negative, or high from the start and flat. */
export function diagnoseRewardFlat(context: DiagnoseContext): MetricsFinding[] {
  if (!context.reinforcement) return [];
  const valid = context.series('valid_reward_mean');
  const metric = valid.length >= 3 ? 'valid_reward_mean' : 'train_reward_mean';
  const points = metric === 'valid_reward_mean' ? valid : context.series('train_reward_mean');
  if (points.length < (metric === 'valid_reward_mean' ? 3 : 5)) return [];
  const values = points.map((point) => point.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const first = values[0] as number;
  const kind =
    Math.max(Math.abs(min), Math.abs(max)) <= 0.02
      ? 'zero'
      : max < 0
        ? 'negative'
        : first >= 0.9 && max - min <= 0.05
          ? 'saturated'
          : null;
  if (kind === null) return [];
  const message = {
    zero: `${metric} stays at ~0 (between ${formatNumber(min)} and ${formatNumber(max)}) for the whole run.`,
    negative: `${metric} is negative at every evaluation (max ${formatNumber(max)}).`,
    saturated: `${metric} starts at ${formatNumber(first)} and stays flat (range ${formatNumber(max - min)}): there is nothing left to learn.`,
  }[kind];
  const suggestion = {
    zero: 'The grader is broken or its threshold too strict: run it with client.fineTuning.alpha.graders.run on a few samples and check the reward range.',
    negative:
      'Check the grader’s scoring (sign, range, pass threshold); a reward that never turns positive gives no learning signal.',
    saturated: 'The grader is too lenient or the task too easy: make it stricter or use harder prompts.',
  }[kind];
  return [
    finding('reward_flat', {
      steps: points.map((point) => point.step),
      message,
      suggestion,
      evidence: { metric, kind, min, max },
    }),
  ];
}

/** Reasoning or completion tokens grew to `tokenDriftRatio` × their first value. */
export function diagnoseTokenDrift(context: DiagnoseContext): MetricsFinding[] {
  if (!context.reinforcement) return [];
  const out: MetricsFinding[] = [];
  for (const metric of TOKEN_METRICS) {
    const points = context.series(metric);
    if (points.length < 2) continue;
    const first = (points[0] as SeriesPoint).value;
    if (!(first > 0)) continue;
    const tail = points.slice(-Math.min(3, points.length - 1));
    const last = mean(tail.map((point) => point.value));
    const ratio = last / first;
    if (!(ratio >= context.options.tokenDriftRatio)) continue;
    out.push(
      finding('token_drift', {
        steps: [(points[0] as SeriesPoint).step, ...tail.map((point) => point.step)],
        message: `${metric} grew ${formatNumber(ratio)}× (${formatNumber(first)} → ${formatNumber(last)}) since the first evaluation.`,
        suggestion:
          'Up to 2× is normal; this much growth suggests the grader rewards verbosity. Check long samples and add a length penalty or stricter rubric; it also raises cost per step.',
        evidence: { metric, first, last, ratio },
      }),
    );
  }
  return out;
}

/** Grader errors per grader and kind (`other_error` should be ~0; parse errors are fine if the reward climbs). */
export function diagnoseGraderErrors(context: DiagnoseContext): MetricsFinding[] {
  if (!context.reinforcement) return [];
  const { graderErrorRate, parseErrorRate } = context.options;
  const climbing = rewardClimbing(context);
  const groups = new Map<
    string,
    { grader: string; kind: string; metric: string; mean: number; steps: number[]; unit: 'mean' | 'count' }
  >();
  const names = Object.keys(context.data.coverage.metrics);
  for (const name of names) {
    const match = ERROR_KEY.exec(name);
    if (!match) continue;
    const [, grader = '', , kind = '', unit = 'mean'] = match;
    if (unit === 'count' && names.includes(name.replace(/_count$/, '_mean'))) continue;
    const points = context.series(name);
    if (points.length === 0) continue;
    const average = mean(points.map((point) => point.value));
    const key = `${grader}\u0000${kind}`;
    const current = groups.get(key);
    if (!current || average > current.mean) {
      groups.set(key, {
        grader,
        kind,
        metric: name,
        mean: average,
        steps: points.filter((point) => point.value > 0).map((point) => point.step),
        unit: unit as 'mean' | 'count',
      });
    }
  }
  const parse = context.series('full_valid_mean_parse_error');
  if (parse.length > 0) {
    groups.set('(all)\u0000sample_parse_error_full_valid', {
      grader: '(all graders)',
      kind: 'sample_parse_error',
      metric: 'full_valid_mean_parse_error',
      mean: mean(parse.map((point) => point.value)),
      steps: parse.filter((point) => point.value > 0).map((point) => point.step),
      unit: 'mean',
    });
  }
  const out: MetricsFinding[] = [];
  for (const group of groups.values()) {
    const isParse = group.kind === 'sample_parse_error';
    const limit = group.unit === 'count' ? 0 : isParse ? parseErrorRate : graderErrorRate;
    if (!(group.mean > limit)) continue;
    const amount =
      group.unit === 'count' ? `${formatNumber(group.mean)} per step` : formatPercent(group.mean);
    out.push(
      finding('grader_errors', {
        severity: isParse && climbing ? 'info' : 'warning',
        steps: group.steps,
        message: `Grader ${group.grader}: ${group.kind} at ${amount} on average (${group.metric}).`,
        suggestion: isParse
          ? climbing
            ? 'Parse errors are acceptable while the reward climbs; make the output format clearer in the prompt if they stay high.'
            : 'Many samples cannot be parsed and the reward does not climb: fix the response format or the grader’s parsing.'
          : 'These errors should be ~0: check the grader (python errors, model grader availability, template variables) with client.fineTuning.alpha.graders.run.',
        evidence: {
          metric: group.metric,
          grader: group.grader,
          kind: group.kind,
          mean: group.mean,
          rewardClimbing: climbing,
        },
      }),
    );
  }
  return out;
}

/** Train reward swings from step to step; compare validation reward instead. */
export function diagnoseTrainRewardNoisy(context: DiagnoseContext): MetricsFinding[] {
  if (!context.reinforcement) return [];
  const train = context.series('train_reward_mean');
  if (train.length < 5) return [];
  const changes = train
    .slice(1)
    .map((point, index) => Math.abs(point.value - (train[index] as SeriesPoint).value));
  const medianStepChange = median(changes);
  if (!(medianStepChange > 0.05)) return [];
  return [
    finding('train_reward_noisy', {
      steps: [],
      message: `train_reward_mean changes by ${formatNumber(medianStepChange)} per step (median): each step samples different prompts, so steps are not comparable.`,
      suggestion:
        'Judge progress by valid_reward_mean (same validation prompts every time) or by a smoothed train reward.',
      evidence: { medianStepChange },
    }),
  ];
}

/** A succeeded reinforcement job whose reward never moved or whose grader always scored 0. */
export function diagnoseRewardLearnedNothing(context: DiagnoseContext): MetricsFinding[] {
  if (!context.reinforcement || context.data.job.status !== 'succeeded') return [];
  for (const name of Object.keys(context.data.coverage.metrics)) {
    if (!/^scores\/graders\/.+\/train_reward_mean$/.test(name)) continue;
    const points = context.series(name);
    if (points.length >= 2 && points.every((point) => point.value === 0)) {
      return [
        finding('learned_nothing', {
          steps: points.map((point) => point.step),
          message: `The job succeeded, but grader "${name.slice('scores/graders/'.length, -'/train_reward_mean'.length)}" scored 0 at all ${points.length} steps.`,
          suggestion:
            'The grader never gave a signal, so the model learned nothing: check grader errors and run the grader on sample outputs before training again.',
          evidence: { reason: 'grader_scores_zero', metric: name, first: 0, last: 0 },
        }),
      ];
    }
  }
  const valid = context.series('valid_reward_mean');
  const metric = valid.length >= 3 ? 'valid_reward_mean' : 'train_reward_mean';
  const points = metric === 'valid_reward_mean' ? valid : context.smoothed('train_reward_mean');
  if (points.length < 3) return [];
  const values = points.map((point) => point.value);
  const spread = Math.max(...values) - Math.min(...values);
  const nearZero = values.every((value) => Math.abs(value) <= 0.02);
  if (!(nearZero || spread <= 0.01)) return [];
  const first = values[0] as number;
  const last = values[values.length - 1] as number;
  return [
    finding('learned_nothing', {
      steps: points.map((point) => point.step),
      message: `The job succeeded, but ${metric} stayed ${nearZero ? 'at ~0' : 'flat'} (${formatNumber(first)} → ${formatNumber(last)}).`,
      suggestion:
        'A succeeded status does not mean the model improved: check the grader, its errors and the reward range, and do not deploy this model without an eval.',
      evidence: { reason: 'reward_flat', metric, first, last },
    }),
  ];
}
