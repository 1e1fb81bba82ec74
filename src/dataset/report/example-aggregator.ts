/**
 * The in-order pass over line results on the main thread: example numbering, file format, mixed
 * formats, duplicates, train/validation overlap, token statistics and the data-quality
 * accumulators. It never looks at raw text, so it does not care where the per-line work ran.
 *
 * Memory grows with distinct values only (hashes in {@link HashIndex}, counts in
 * {@link IntegerDistribution}), about 16–24 bytes per example for the hash tables.
 *
 * @module
 */
import type { LineResult } from '../analyze-lines.js';
import { createPromptCompletionSummary } from '../checks/prompt-completion-summary.js';
import type { DatasetFormat, DatasetIssue, ExampleFormat, IssueDraft } from '../types.js';
import { formatInteger } from './format-number.js';
import { HashIndex } from './hash-index.js';
import { IntegerDistribution } from './integer-distribution.js';
import type { IssueCollector } from './issue-collector.js';
import { NearDuplicateIndex } from './near-duplicate-index.js';

const NO_ISSUES: DatasetIssue[] = Object.freeze([]) as unknown as DatasetIssue[];

/** Share of refusals among assistant messages above which `refusal_heavy` is reported. */
export const REFUSAL_SHARE_THRESHOLD = 0.2;
/** Share of examples ending in the same answer above which `low_answer_diversity` is reported. */
export const SAME_ANSWER_SHARE_THRESHOLD = 0.5;
/** Fewest answers for which answer diversity is judged. */
const MIN_ANSWERS_FOR_DIVERSITY = 5;
/** Fewest refusals for which `refusal_heavy` is reported. */
const MIN_REFUSALS = 3;
/** Distinct grader field names tracked (junk keys beyond this are not listed). */
const MAX_GRADER_FIELDS = 1000;

/** Settings of an {@link ExampleAggregator}. */
export interface ExampleAggregatorOptions {
  /** Per-example token limit of the model, or `null`. */
  readonly tokenLimit: number | null;
  /** Hashes of the training file (first line per hash), when this is the validation file. */
  readonly trainingHashes?: HashIndex | undefined;
  /** Fields the grader reads; an example without one gets an `rft_grader_fields` error. */
  readonly graderFields?: readonly string[];
  /** Similarity from which examples are near-duplicates; `null` (default) skips the check. */
  readonly nearDuplicateThreshold?: number | null;
  /** The training file's sketches, when this is the validation file. */
  readonly trainingSketches?: NearDuplicateIndex | undefined;
}

/** Aggregates line results in order and reports per-line issues that depend on earlier lines. */
export class ExampleAggregator {
  readonly #collector: IssueCollector;
  readonly #tokenLimit: number | null;
  readonly #trainingHashes: HashIndex | undefined;
  readonly #graderFields: readonly string[];
  readonly #nearThreshold: number | null;
  readonly #trainingSketches: NearDuplicateIndex | undefined;
  /** Sketches of this file's examples (near duplicates; the validation run compares with the training run's). */
  readonly sketches = new NearDuplicateIndex();

  #examples = 0;
  #blankLines = 0;
  #invalidLines = 0;
  #firstFormat: { format: ExampleFormat; line: number } | null = null;
  #mixed = false;
  readonly #formatCounts: Partial<Record<ExampleFormat, number>> = {};

  readonly messages = new IntegerDistribution();
  readonly totalTokens = new IntegerDistribution();
  readonly assistantTokens = new IntegerDistribution();
  #tokenTotal = 0;
  #assistantTotal = 0;
  #billable = 0;
  #counted = 0;
  #overLimit = 0;

  /** First line of each example hash (for duplicates and, in the training run, for overlap). */
  readonly hashes = new HashIndex();
  #duplicates = 0;
  #overlaps = 0;

  readonly #systemPrompts = new HashIndex();
  #withSystemPrompt = 0;
  #chatExamples = 0;
  readonly #answers = new HashIndex();
  #answered = 0;
  #refusals = 0;
  #assistantMessages = 0;
  #imageExamples = 0;
  #multimodalExamples = 0;
  #featureExamples = 0;
  readonly #graderFieldCounts = new Map<string, number>();
  #reinforcementExamples = 0;
  readonly #promptCompletion = createPromptCompletionSummary();

