/**
 * Checks the body of `POST /fine_tuning/jobs` the way the server does before a job exists,
 * answering 400 with the API's styles of message (`Unrecognized request argument supplied: x`,
 * `Missing required parameter: 'x'.`, `<value> is greater than the maximum of 50 - '<path>'`,
 * `Invalid 'metadata': too many properties. ...`).
 *
 * @module
 */
import { isRecord } from '../internal/is-record.js';
import { invalidRequest, missingParameter, showValue } from './api-error.js';
import { checkGrader } from './grader.js';
import type { SimulatedHyperparameters } from './wire-types.js';

/** The create-job body after the structural checks. */
export interface JobRequest {
  readonly model: string;
  readonly trainingFile: string;
  readonly validationFile: string | null;
  readonly methodType: 'supervised' | 'dpo' | 'reinforcement';
  /** Requested hyperparameters, missing keys filled with `'auto'`. */
  readonly hyperparameters: SimulatedHyperparameters;
  /** True when the hyperparameters came in the deprecated top-level field. */
  readonly legacyHyperparameters: boolean;
  /** The reinforcement grader (checked), or `undefined` for other methods. */
  readonly grader: Record<string, unknown> | undefined;
  readonly suffix: string | null;
  readonly seed: number | null;
  readonly metadata: Record<string, string> | null;
  readonly integrations: unknown[] | null;
}

const KNOWN_KEYS = new Set([
  'model',
  'training_file',
  'validation_file',
  'hyperparameters',
  'method',
  'suffix',
  'seed',
  'metadata',
  'integrations',
]);

const METHOD_TYPES = ['supervised', 'dpo', 'reinforcement'] as const;

/** Checks one `auto | number` hyperparameter against its bounds (spec `FineTune*Hyperparameters`). */
function checkHyperparameter(
  value: unknown,
  path: string,
  bounds: { min: number; max?: number; exclusiveMin?: boolean; integer?: boolean },
): void {
  if (value === undefined || value === 'auto') return;
  const isNumber = typeof value === 'number' && Number.isFinite(value);
  if (!isNumber || (bounds.integer && !Number.isInteger(value))) {
    throw invalidRequest(`${showValue(value)} is not valid under any of the given schemas - '${path}'`, path);
  }
  if (bounds.exclusiveMin ? value <= bounds.min : value < bounds.min) {
    throw invalidRequest(
      `${value} is ${bounds.exclusiveMin ? 'less than or equal to' : 'less than'} the minimum of ${bounds.min} - '${path}'`,
      path,
    );
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw invalidRequest(`${value} is greater than the maximum of ${bounds.max} - '${path}'`, path);
  }
}

function checkHyperparameters(
  value: unknown,
  path: string,
  method: JobRequest['methodType'],
): SimulatedHyperparameters {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalidRequest(`${showValue(value)} is not of type 'object' - '${path}'`, path);
  const allowed = new Set(['n_epochs', 'batch_size', 'learning_rate_multiplier']);
  if (method === 'dpo') allowed.add('beta');
  if (method === 'reinforcement') {
    for (const key of ['reasoning_effort', 'compute_multiplier', 'eval_interval', 'eval_samples'])
      allowed.add(key);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.has(key))
      throw invalidRequest(`Unrecognized request argument supplied: ${path}.${key}`, `${path}.${key}`);
  }
  checkHyperparameter(value.n_epochs, `${path}.n_epochs`, { min: 1, max: 50, integer: true });
  checkHyperparameter(value.batch_size, `${path}.batch_size`, { min: 1, max: 256, integer: true });
  checkHyperparameter(value.learning_rate_multiplier, `${path}.learning_rate_multiplier`, {
    min: 0,
    exclusiveMin: true,
  });
  if (method === 'dpo')
    checkHyperparameter(value.beta, `${path}.beta`, { min: 0, max: 2, exclusiveMin: true });
  if (method === 'reinforcement') {
    checkHyperparameter(value.compute_multiplier, `${path}.compute_multiplier`, {
      min: 0.00001,
      max: 10,
      exclusiveMin: true,
    });
    checkHyperparameter(value.eval_interval, `${path}.eval_interval`, { min: 1, integer: true });
    checkHyperparameter(value.eval_samples, `${path}.eval_samples`, { min: 1, integer: true });
    const effort = value.reasoning_effort;
    if (effort !== undefined && !['default', 'low', 'medium', 'high'].includes(effort as string)) {
      throw invalidRequest(
        `${showValue(effort)} is not one of ['default', 'low', 'medium', 'high'] - '${path}.reasoning_effort'`,
        `${path}.reasoning_effort`,
      );
    }
  }
  const requested: SimulatedHyperparameters = {};
  for (const [key, item] of Object.entries(value)) requested[key] = item;
  return requested;
}

