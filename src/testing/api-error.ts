/**
 * The error a simulated endpoint throws to answer with an OpenAI error body
 * `{ error: { message, type, param, code } }` (spec `ErrorResponse`, `Error`: all four required).
 *
 * @module
 */

/** The body of an OpenAI error response. */
export interface ApiErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

/** Thrown by a simulated endpoint; the simulator turns it into an HTTP error response. */
export class SimulatedApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** `error.type`, e.g. `invalid_request_error`. */
  readonly type: string;
  /** `error.param`, the request field at fault, or `null`. */
  readonly param: string | null;
  /** `error.code`, or `null`. */
  readonly code: string | null;
  /** Extra response headers, e.g. `retry-after`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    details: {
      type?: string;
      param?: string | null;
      code?: string | null;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'SimulatedApiError';
    this.status = status;
    this.type = details.type ?? typeForStatus(status);
    this.param = details.param ?? null;
    this.code = details.code ?? null;
    this.headers = details.headers ?? {};
  }

  /** The JSON body the API would send. */
  toBody(): ApiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

function typeForStatus(status: number): string {
  if (status === 401) return 'invalid_request_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** A 400 `invalid_request_error`. */
export function invalidRequest(message: string, param: string | null = null, code: string | null = null) {
  return new SimulatedApiError(400, message, { param, code });
}

/** A 404 `invalid_request_error`. */
export function notFound(message: string, param: string | null = null, code: string | null = null) {
  return new SimulatedApiError(404, message, { param, code });
}

/** `Missing required parameter: 'x'.`, the API's wording for an absent required field. */
export function missingParameter(param: string) {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

/**
 * A request value as the API quotes it in validation messages: strings in single quotes
 * (`'abc' is not of type 'integer'`), anything else as JSON (`-1 is less than the minimum of 0`).
 *
 * @param value - The offending request value.
 * @returns Its rendering for the message.
 */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