  constructor(collector: IssueCollector, options: ExampleAggregatorOptions) {
    this.#collector = collector;
    this.#tokenLimit = options.tokenLimit;
    this.#trainingHashes = options.trainingHashes;
    this.#graderFields = options.graderFields ?? [];
    this.#nearThreshold = options.nearDuplicateThreshold ?? null;
    this.#trainingSketches = options.trainingSketches;
  }

  /** Examples so far (non-blank lines or JSON-document elements). */
  get examples(): number {
    return this.#examples;
  }

  /**
   * Adds the result of one line.
   *
   * @param result - From `analyzeLines`, in line order.
   * @returns The line's issues, complete (also those beyond the per-code sample cap; a shared
   *   frozen empty array when there are none), and its example number.
   */
  add(result: LineResult): { issues: readonly DatasetIssue[]; example: number | undefined } {
    const { line } = result;
    // Most lines have no issue: share one empty array instead of allocating one per line.
    let issues: DatasetIssue[] = NO_ISSUES;
    const record = (draft: IssueDraft, example: number | undefined) => {
      if (issues === NO_ISSUES) issues = [];
      issues.push(this.#collector.add(draft, example === undefined ? { line } : { line, example }));
    };

    if (result.kind === 'blank' || result.kind === 'fragment') {
      if (result.kind === 'blank') this.#blankLines++;
      for (const draft of result.issues) record(draft, undefined);
      return { issues, example: undefined };
    }
    const example = ++this.#examples;
    for (const draft of result.issues) record(draft, example);
    if (result.kind === 'invalid') {
      this.#invalidLines++;
      return { issues, example };
    }

    if (result.format) this.#addFormat(result.format, line, example, record);
    if (result.tokens) this.#addTokens(result.tokens);
    const features = result.features;
    if (features) {
      const first = this.hashes.setIfAbsent(features.hash, line);
      const trainingLine = this.#trainingHashes?.get(features.hash);
      if (features.sketch && this.#nearThreshold !== null)
        this.#addSketch(
          features.sketch,
          line,
          example,
          first === undefined,
          trainingLine === undefined,
          record,
        );
      if (first !== undefined) {
        this.#duplicates++;
        record(
          {
            code: 'duplicate_example',
            message: `Line ${line} repeats the example on line ${first}; duplicates weigh that example twice.`,
            details: { firstLine: first },
          },
          example,
        );
      }
      if (trainingLine !== undefined) {
        this.#overlaps++;
        record(
          {
            code: 'train_validation_overlap',
            message: `Line ${line} of the validation file is the example on line ${trainingLine} of the training file; overlapping examples make validation loss look better than it is.`,
            details: { trainingLine },
          },
          example,
        );
      }
      this.#addFeatures(result, example, record);
    }
    return { issues, example };
  }

  /**
   * Near duplicates of this example, in this file and (validation file) in the training file.
   * An exact duplicate or exact overlap is reported by its own code and not again here.
   */
  #addSketch(
    sketch: Uint8Array,
    line: number,
    example: number,
    newInFile: boolean,
    newAcrossFiles: boolean,
    record: (draft: IssueDraft, example: number) => void,
  ): void {
    const threshold = this.#nearThreshold!;
    if (newInFile) {
      const match = this.sketches.find(sketch, threshold);
      if (match === undefined) {
        this.sketches.add(sketch, line);
      } else {
        const similarity = roundSimilarity(match.similarity);
        record(
          {
            code: 'near_duplicate_example',
            message: `Line ${line} is nearly the same as line ${match.line} (estimated similarity ${similarity}); near-duplicates weigh one example more than the others.`,
            details: { otherLine: match.line, similarity },
          },
          example,
        );
      }
    }
    if (newAcrossFiles && this.#trainingSketches) {
      const match = this.#trainingSketches.find(sketch, threshold);
      if (match !== undefined) {
        const similarity = roundSimilarity(match.similarity);
        record(
          {
            code: 'near_duplicate_across_files',
            message: `Line ${line} of the validation file is nearly the same as line ${match.line} of the training file (estimated similarity ${similarity}); near-duplicates across files make validation scores look better than they are.`,
            details: { trainingLine: match.line, similarity },
          },
          example,
        );
      }
    }
  }