function checkMetadata(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) {
    throw invalidRequest(
      `Invalid type for 'metadata': expected an object, but got ${Array.isArray(value) ? 'an array' : `a ${typeof value}`} instead.`,
      'metadata',
      'invalid_type',
    );
  }
  const entries = Object.entries(value);
  if (entries.length > 16) {
    throw invalidRequest(
      `Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with ${entries.length} properties instead.`,
      'metadata',
      'object_above_max_properties',
    );
  }
  for (const [key, item] of entries) {
    if (key.length > 64) {
      throw invalidRequest(
        `Invalid 'metadata': string too long. Expected a string with maximum length 64, but got a string with length ${key.length} instead.`,
        'metadata',
        'string_above_max_length',
      );
    }
    if (typeof item !== 'string') {
      throw invalidRequest(
        `Invalid type for 'metadata.${key}': expected a string, but got ${item === null ? 'null' : `a ${typeof item}`} instead.`,
        `metadata.${key}`,
        'invalid_type',
      );
    }
    if (item.length > 512) {
      throw invalidRequest(
        `Invalid 'metadata.${key}': string too long. Expected a string with maximum length 512, but got a string with length ${item.length} instead.`,
        `metadata.${key}`,
        'string_above_max_length',
      );
    }
  }
  return { ...(value as Record<string, string>) };
}

function checkIntegrations(value: unknown): unknown[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value))
    throw invalidRequest(`${showValue(value)} is not of type 'array' - 'integrations'`, 'integrations');
  if (value.length > 5)
    throw invalidRequest(`${JSON.stringify(value)} is too long - 'integrations'`, 'integrations');
  value.forEach((item, index) => {
    const path = `integrations.${index}`;
    if (!isRecord(item)) throw invalidRequest(`${showValue(item)} is not of type 'object' - '${path}'`, path);
    if (item.type !== 'wandb')
      throw invalidRequest(
        `${showValue(item.type)} is not one of ['wandb'] - '${path}.type'`,
        `${path}.type`,
      );
    if (!isRecord(item.wandb)) throw missingParameter(`${path}.wandb`);
    if (typeof item.wandb.project !== 'string' || item.wandb.project === '')
      throw missingParameter(`${path}.wandb.project`);
  });
  return value.map((item) => structuredClone(item));
}

/**
 * Checks a create-job body.
 *
 * @param body - The parsed JSON body.
 * @returns The normalised request.
 * @throws {SimulatedApiError} 400 at the first problem, in the server's wording.
 */
