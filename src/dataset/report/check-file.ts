/**
 * File-level checks that need only totals: size, extension, example count, format against method
 * and model, image examples.
 *
 * @module
 */
import type { ResolvedModel } from '../../models/index.js';
import type { DatasetFormat, IssueDraft, TrainingMethod } from '../types.js';
import { FORMAT_NAMES } from './example-aggregator.js';
import { formatBytes, formatInteger } from './format-number.js';
import type { DatasetLimits } from './validation-profiles.js';

const MIB = 1_048_576;

/**
 * Size against the Files API (512 MB) and Uploads API (8 GB) limits. Whether OpenAI means 10⁶ or
 * 2²⁰ bytes per MB is unconfirmed: the check uses the smaller reading and says so in between.
 *
 * @param bytes - File size (declared, else read).
 * @param limits - The limits in force.
 */
export function checkFileSize(bytes: number, limits: DatasetLimits): IssueDraft[] {
  const issues: IssueDraft[] = [];
  const uploads = limits.uploadsMaxBytes;
  if (bytes > uploads) {
    // Between 8·10⁹ and 8·2³⁰ bytes the file may still fit if "GB" means GiB: warn instead of fail.
    const binary = uploads === 8_000_000_000 ? 8 * 1024 * MIB : uploads;
    issues.push({
      code: 'file_too_large',
      message:
        bytes > binary
          ? `The file has ${formatBytes(bytes)}, over the Uploads API maximum of ${formatBytes(uploads)}: split it into several files.`
          : `The file has ${formatBytes(bytes)}, over the Uploads API maximum of 8 GB if OpenAI means 8·10⁹ bytes (under it if 8 GiB): make it smaller to be safe.`,
      ...(bytes > binary ? {} : { severity: 'warning' as const }),
    });
    return issues;
  }
  if (bytes > limits.filesApiMaxBytes) {
    const binary = limits.filesApiMaxBytes === 512_000_000 ? 512 * MIB : limits.filesApiMaxBytes;
    issues.push({
      code: 'file_requires_uploads_api',
      message:
        bytes > binary
          ? `The file has ${formatBytes(bytes)}, over the Files API limit of 512 MB: upload it with the Uploads API (finetune-kit does this automatically).`
          : `The file has ${formatBytes(bytes)}: over 512 MB if OpenAI means 512·10⁶ bytes (under it if MiB); finetune-kit uses the Uploads API to be safe.`,
    });
  }
  return issues;
}

/**
 * `invalid_extension` when a file name is known and does not end in `.jsonl`.
 *
 * @param name - File name or path, or `null`.
 */
export function checkExtension(name: string | null): IssueDraft[] {
  if (name === null || /\.jsonl$/i.test(name)) return [];
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  return [
    {
      code: 'invalid_extension',
      message: `"${base}" does not end in .jsonl; the fine-tuning API only accepts .jsonl files (rename it after checking it holds one JSON object per line).`,
    },
  ];
}

/**
 * Example count against the minimum, the recommendation and the maximum. The minimum (10, the
 * server's `invalid_n_examples`) and the recommendation are about training files: OpenAI states no
 * minimum for a validation file. The maximum is checked on its own, whatever the other two say.
 *
 * @param examples - Examples in the file (at least 1; 0 is `empty_file`).
 * @param limits - The limits in force.
 * @param role - Whether the file is the job's training file or its validation file. @default 'training'
 */
