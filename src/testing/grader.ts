/**
 * The grader of a reinforcement fine-tuning job (`method.reinforcement.grader`): checked loosely at
 * creation, as the server would refuse a malformed one (the graders of docs/internals/api-behaviour.md#graders and the
 * spec's `Grader*` schemas: required fields, their types and enums), and summarised into the graders
 * that metrics events report on.
 *
 * The rules are the grader core's (`src/graders/check-grader.ts`), shared with the graders
 * `validate` endpoint, so job creation and validation agree. Unknown extra fields are not checked;
 * the server's deeper checks (does the model exist, does the Python code run) are not simulated.
 *
 * @module
 */

import { checkGrader as checkGraderProblems, JOB_GRADER_TYPES } from '../graders/check-grader.js';
import { isRecord } from '../internal/is-record.js';
import { invalidRequest } from './api-error.js';

/** Grader types accepted as a job's grader (spec `FineTuneReinforcementMethod.grader`). */
export const GRADER_TYPES = JOB_GRADER_TYPES;

/** A grader that scores samples, as metrics events name it. */
export interface GraderSummary {
  readonly name: string;
  readonly type: string;
  /** The grading model of `score_model` / `label_model` graders, else `null`. */
  readonly model: string | null;
}

/** The graders of a `multi` grader, given as a map (as the guides show) or an array (as the spec's example). */
function nestedGraders(grader: Record<string, unknown>): [string, unknown][] {
  const value = grader.graders;
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item]);
  if (!isRecord(value)) return [];
  // One grader object given directly (the spec's schema) has a `type`; a map of graders does not.
  return typeof value.type === 'string' ? [['0', value]] : Object.entries(value);
}

/**
 * Checks a grader the way the server would before creating the job.
 *
 * @param value - The grader as sent.
 * @param path - Where it sits in the request, for messages and `param`.
 * @throws {SimulatedApiError} 400 naming the first field that is missing or wrong.
 */
export function checkGrader(value: unknown, path = 'method.reinforcement.grader'): void {
  const problem = checkGraderProblems(value, path)[0];
  if (problem !== undefined) throw invalidRequest(problem.message, problem.path, problem.code);
}

/**
 * The graders metrics events report on: a `multi` grader's graders, or the grader itself.
 *
 * @param grader - A grader that passed {@link checkGrader}.
 * @returns One entry per scoring grader, in order.
 */
export function graderSummaries(grader: Record<string, unknown>): GraderSummary[] {
  const graders =
    grader.type === 'multi'
      ? nestedGraders(grader).map(([, nested]) => nested as Record<string, unknown>)
      : [grader];
  return graders.map((item) => ({
    name: String(item.name),
    type: String(item.type),
    model: typeof item.model === 'string' ? item.model : null,
  }));
}