export function validateJobRequest(body: unknown): JobRequest {
  if (!isRecord(body)) throw invalidRequest(`${showValue(body)} is not of type 'object'`);
  for (const key of Object.keys(body)) {
    if (!KNOWN_KEYS.has(key)) throw invalidRequest(`Unrecognized request argument supplied: ${key}`, key);
  }
  if (body.model === undefined || body.model === null || body.model === '') throw missingParameter('model');
  if (typeof body.model !== 'string')
    throw invalidRequest(`${showValue(body.model)} is not of type 'string' - 'model'`, 'model');
  if (body.training_file === undefined || body.training_file === null || body.training_file === '') {
    throw missingParameter('training_file');
  }
  if (typeof body.training_file !== 'string') {
    throw invalidRequest(
      `${showValue(body.training_file)} is not of type 'string' - 'training_file'`,
      'training_file',
    );
  }
  const validationFile = body.validation_file ?? null;
  if (validationFile !== null && typeof validationFile !== 'string') {
    throw invalidRequest(
      `${showValue(validationFile)} is not of type 'string' - 'validation_file'`,
      'validation_file',
    );
  }
  const suffix = body.suffix ?? null;
  if (suffix !== null) {
    if (typeof suffix !== 'string')
      throw invalidRequest(`${showValue(suffix)} is not of type 'string' - 'suffix'`, 'suffix');
    if (suffix.length < 1) throw invalidRequest(`'' is too short - 'suffix'`, 'suffix');
    if (suffix.length > 64) throw invalidRequest(`${showValue(suffix)} is too long - 'suffix'`, 'suffix');
  }
  const seed = body.seed ?? null;
  if (seed !== null) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw invalidRequest(`${showValue(seed)} is not of type 'integer' - 'seed'`, 'seed');
    }
    if (seed < 0) throw invalidRequest(`${seed} is less than the minimum of 0 - 'seed'`, 'seed');
    if (seed > 2_147_483_647)
      throw invalidRequest(`${seed} is greater than the maximum of 2147483647 - 'seed'`, 'seed');
  }
  let methodType: JobRequest['methodType'] = 'supervised';
  let hyperparameters: SimulatedHyperparameters = {};
  let grader: Record<string, unknown> | undefined;
  const method = body.method;
  const legacy = body.hyperparameters !== undefined && body.hyperparameters !== null;
  if (method !== undefined && method !== null) {
    if (!isRecord(method))
      throw invalidRequest(`${showValue(method)} is not of type 'object' - 'method'`, 'method');
    if (method.type === undefined) throw missingParameter('method.type');
    if (!(METHOD_TYPES as readonly unknown[]).includes(method.type)) {
      throw invalidRequest(
        `${showValue(method.type)} is not one of ['supervised', 'dpo', 'reinforcement'] - 'method.type'`,
        'method.type',
      );
    }
    methodType = method.type as JobRequest['methodType'];
    for (const key of Object.keys(method)) {
      if (key !== 'type' && !(METHOD_TYPES as readonly string[]).includes(key)) {
        throw invalidRequest(`Unrecognized request argument supplied: method.${key}`, `method.${key}`);
      }
      // The spec's `FineTuneMethod` has all three blocks beside `type` (the official SDK's own tests
      // send them together): the block `type` names is used, the others are only type-checked.
      const block = method[key];
      if (key !== 'type' && key !== methodType && block !== null && !isRecord(block)) {
        throw invalidRequest(
          `${showValue(block)} is not of type 'object' - 'method.${key}'`,
          `method.${key}`,
        );
      }
    }
    const section = method[methodType];
    if (section !== undefined && section !== null && !isRecord(section)) {
      throw invalidRequest(
        `${showValue(section)} is not of type 'object' - 'method.${methodType}'`,
        `method.${methodType}`,
      );
    }
    hyperparameters = checkHyperparameters(
      section?.hyperparameters,
      `method.${methodType}.hyperparameters`,
      methodType,
    );
    if (methodType === 'reinforcement') {
      checkGrader(section?.grader);
      grader = structuredClone(section?.grader as Record<string, unknown>);
    }
  }
  if (legacy) {
    if (methodType !== 'supervised') {
      throw invalidRequest(
        `The top-level 'hyperparameters' only applies to supervised jobs; use 'method.${methodType}.hyperparameters'.`,
        'hyperparameters',
      );
    }
    // The spec deprecates the top-level block in favour of `method` but allows both (the official
    // SDK's own tests send both): a value given in `method.supervised.hyperparameters` wins.
    hyperparameters = {
      ...checkHyperparameters(body.hyperparameters, 'hyperparameters', 'supervised'),
      ...hyperparameters,
    };
  }
  const filled: SimulatedHyperparameters = {
    ...(methodType === 'dpo' ? { beta: 'auto' } : {}),
    batch_size: 'auto',
    learning_rate_multiplier: 'auto',
    n_epochs: 'auto',
    ...(methodType === 'reinforcement'
      ? {
          compute_multiplier: 'auto',
          eval_interval: 'auto',
          eval_samples: 'auto',
          reasoning_effort: 'default',
        }
      : {}),
    ...hyperparameters,
  };
  return {
    model: body.model,
    trainingFile: body.training_file,
    validationFile,
    methodType,
    hyperparameters: filled,
    legacyHyperparameters: legacy,
    grader,
    suffix,
    seed,
    metadata: checkMetadata(body.metadata),
    integrations: checkIntegrations(body.integrations),
  };
}
