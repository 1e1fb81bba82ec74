/**
 * The result of one grader before timing and naming are added, shared by the grader kinds.
 *
 * @module
 */
import type { GraderRunErrors, GraderTokenUsage } from './types.js';

/** Error flags all false. */
export const NO_GRADER_ERRORS: GraderRunErrors = Object.freeze({
  formulaParseError: false,
  sampleParseError: false,
  truncatedObservationError: false,
  unresponsiveRewardError: false,
  invalidVariableError: false,
  otherError: false,
  pythonGraderServerError: false,
  pythonGraderServerErrorType: null,
  pythonGraderRuntimeError: false,
  pythonGraderRuntimeErrorDetails: null,
  modelGraderServerError: false,
  modelGraderRefusalError: false,
  modelGraderParseError: false,
  modelGraderServerErrorDetails: null,
});

/** The partial result of one grader, before timing is added. */
export interface GraderOutcome {
  readonly reward: number;
  readonly errors: GraderRunErrors;
  readonly errorMessage: string | null;
  readonly subRewards?: Record<string, number>;
  readonly scores?: Record<string, unknown>;
  readonly tokenUsage?: GraderTokenUsage | null;
  readonly sampledModelName?: string | null;
  readonly usagePerModel?: Record<string, GraderTokenUsage>;
}

/** A failed grading: reward 0, the given flags set. */
export function failedOutcome(errors: Partial<GraderRunErrors>, message: string): GraderOutcome {
  return { reward: 0, errors: { ...NO_GRADER_ERRORS, ...errors }, errorMessage: message };
}