  #addFormat(
    format: ExampleFormat,
    line: number,
    example: number,
    record: (draft: IssueDraft, example: number) => void,
  ): void {
    this.#formatCounts[format] = (this.#formatCounts[format] ?? 0) + 1;
    if (!this.#firstFormat) {
      this.#firstFormat = { format, line };
      return;
    }
    if (format !== this.#firstFormat.format) {
      this.#mixed = true;
      record(
        {
          code: 'mixed_formats',
          message: `Line ${line} is ${FORMAT_NAMES[format]} data, but the file's first example (line ${this.#firstFormat.line}) is ${FORMAT_NAMES[this.#firstFormat.format]}; all examples must have the same format.`,
        },
        example,
      );
    }
  }

  #addTokens(tokens: NonNullable<LineResult['tokens']>): void {
    this.#counted++;
    this.messages.add(tokens.messages);
    this.totalTokens.add(tokens.total);
    this.assistantTokens.add(tokens.assistant);
    this.#tokenTotal += tokens.total;
    this.#assistantTotal += tokens.assistant;
    const limit = this.#tokenLimit;
    if (limit !== null && tokens.total > limit) this.#overLimit++;
    this.#billable += limit === null ? tokens.total : Math.min(limit, tokens.total);
  }

  #addFeatures(
    result: LineResult,
    example: number,
    record: (draft: IssueDraft, example: number) => void,
  ): void {
    const features = result.features!;
    this.#featureExamples++;
    if (result.format === 'chat' || result.format === 'reinforcement') this.#chatExamples++;
    if (features.systemPromptHash !== null) {
      this.#withSystemPrompt++;
      this.#systemPrompts.add(features.systemPromptHash);
    }
    if (features.answerHash !== null) {
      this.#answered++;
      this.#answers.add(features.answerHash);
    }
    this.#refusals += features.refusals;
    this.#assistantMessages += features.assistantMessages;
    if (features.images > 0) this.#imageExamples++;
    if (features.multimodal) this.#multimodalExamples++;
    if (result.format === 'reinforcement') {
      this.#reinforcementExamples++;
      const fields = features.graderFields ?? [];
      for (const field of fields) {
        const count = this.#graderFieldCounts.get(field);
        if (count !== undefined || this.#graderFieldCounts.size < MAX_GRADER_FIELDS) {
          this.#graderFieldCounts.set(field, (count ?? 0) + 1);
        }
      }
      const missing = this.#graderFields.filter((field) => !fields.includes(field));
      if (missing.length > 0) {
        record(
          {
            code: 'rft_grader_fields',
            severity: 'error',
            message: `Example ${example} has no ${missing.map((field) => `"${field}"`).join(', ')}, which the grader reads as ${missing.map((field) => `{{ item.${field} }}`).join(', ')}.`,
          },
          example,
        );
      }
    }
    if (result.format === 'prompt_completion') this.#promptCompletion.observe(features, example);
  }

  /**
   * The file-level data-quality issues, once all lines were added: system prompts, answer
   * diversity, refusals, mixed multimodal data, grader fields and the legacy prompt/completion
   * checks.
   */
  qualityIssues(): IssueDraft[] {
    const issues: IssueDraft[] = [];
    if (this.#withSystemPrompt > 0) {
      const distinct = this.#systemPrompts.size;
      const without = this.#chatExamples - this.#withSystemPrompt;
      const missing =
        without > 0 ? `; ${plural(without, 'example')} ${without === 1 ? 'has' : 'have'} none` : '';
      const subject =
        this.#withSystemPrompt === 1
          ? '1 example has a system prompt'
          : distinct === 1
            ? `All ${formatInteger(this.#withSystemPrompt)} examples with a system prompt share one`
            : `${formatInteger(distinct)} different system prompts across ${formatInteger(this.#withSystemPrompt)} examples`;
      issues.push({
        code: 'system_prompt_summary',
        message:
          distinct === 1
            ? `${subject}${missing}: use the same system prompt at inference.`
            : `${subject}${missing}: at inference, use the prompt each behaviour was trained with.`,
      });
    }
    if (this.#answered >= MIN_ANSWERS_FOR_DIVERSITY) {
      const top = this.#answers.maxValue();
      if (top / this.#answered > SAME_ANSWER_SHARE_THRESHOLD) {
        issues.push({
          code: 'low_answer_diversity',
          message:
            top === this.#answered
              ? `All ${formatInteger(top)} examples end with the same answer: the model will learn to give it whatever the question.`
              : `The same final answer ends ${formatInteger(top)} of ${plural(this.#answered, 'example')} (${percent(top / this.#answered)}): the model will learn to favour it.`,
        });
      }
    }
    if (
      this.#refusals >= MIN_REFUSALS &&
      this.#refusals / this.#assistantMessages >= REFUSAL_SHARE_THRESHOLD
    ) {
      issues.push({
        code: 'refusal_heavy',
        message: `${formatInteger(this.#refusals)} of ${plural(this.#assistantMessages, 'assistant message')} (${percent(this.#refusals / this.#assistantMessages)}) are refusals: the model will learn to refuse more often.`,
      });
    }
    if (this.#multimodalExamples > 0 && this.#multimodalExamples < this.#featureExamples) {
      const textOnly = this.#featureExamples - this.#multimodalExamples;
      issues.push({
        code: 'mixed_multimodal_text',
        message: `${plural(this.#multimodalExamples, 'example')} ${this.#multimodalExamples === 1 ? 'carries' : 'carry'} images and ${formatInteger(textOnly)} ${textOnly === 1 ? 'is' : 'are'} text only (accepted by OpenAI; Together rejects mixed files).`,
      });
    }
    if (this.#reinforcementExamples > 0) {
      const fields = [...this.#graderFieldCounts.entries()].sort(
        (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
      );
      issues.push({
        code: 'rft_grader_fields',
        message:
          fields.length === 0
            ? 'No grader fields: graders can read only the messages (add keys such as "reference_answer" to use them as {{ item.reference_answer }}).'
            : `Grader fields, available as {{ item.<field> }}: ${fields
                .slice(0, 20)
                .map(
                  ([field, count]) =>
                    `${field} (${formatInteger(count)} of ${formatInteger(this.#reinforcementExamples)})`,
                )
                .join(', ')}${fields.length > 20 ? `, and ${fields.length - 20} more` : ''}.`,
      });
    }
    issues.push(...this.#promptCompletion.finish());
    return issues;
  }

  /** The file's format. */
  get format(): DatasetFormat {
    if (this.#mixed) return 'mixed';
    return this.#firstFormat?.format ?? 'unknown';
  }

  /** Counts for the report. */
  get totals() {
    return {
      examples: this.#examples,
      blankLines: this.#blankLines,
      invalidLines: this.#invalidLines,
      examplesByFormat: { ...this.#formatCounts },
      tokenTotal: this.#tokenTotal,
      assistantTotal: this.#assistantTotal,
      billable: this.#billable,
      counted: this.#counted,
      overLimit: this.#overLimit,
      duplicates: this.#duplicates,
      overlaps: this.#overlaps,
      imageExamples: this.#imageExamples,
    };
  }
}

/** Display names of the formats, as in messages. */
export const FORMAT_NAMES: Readonly<Record<ExampleFormat, string>> = {
  chat: 'chat',
  prompt_completion: 'prompt/completion',
  preference: 'preference (DPO)',
  reinforcement: 'reinforcement',
};

function plural(count: number, word: string): string {
  return `${formatInteger(count)} ${word}${count === 1 ? '' : 's'}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Two decimals: an estimate from 128 bins is not more precise than that. */
function roundSimilarity(similarity: number): number {
  return Math.round(similarity * 100) / 100;
}
