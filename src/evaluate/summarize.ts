/**
 * From per-example answers to per-model results: mean scores with bootstrap intervals, the paired
 * difference to the baseline, latency quantiles, token usage and the eval's own cost from the
 * model table. Pure: the same answers and seed give the same summary.
 *
 * @module
 */
import { createRandom } from '../internal/seeded-random.js';
import type { InferencePrice } from '../models/model-table.js';
import {
  type ModelTableOverrides,
  parseFineTunedModelName,
  safeResolveModel,
} from '../models/resolve-model.js';
import { bootstrapMean, pairedDifference, quantileSorted } from './bootstrap.js';
import type {
  Estimate,
  EvalCost,
  EvalUsage,
  ExampleResult,
  ModelEvaluation,
  PairedComparison,
} from './types.js';

/** What summarising needs besides the answers. */
export interface SummarySettings {
  readonly models: readonly { readonly model: string; readonly label: string }[];
  readonly graders: readonly string[];
  readonly baseline: string | null;
  readonly resamples: number;
  readonly confidence: number;
  readonly seed: number;
  readonly modelTable?: ModelTableOverrides | undefined;
}

/** A model's kind and checkpoint step, read from its name. */
export function modelKind(model: string): { kind: ModelEvaluation['kind']; step: number | null } {
  const parsed = parseFineTunedModelName(model);
  if (!parsed) return { kind: 'base', step: null };
  if (parsed.checkpointStep !== null) return { kind: 'checkpoint', step: parsed.checkpointStep };
  return { kind: 'fine_tuned', step: null };
}

/** A short label: `ckpt-step-20`, `ft:…:abc123`, or the name itself. */
export function defaultLabel(model: string): string {
  const parsed = parseFineTunedModelName(model);
  if (!parsed) return model;
  if (parsed.checkpointStep !== null) return `ckpt-step-${parsed.checkpointStep}`;
  return `ft:…:${parsed.id}`;
}

/** The inference price of `model` from the model table, or why there is none. */
export function inferencePrice(
  model: string,
  overrides?: ModelTableOverrides,
): { price: InferencePrice } | { unavailable: string } {
  const resolved = safeResolveModel(model, overrides ? { models: overrides } : {});
  if (!resolved) return { unavailable: `${model} is not in the model table` };
  const price = resolved.fineTuned ? resolved.fineTunedInferencePricePer1M : resolved.baseInferencePricePer1M;
  if (!price)
    return {
      unavailable: `the model table has no inference price for ${resolved.fineTuned ? 'fine-tunes of ' : ''}${resolved.snapshot}`,
    };
  return { price };
}

/** USD of `usage` at `price`. */
export function usageCost(usage: EvalUsage, price: InferencePrice): number {
  const uncached = Math.max(0, usage.promptTokens - usage.cachedTokens);
  return (
    (uncached * price.input +
      usage.cachedTokens * (price.cachedInput ?? price.input) +
      usage.completionTokens * price.output) /
    1_000_000
  );
}

function addUsage(total: EvalUsage, usage: EvalUsage): EvalUsage {
  return {
    promptTokens: total.promptTokens + usage.promptTokens,
    completionTokens: total.completionTokens + usage.completionTokens,
    cachedTokens: total.cachedTokens + usage.cachedTokens,
  };
}

/** Per-answer usage kept beside the example results (not part of the per-example export). */
export type UsageByAnswer = ReadonlyMap<string, EvalUsage>;

/** The key of one answer in {@link UsageByAnswer}. */
export function answerKey(model: string, exampleIndex: number): string {
  return `${exampleIndex}\u0000${model}`;
}

const ZERO_USAGE: EvalUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };

/** The per-model results. */
export function summarizeModels(
  examples: readonly ExampleResult[],
  usageByAnswer: UsageByAnswer,
  settings: SummarySettings,
): ModelEvaluation[] {
  const bootstrap = (label: string) => ({
    resamples: settings.resamples,
    confidence: settings.confidence,
    random: createRandom(settings.seed).fork(label),
  });
  const scoresOf = (model: string, grader: string) =>
    examples.map((example) => example.answers[model]?.scores[grader] ?? 0);
  return settings.models.map(({ model, label }) => {
    const scores: Record<string, Estimate> = {};
    for (const grader of settings.graders)
      scores[grader] = bootstrapMean(
        scoresOf(model, grader),
        bootstrap(`score\u0000${model}\u0000${grader}`),
      );
    let vsBaseline: Record<string, PairedComparison> | null = null;
    if (settings.baseline !== null && settings.baseline !== model) {
      vsBaseline = {};
      for (const grader of settings.graders) {
        vsBaseline[grader] = pairedDifference(
          scoresOf(model, grader),
          scoresOf(settings.baseline, grader),
          bootstrap(`paired\u0000${model}\u0000${grader}`),
        );
      }
    }
    const latencies: number[] = [];
    let usage = ZERO_USAGE;
    let usageThisRun = ZERO_USAGE;
    let failed = 0;
    let cachedAnswers = 0;
    for (const example of examples) {
      const answer = example.answers[model];
      if (!answer) continue;
      if (answer.error !== null) failed++;
      if (answer.cached) cachedAnswers++;
      if (answer.latencyMs !== null) latencies.push(answer.latencyMs);
      const used = usageByAnswer.get(answerKey(model, example.index));
      if (used) {
        usage = addUsage(usage, used);
        if (!answer.cached) usageThisRun = addUsage(usageThisRun, used);
      }
    }
    latencies.sort((a, b) => a - b);
    const pricing = inferencePrice(model, settings.modelTable);
    const cost: EvalCost =
      'price' in pricing
        ? {
            usd: usageCost(usage, pricing.price),
            usdThisRun: usageCost(usageThisRun, pricing.price),
            unavailable: null,
          }
        : { usd: null, usdThisRun: null, unavailable: pricing.unavailable };
    return {
      model,
      label,
      ...modelKind(model),
      examples: examples.length,
      failed,
      scores,
      vsBaseline,
      latencyMs:
        latencies.length === 0
          ? null
          : { p50: round1(quantileSorted(latencies, 0.5)), p95: round1(quantileSorted(latencies, 0.95)) },
      usage,
      cachedAnswers,
      cost,
    };
  });
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The model with the highest mean on `grader` (the first on ties), among `candidates` when given. */
export function bestModel(
  models: readonly ModelEvaluation[],
  grader: string,
  candidates?: (model: ModelEvaluation) => boolean,
): ModelEvaluation | null {
  let best: ModelEvaluation | null = null;
  for (const model of models) {
    if (candidates && !candidates(model)) continue;
    const score = model.scores[grader]?.mean ?? Number.NaN;
    if (Number.isNaN(score)) continue;
    if (best === null || score > (best.scores[grader]?.mean ?? Number.NaN)) best = model;
  }
  return best;
}
