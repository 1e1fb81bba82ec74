/**
 * The result of an evaluation: per model, the mean score per grader with its bootstrap interval,
 * the paired difference to the baseline, wins, latency, tokens and cost; per example, every
 * model's answer and scores. Exports to JSON, CSV and JSON Lines, charts, a text report, and a
 * rich display in notebooks.
 *
 * @module
 */
import { FinetuneKitUsageError } from '../errors.js';
import { isRecord } from '../internal/is-record.js';
import {
  type EvalSvgOptions,
  type EvalTerminalChartOptions,
  type EvalVegaLiteOptions,
  evalChartSvg,
  evalChartText,
  evalChartVegaLite,
} from './eval-charts.js';
import type { SkippedExample } from './eval-example.js';
import type { EvalSamplingParams, ExampleResult, LossRanking, ModelEvaluation } from './types.js';

const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/** The plain-JSON form of an {@link EvaluationResult} (`toJSON()`, `EvaluationResult.fromJSON`). */
export interface EvaluationJson {
  readonly version: 1;
  /** Grader names; the first is the primary one. */
  readonly graders: readonly string[];
  readonly baseline: string | null;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly samplingParams: EvalSamplingParams;
  readonly models: readonly ModelEvaluation[];
  readonly examples: readonly ExampleResult[];
  /** Examples of the data that could not be evaluated (no assistant answer to compare with). */
  readonly skipped: readonly SkippedExample[];
  /** The model with the highest mean on the primary grader. */
  readonly best: string | null;
  /** What the training losses say (from `evaluateJob`), `null` without metrics. */
  readonly lossRanking: LossRanking | null;
  /** Findings in words: the best model, disagreement with the losses, failed requests. */
  readonly notes: readonly string[];
}

/** Options of {@link EvaluationResult.toCSV}. */
export interface EvalCsvOptions {
  /** `examples`: one row per example and model; `models`: one row per model. @default 'examples' */
  readonly level?: 'examples' | 'models';
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

/** Formats USD with enough digits for small evaluations. */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.01) return `$${value.toPrecision(2)}`;
  return `$${value.toFixed(2)}`;
}

/**
 * An evaluation's results.
 *
 * @example
 * ```ts
 * const result = await evaluate(client, { models: [base, checkpoint], data: 'valid.jsonl', baseline: base });
 * console.log(result.toText());
 * await writeFile('eval.csv', result.toCSV());
 * ```
 */
export class EvaluationResult {
  /** Grader names; the first is the primary one. */
  readonly graders: readonly string[];
  readonly baseline: string | null;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
  readonly samplingParams: EvalSamplingParams;
  /** Per model, in the order given. */
  readonly models: readonly ModelEvaluation[];
  /** Per example, every model's answer and score. */
  readonly examples: readonly ExampleResult[];
  readonly skipped: readonly SkippedExample[];
  /** The model with the highest mean on the primary grader. */
  readonly best: string | null;
  readonly lossRanking: LossRanking | null;
  readonly notes: readonly string[];

  /** @internal Built by `evaluate`, `evaluateJob` or {@link EvaluationResult.fromJSON}. */
  constructor(json: EvaluationJson) {
    this.graders = json.graders;
    this.baseline = json.baseline;
    this.confidence = json.confidence;
    this.resamples = json.resamples;
    this.seed = json.seed;
    this.samplingParams = json.samplingParams;
    this.models = json.models;
    this.examples = json.examples;
    this.skipped = json.skipped;
    this.best = json.best;
    this.lossRanking = json.lossRanking;
    this.notes = json.notes;
  }

  /**
   * Reads the JSON of {@link EvaluationResult.toJSON} back (to chart or export a saved evaluation).
   *
   * @throws {FinetuneKitUsageError} When `json` is not an evaluation's JSON.
   */
  static fromJSON(json: unknown): EvaluationResult {
    if (
      !isRecord(json) ||
      json.version !== 1 ||
      !Array.isArray(json.models) ||
      !Array.isArray(json.examples)
    ) {
      throw new FinetuneKitUsageError('json is not the JSON of an evaluation (version 1).', 'json');
    }
    return new EvaluationResult(json as unknown as EvaluationJson);
  }

  /** The primary grader's name (the first). */
  get primaryGrader(): string {
    return this.graders[0] as string;
  }

  /** One model's results. */
  model(model: string): ModelEvaluation | undefined {
    return this.models.find((entry) => entry.model === model || entry.label === model);
  }

  /** Total USD of the evaluated answers, `null` when a model's price is unknown. */
  get costUsd(): number | null {
    let total = 0;
    for (const model of this.models) {
      if (model.cost.usd === null) return null;
      total += model.cost.usd;
    }
    return total;
  }

  /** Plain JSON (everything, per example included). */
  toJSON(): EvaluationJson {
    return {
      version: 1,
      graders: this.graders,
      baseline: this.baseline,
      confidence: this.confidence,
      resamples: this.resamples,
      seed: this.seed,
      samplingParams: this.samplingParams,
      models: this.models,
      examples: this.examples,
      skipped: this.skipped,
      best: this.best,
      lossRanking: this.lossRanking,
      notes: this.notes,
    };
  }

  /** One JSON line per example, with every model's answer and scores. */
  toJSONL(): string {
    return this.examples.map((example) => `${JSON.stringify(example)}\n`).join('');
  }

