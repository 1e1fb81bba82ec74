/**
 * `POST /fine_tuning/alpha/graders/validate` and `/run` (spec `ValidateGraderRequest`,
 * `RunGraderRequest`, `RunGraderResponse`).
 *
 * Both check the grader with the rules job creation applies (the grader core's `checkGrader`), so
 * a grader the simulator validates is one it accepts in a job, and answer a 400 naming the field
 * otherwise. `run` grades with the same core the library uses locally: `string_check`,
 * `text_similarity` (every metric but `cosine`) and `multi` are computed as documented. What needs
 * a model or a Python runtime is simulated, deterministically (seeded by the simulator's seed and
 * the inputs), and plausibly: the closer the sample is to the text of the item it is graded
 * against, the higher the score.
 *
 * - `score_model`: a score in the grader's range from the best fuzzy match of the sample to a
 *   string of the item, plus a little seeded noise; token usage from the prompt's length.
 * - `label_model`: a passing label when that match is good (≥ 0.6), else a failing one.
 * - `python`: the same match as a 0..1 reward (the simulator does not run Python).
 * - `cosine`: no embeddings here, so the `fuzzy_match` of the two texts stands in for it.
 *
 * @module
 */

import { checkGrader } from '../../graders/check-grader.js';
import { type GraderModelRequest, gradeSample, sampleFromText } from '../../graders/grade.js';
import { fuzzyMatch } from '../../graders/text-similarity.js';
import type { Grader, GraderSample } from '../../graders/types.js';
import { toRunGraderResponse } from '../../graders/wire.js';
import { isRecord } from '../../internal/is-record.js';
import { createRandom, hashString } from '../../internal/seeded-random.js';
import { invalidRequest, missingParameter, showValue } from '../api-error.js';
import type { Route, RouteRequest, SimulatorContext } from '../context.js';
import { requireJson } from './jobs.js';

/** The body as an object whose keys are all in `allowed`. */
function readBody(request: RouteRequest, allowed: readonly string[]): Record<string, unknown> {
  const body = requireJson(request);
  if (!isRecord(body)) throw invalidRequest(`${showValue(body)} is not of type 'object'`);
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalidRequest(`Unrecognized request argument supplied: ${key}`, key);
  }
  return body;
}

/** The grader of the body, or the 400 the API answers for the first problem. */
function requireGrader(body: Record<string, unknown>): Grader {
  const problem = checkGrader(body.grader, 'grader')[0];
  if (problem !== undefined) throw invalidRequest(problem.message, problem.path, problem.code);
  return body.grader as Grader;
}

function validateGrader(_context: SimulatorContext, request: RouteRequest) {
  const body = readBody(request, ['grader']);
  return { json: { grader: requireGrader(body) } };
}

/** Every string of the item, however deep: what a sample may be graded against. */
function itemStrings(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 4) return [];
  if (Array.isArray(value)) return value.flatMap((item) => itemStrings(item, depth + 1));
  if (isRecord(value)) return Object.values(value).flatMap((item) => itemStrings(item, depth + 1));
  return [];
}

/** How close the sample is to the closest string of the item, 0..1 (0 when the item has none). */
function closeness(sample: GraderSample, item: Record<string, unknown>): number {
  const text = (sample.output_text ?? '').trim().toLowerCase();
  return Math.max(
    0,
    ...itemStrings(item).map((candidate) => fuzzyMatch(text, candidate.trim().toLowerCase())),
  );
}

/** A deterministic random source for one grading: the simulator's seed and the inputs. */
function randomFor(context: SimulatorContext, ...parts: unknown[]) {
  return createRandom(hashString(JSON.stringify(parts), context.options.seed >>> 0));
}

/** A rough token count (4 characters a token), enough for plausible usage figures. */
function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function simulatedModel(context: SimulatorContext, sample: GraderSample, item: Record<string, unknown>) {
  return async (request: GraderModelRequest) => {
    const random = randomFor(context, request.model, request.messages, sample, item);
    const match = closeness(sample, item);
    const schema = request.response_format.json_schema.schema as {
      properties: { result: { type: string; enum?: string[]; minimum?: number; maximum?: number } };
    };
    const { enum: labels, minimum = 0, maximum = 1 } = schema.properties.result;
    let result: number | string;
    if (labels === undefined) {
      // A score model: the closeness with a little noise, placed in the schema's range.
      const share = Math.min(1, Math.max(0, match + (random.next() - 0.5) * 0.1));
      result = Math.round((minimum + share * (maximum - minimum)) * 1000) / 1000;
    } else {
      result = match >= 0.6 ? (labels[0] ?? '') : (labels[labels.length - 1] ?? '');
    }
    const promptTokens = roughTokens(JSON.stringify(request.messages)) + 60;
    const completionTokens = 40 + random.int(0, 40);
    return {
      text: JSON.stringify({
        steps: [
          { description: 'Compare the answer with the reference.', conclusion: `Match ${match.toFixed(2)}.` },
        ],
        result,
      }),
      model: request.model,
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    };
  };
}

/** Orders labels so that a passing label comes first and a failing one last, for the simulated label model. */
function simulatedGrader(grader: Grader): Grader {
  const order = (nested: Grader): Grader => {
    if (nested.type !== 'label_model') return nested;
    const passing = nested.labels.filter((label) => nested.passing_labels.includes(label));
    const failing = nested.labels.filter((label) => !nested.passing_labels.includes(label));
    return { ...nested, labels: [...passing, ...failing] };
  };
  if (grader.type !== 'multi') return order(grader);
  const graders = grader.graders as unknown;
  if (Array.isArray(graders)) return { ...grader, graders: graders.map(order) as never };
  if (typeof (graders as { type?: unknown }).type === 'string')
    return { ...grader, graders: order(graders as Grader) as never };
  return {
    ...grader,
    graders: Object.fromEntries(
      Object.entries(grader.graders).map(([key, nested]) => [key, order(nested)]),
    ) as never,
  };
}

async function runGrader(context: SimulatorContext, request: RouteRequest) {
  const body = readBody(request, ['grader', 'model_sample', 'item']);
  const grader = requireGrader(body);
  const modelSample = body.model_sample;
  if (modelSample === undefined || modelSample === null) throw missingParameter('model_sample');
  if (typeof modelSample !== 'string')
    throw invalidRequest(
      `${showValue(modelSample)} is not of type 'string' - 'model_sample'`,
      'model_sample',
    );
  const item = body.item ?? {};
  if (!isRecord(item)) throw invalidRequest(`${showValue(item)} is not of type 'object' - 'item'`, 'item');
  const sample = sampleFromText(modelSample);
  const callModel = simulatedModel(context, sample, item);
  const result = await gradeSample(
    simulatedGrader(grader),
    { sample, item },
    {
      callModel,
      runPython: async () => Math.round(closeness(sample, item) * 1e6) / 1e6,
      embed: async (texts) => {
        // No embeddings model here: fuzzy_match stands in for the cosine (two vectors at that angle).
        const similarity = fuzzyMatch(texts[0] ?? '', texts[1] ?? '');
        return [
          [1, 0],
          [similarity, Math.sqrt(Math.max(0, 1 - similarity * similarity))],
        ];
      },
    },
  );
  return { json: toRunGraderResponse(result) };
}

/** The graders endpoints. */
export const graderRoutes: readonly Route[] = [
  { method: 'POST', pattern: '/fine_tuning/alpha/graders/validate', handle: validateGrader },
  { method: 'POST', pattern: '/fine_tuning/alpha/graders/run', handle: runGrader },
];
