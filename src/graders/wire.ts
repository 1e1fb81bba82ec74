/**
 * {@link GradeResult} to and from the wire shape of the graders API's `run` response (spec
 * `RunGraderResponse`): the simulator answers in the wire shape, the library reads it back.
 *
 * Reading is lenient (style rule: strict on input, lenient on responses): a missing flag is false,
 * `token_usage` may be an integer (as the spec types it) or an object (as the API reference's
 * example shows it), and unknown fields are ignored.
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';
import type {
  GradeResult,
  GraderRunErrors,
  GraderTokenUsage,
  GraderTokenUsageWire,
  RunGraderErrorsWire,
  RunGraderResponseWire,
} from './types.js';

function usageToWire(usage: GraderTokenUsage): GraderTokenUsageWire {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    cached_tokens: usage.cachedTokens,
  };
}

function usageFromWire(value: unknown): GraderTokenUsage | null {
  if (typeof value === 'number' && Number.isFinite(value))
    return { promptTokens: 0, completionTokens: 0, totalTokens: value, cachedTokens: 0 };
  if (!isRecord(value)) return null;
  const count = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : 0);
  return {
    promptTokens: count('prompt_tokens'),
    completionTokens: count('completion_tokens'),
    totalTokens: count('total_tokens'),
    cachedTokens: count('cached_tokens'),
  };
}

/** The spec's error flags of a result. */
export function errorsToWire(errors: GraderRunErrors): RunGraderErrorsWire {
  return {
    formula_parse_error: errors.formulaParseError,
    sample_parse_error: errors.sampleParseError,
    truncated_observation_error: errors.truncatedObservationError,
    unresponsive_reward_error: errors.unresponsiveRewardError,
    invalid_variable_error: errors.invalidVariableError,
    other_error: errors.otherError,
    python_grader_server_error: errors.pythonGraderServerError,
    python_grader_server_error_type: errors.pythonGraderServerErrorType,
    python_grader_runtime_error: errors.pythonGraderRuntimeError,
    python_grader_runtime_error_details: errors.pythonGraderRuntimeErrorDetails,
    model_grader_server_error: errors.modelGraderServerError,
    model_grader_refusal_error: errors.modelGraderRefusalError,
    model_grader_parse_error: errors.modelGraderParseError,
    model_grader_server_error_details: errors.modelGraderServerErrorDetails,
  };
}

/**
 * A result in the shape of the graders API's `run` response.
 *
 * @param result - A result of `gradeSample`.
 * @returns The `RunGraderResponse` body.
 */
export function toRunGraderResponse(result: GradeResult): RunGraderResponseWire {
  return {
    reward: result.reward,
    metadata: {
      name: result.name,
      type: result.type,
      errors: errorsToWire(result.errors),
      execution_time: result.executionTime,
      scores: { ...result.scores },
      token_usage: result.tokenUsage === null ? null : usageToWire(result.tokenUsage),
      sampled_model_name: result.sampledModelName,
    },
    sub_rewards: { ...result.subRewards },
    model_grader_token_usage_per_model: Object.fromEntries(
      Object.entries(result.modelGraderTokenUsagePerModel).map(([model, usage]) => [
        model,
        usageToWire(usage),
      ]),
    ),
  };
}

const FLAG_KEYS = [
  ['formula_parse_error', 'formulaParseError'],
  ['sample_parse_error', 'sampleParseError'],
  ['truncated_observation_error', 'truncatedObservationError'],
  ['unresponsive_reward_error', 'unresponsiveRewardError'],
  ['invalid_variable_error', 'invalidVariableError'],
  ['other_error', 'otherError'],
  ['python_grader_server_error', 'pythonGraderServerError'],
  ['python_grader_runtime_error', 'pythonGraderRuntimeError'],
  ['model_grader_server_error', 'modelGraderServerError'],
  ['model_grader_refusal_error', 'modelGraderRefusalError'],
  ['model_grader_parse_error', 'modelGraderParseError'],
] as const;

const DETAIL_KEYS = [
  ['python_grader_server_error_type', 'pythonGraderServerErrorType'],
  ['python_grader_runtime_error_details', 'pythonGraderRuntimeErrorDetails'],
  ['model_grader_server_error_details', 'modelGraderServerErrorDetails'],
] as const;

/** The first error of a result in words, from its flags (the API gives no message). */
function describeErrors(errors: GraderRunErrors): string | null {
  for (const [wire, key] of FLAG_KEYS) {
    if (!errors[key]) continue;
    const details =
      key === 'pythonGraderServerError'
        ? errors.pythonGraderServerErrorType
        : key === 'pythonGraderRuntimeError'
          ? errors.pythonGraderRuntimeErrorDetails
          : key === 'modelGraderServerError'
            ? errors.modelGraderServerErrorDetails
            : null;
    return details ? `${wire}: ${details}` : wire;
  }
  return null;
}

function numbers(value: unknown): Record<string, number> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}

/**
 * Reads a `run` response body.
 *
 * @param body - The response of `POST /fine_tuning/alpha/graders/run`.
 * @returns The result; missing fields are read as absent (flags false, usage `null`).
 */
export function fromRunGraderResponse(body: unknown): GradeResult {
  const response = isRecord(body) ? body : {};
  const metadata = isRecord(response.metadata) ? response.metadata : {};
  const wireErrors = isRecord(metadata.errors) ? metadata.errors : {};
  const errors: Record<string, boolean | string | null> = {};
  for (const [wire, key] of FLAG_KEYS) errors[key] = wireErrors[wire] === true;
  for (const [wire, key] of DETAIL_KEYS)
    errors[key] = typeof wireErrors[wire] === 'string' ? (wireErrors[wire] as string) : null;
  const typedErrors = errors as unknown as GraderRunErrors;
  const perModel = isRecord(response.model_grader_token_usage_per_model)
    ? response.model_grader_token_usage_per_model
    : {};
  const type = metadata.type;
  return {
    reward: typeof response.reward === 'number' ? response.reward : 0,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    type: typeof type === 'string' ? type : '',
    subRewards: numbers(response.sub_rewards),
    errors: typedErrors,
    errorMessage: describeErrors(typedErrors),
    executionTime: typeof metadata.execution_time === 'number' ? metadata.execution_time : 0,
    scores: isRecord(metadata.scores) ? { ...metadata.scores } : {},
    tokenUsage: usageFromWire(metadata.token_usage),
    sampledModelName: typeof metadata.sampled_model_name === 'string' ? metadata.sampled_model_name : null,
    modelGraderTokenUsagePerModel: Object.fromEntries(
      Object.entries(perModel)
        .map(([model, usage]) => [model, usageFromWire(usage)] as const)
        .filter((entry): entry is [string, GraderTokenUsage] => entry[1] !== null),
    ),
  };
}