  /** CSV: one row per example and model (answers and scores), or one row per model (summary). */
  toCSV(options: EvalCsvOptions = {}): string {
    const rows: unknown[][] = [];
    if ((options.level ?? 'examples') === 'models') {
      rows.push([
        'model',
        'label',
        'kind',
        'step',
        'examples',
        'failed',
        ...this.graders.flatMap((grader) => [`${grader}_mean`, `${grader}_low`, `${grader}_high`]),
        ...this.graders.flatMap((grader) => [
          `${grader}_diff`,
          `${grader}_diff_low`,
          `${grader}_diff_high`,
          `${grader}_wins`,
          `${grader}_ties`,
          `${grader}_losses`,
        ]),
        'latency_p50_ms',
        'latency_p95_ms',
        'prompt_tokens',
        'completion_tokens',
        'cached_tokens',
        'cost_usd',
      ]);
      for (const model of this.models) {
        rows.push([
          model.model,
          model.label,
          model.kind,
          model.step,
          model.examples,
          model.failed,
          ...this.graders.flatMap((grader) => {
            const estimate = model.scores[grader];
            return [estimate?.mean, estimate?.low, estimate?.high];
          }),
          ...this.graders.flatMap((grader): unknown[] => {
            const diff = model.vsBaseline?.[grader];
            return diff
              ? [diff.mean, diff.low, diff.high, diff.wins, diff.ties, diff.losses]
              : ['', '', '', '', '', ''];
          }),
          model.latencyMs?.p50,
          model.latencyMs?.p95,
          model.usage.promptTokens,
          model.usage.completionTokens,
          model.usage.cachedTokens,
          model.cost.usd,
        ]);
      }
    } else {
      rows.push([
        'example',
        'line',
        'model',
        'label',
        ...this.graders,
        'error',
        'latency_ms',
        'cached',
        'answer',
        'tool_calls',
        'reference',
      ]);
      for (const example of this.examples) {
        for (const model of this.models) {
          const answer = example.answers[model.model];
          if (!answer) continue;
          rows.push([
            example.index,
            example.line,
            model.model,
            model.label,
            ...this.graders.map((grader) => answer.scores[grader]),
            answer.error,
            answer.latencyMs,
            answer.cached,
            answer.answer?.content,
            answer.answer?.toolCalls ? JSON.stringify(answer.answer.toolCalls) : '',
            example.referenceToolCalls ? JSON.stringify(example.referenceToolCalls) : example.referenceText,
          ]);
        }
      }
    }
    return rows.map((row) => `${row.map(csvCell).join(',')}\n`).join('');
  }

  /** The scores chart as an SVG document. */
  toSVG(options: EvalSvgOptions = {}): string {
    return evalChartSvg(this.#chartInput(), options);
  }

  /** The scores chart as a Vega-Lite v5 spec. */
  toVegaLite(options: EvalVegaLiteOptions = {}): Record<string, unknown> {
    return evalChartVegaLite(this.#chartInput(), options);
  }

  /** The scores chart as terminal text. */
  toTerminalChart(options: EvalTerminalChartOptions = {}): string {
    return evalChartText(this.#chartInput(), options);
  }

  #chartInput() {
    return {
      models: this.models,
      graders: this.graders,
      confidence: this.confidence,
      baseline: this.baseline,
    };
  }

  /** The summary table, one row per model, plain text; then the notes. */
  toText(): string {
    const primary = this.primaryGrader;
    const header = [
      'model',
      ...this.graders,
      ...(this.baseline ? [`Δ ${primary} vs baseline`, 'win/tie/loss'] : []),
      'p50/p95 ms',
      'tokens in/out',
      'cost',
    ];
    const rows = this.models.map((model) => [
      model.model === this.baseline ? `${model.label} (baseline)` : model.label,
      ...this.graders.map((grader) => {
        const estimate = model.scores[grader];
        return estimate && !Number.isNaN(estimate.mean)
          ? `${estimate.mean.toFixed(3)} [${estimate.low.toFixed(2)}, ${estimate.high.toFixed(2)}]`
          : 'n/a';
      }),
      ...(this.baseline
        ? (() => {
            const diff = model.vsBaseline?.[primary];
            return diff
              ? [
                  `${signed(diff.mean, 3)} [${signed(diff.low, 2)}, ${signed(diff.high, 2)}]`,
                  `${diff.wins}/${diff.ties}/${diff.losses}`,
                ]
              : ['—', '—'];
          })()
        : []),
      model.latencyMs ? `${Math.round(model.latencyMs.p50)}/${Math.round(model.latencyMs.p95)}` : '—',
      `${model.usage.promptTokens}/${model.usage.completionTokens}`,
      model.cost.usd === null ? 'n/a' : formatUsd(model.cost.usd),
    ]);
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
    );
    const line = (cells: readonly string[]) =>
      cells
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number),
        )
        .join('  ')
        .trimEnd();
    const examples = this.examples.length;
    return [
      `${this.models.length} models × ${examples} example${examples === 1 ? '' : 's'} · ${Math.round(this.confidence * 100)}% bootstrap intervals (${this.resamples} resamples)`,
      '',
      line(header),
      ...rows.map(line),
      '',
      ...this.notes,
    ]
      .join('\n')
      .trimEnd();
  }

  /** The report: the table and the chart, as `console.log` shows it. */
  toString(): string {
    return `${this.toText()}\n\n${this.toTerminalChart({ ascii: true })}`;
  }

  /**
   * Rich display in Deno and other Jupyter kernels that honour `Symbol.for('Jupyter.display')`:
   * the Vega-Lite chart, the SVG, an HTML table and the text report.
   */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return {
      'application/vnd.vegalite.v5+json': this.toVegaLite(),
      'image/svg+xml': this.toSVG(),
      'text/html': `<pre>${escapeHtml(this.toText())}</pre>${this.toSVG()}`,
      'text/plain': this.toString(),
    };
  }

  /** The same bundle for ijavascript, which renders a cell's value through its `_toMime()` method. */
  _toMime(): Record<string, unknown> {
    return this[JUPYTER_DISPLAY]();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char] as string);
}