export function checkExampleCount(
  examples: number,
  limits: DatasetLimits,
  role: 'training' | 'validation' = 'training',
): IssueDraft[] {
  if (examples === 0) return [];
  const issues: IssueDraft[] = [];
  if (role === 'training' && examples < limits.minExamples) {
    issues.push({
      code: 'too_few_examples',
      details: { examples, minimum: limits.minExamples },
      message: `Training file has ${formatInteger(examples)} example(s), but must have at least ${limits.minExamples} examples`,
    });
  } else if (role === 'training' && examples < limits.recommendedExamples) {
    issues.push({
      code: 'few_examples',
      details: { examples, recommended: limits.recommendedExamples },
      message: `${formatInteger(examples)} examples, fewer than the ${formatInteger(limits.recommendedExamples)} recommended: fine-tuning shows clear gains from 50–100 well-made examples, and each doubling of the data helps about as much again.`,
    });
  }
  if (limits.maxExamples !== null && examples > limits.maxExamples) {
    issues.push({
      code: 'too_many_examples',
      details: { examples, maximum: limits.maxExamples },
      message: `${role === 'training' ? '' : 'Validation file: '}${formatInteger(examples)} examples, over the maximum of ${formatInteger(limits.maxExamples)}.`,
    });
  }
  return issues;
}

/** The server's names of file formats in its format/method message. */
const SERVER_FORMAT_NAMES: Readonly<Record<Exclude<DatasetFormat, 'mixed' | 'unknown'>, string>> = {
  chat: 'fine-tune-chat',
  prompt_completion: 'fine-tune',
  preference: 'preference',
  reinforcement: 'reinforcement',
};

const METHOD_FOR_FORMAT: Readonly<Record<Exclude<DatasetFormat, 'mixed' | 'unknown'>, TrainingMethod>> = {
  chat: 'supervised',
  prompt_completion: 'supervised',
  preference: 'dpo',
  reinforcement: 'reinforcement',
};

const LEGACY_COMPLETION_MODELS: ReadonlySet<string> = new Set(['babbage-002', 'davinci-002']);

/**
 * The method a file's format trains with, or `null` for mixed and unknown files.
 *
 * @param format - The file's format.
 */
export function methodForFormat(format: DatasetFormat): TrainingMethod | null {
  return format === 'mixed' || format === 'unknown' ? null : METHOD_FOR_FORMAT[format];
}

/**
 * `format_method_mismatch`: the file's format against the job's method (in the server's words) and
 * against the model (prompt/completion data trains only babbage-002 and davinci-002).
 *
 * @param format - The file's format.
 * @param method - The method given by the caller, if any.
 * @param model - The resolved model, if any.
 */
export function checkFormatFit(
  format: DatasetFormat,
  method: TrainingMethod | undefined,
  model: ResolvedModel | null | undefined,
): IssueDraft[] {
  if (format === 'mixed' || format === 'unknown') return [];
  const expected = METHOD_FOR_FORMAT[format];
  if (method !== undefined && method !== expected) {
    return [
      {
        code: 'format_method_mismatch',
        message: `Input file is in the ${SERVER_FORMAT_NAMES[format]} format, but the specified fine-tuning job is not using '${expected}' as the training method (provided method=${method}).`,
      },
    ];
  }
  if (!model) return [];
  const legacy = LEGACY_COMPLETION_MODELS.has(model.snapshot);
  if (format === 'prompt_completion' && !legacy) {
    return [
      {
        code: 'format_method_mismatch',
        message: `Prompt/completion data trains only babbage-002 and davinci-002; ${model.snapshot} needs chat data.`,
        remedy: { kind: 'conversion', conversion: 'promptCompletionToChat' },
      },
    ];
  }
  if (format !== 'prompt_completion' && legacy) {
    return [
      {
        code: 'format_method_mismatch',
        message: `${model.snapshot} trains on prompt/completion data only; this file is ${FORMAT_NAMES[format]} data.`,
      },
    ];
  }
  return [];
}

/**
 * `too_many_image_examples` over the vision limit.
 *
 * @param imageExamples - Examples that carry images.
 * @param limits - The limits in force.
 */
export function checkImageExamples(imageExamples: number, limits: DatasetLimits): IssueDraft[] {
  if (imageExamples <= limits.maxImageExamples) return [];
  return [
    {
      code: 'too_many_image_examples',
      message: `${formatInteger(imageExamples)} examples carry images, over the limit of ${formatInteger(limits.maxImageExamples)} image examples per file: split the file.`,
    },
  ];
}
