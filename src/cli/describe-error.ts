/**
 * Turns any error into what the CLI prints: one line saying what failed and why, a hint saying
 * what to do, and the exit code. The SDK's `APIError` classes are recognised by shape (status,
 * name), so this module never loads `openai`.
 *
 * @module
 */
import { redactSecrets } from '../errors.js';
import { errorStatus } from '../internal/error-status.js';
import { CliError } from './cli-error.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { terminalSafe } from './ui/terminal-text.js';

/** What to print for an error. */
export interface ErrorDescription {
  /** One line: what failed and why. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;
  /** A stable code for `--json` output (`unknown_model`, `http_401`, `job_failed`, …). */
  readonly code: string;
}

/** Where the failing call went, to name the right variable in hints. */
export interface ErrorContext {
  /** `--azure` was given. */
  readonly azure?: boolean;
  /** The API base URL in use, when known. */
  readonly baseURL?: string;
}

interface ApiErrorShape {
  readonly status: number;
  readonly message: string;
  readonly code?: string | null;
  /** `FinetuneKitApiError` keeps the API's code here (its `code` is `api_error`). */
  readonly apiCode?: string | null;
  readonly param?: string | null;
  readonly name: string;
}

/**
 * Describes `error` for the terminal. The line and the hint quote servers, proxies and the
 * filesystem, so both leave here without secrets (see docs/security.md) and with every control
 * character made visible: one inert line, whatever the server sent.
 *
 * @param error - Anything thrown by a command.
 * @param context - Which provider and URL were used.
 * @returns The line, hint, exit code and code.
 */
export function describeError(error: unknown, context: ErrorContext = {}): ErrorDescription {
  const description = describeAnyError(error, context);
  return {
    ...description,
    message: terminalSafe(redactSecrets(description.message)),
    hint: description.hint === undefined ? undefined : terminalSafe(redactSecrets(description.hint)),
  };
}

function describeAnyError(error: unknown, context: ErrorContext): ErrorDescription {
  if (error instanceof CliError) {
    return {
      message: error.message,
      hint: error.hint,
      exitCode: error.exitCode,
      code: codeOf(error, 'cli_error'),
    };
  }
  if (isAbort(error)) {
    return {
      message: 'Interrupted.',
      hint: undefined,
      exitCode: ExitCode.interrupted,
      code: 'interrupted',
    };
  }
  // The SDK's own error carries the server's message; finetune-kit's wrapper adds the operation.
  const api = findInChain(error, isSdkApiError) ?? findInChain(error, isApiError);
  if (api) return describeApiError(api, context);
  // An answer that is not JSON (a proxy's page, a truncated body) reached us: the API is reachable.
  const unreadable = findInChain(error, (value): value is SyntaxError => value instanceof SyntaxError);
  if (unreadable) {
    const where = context.baseURL ? ` at ${context.baseURL}` : '';
    return {
      message: `The API${where} sent an answer that is not valid JSON (${unreadable.message.replace(/\.$/, '')}).`,
      hint: 'This is on the server side, or a proxy in between; try again later.',
      exitCode: ExitCode.unavailable,
      code: 'invalid_response',
    };
  }
  const connection = findInChain(error, isConnectionError);
  if (connection) {
    const where = context.baseURL ? ` at ${context.baseURL}` : '';
    const cause = (connection as { cause?: unknown }).cause;
    // finetune-kit's wrapper already quotes its cause's message: say it once.
    const reason =
      cause instanceof Error && cause.message && !connection.message.includes(cause.message)
        ? `: ${cause.message}`
        : '';
    return {
      message: `Could not reach the API${where} (${connection.message.replace(/\.$/, '')}${reason}).`,
      hint: context.azure
        ? 'Check your network and AZURE_OPENAI_ENDPOINT (--timeout <seconds> waits longer).'
        : 'Check your network, and OPENAI_BASE_URL if you set one (--timeout <seconds> waits longer).',
      exitCode: ExitCode.unavailable,
      code: 'connection_error',
    };
  }
  const code = codeOf(error, 'unexpected_error');
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  switch (code) {
    case 'unknown_model': {
      const known = (error as { knownModels?: readonly string[] }).knownModels ?? [];
      const model = (error as { model?: string }).model ?? '';
      return {
        message: `Unknown model "${model}".`,
        hint: known.length ? `Known models: ${known.join(', ')}.` : undefined,
        exitCode: ExitCode.usage,
        code,
      };
    }
    case 'invalid_usage':
      return { message, hint: undefined, exitCode: ExitCode.usage, code };
    case 'ENOENT': {
      const path = (error as { path?: string }).path;
      return {
        message: path ? `File not found: ${path}` : message,
        hint: 'Check the path (relative paths start from the current directory).',
        exitCode: ExitCode.failure,
        code: 'file_not_found',
      };
    }
    case 'EISDIR':
    case 'EACCES': {
      const path = (error as { path?: string }).path ?? '';
      return {
        message: `Cannot read ${path}: ${code === 'EISDIR' ? 'it is a directory' : 'permission denied'}.`,
        hint: undefined,
        exitCode: ExitCode.failure,
        code: 'file_unreadable',
      };
    }
    default:
      break;
  }
  if (isFinetuneKitError(error)) return { message, hint: undefined, exitCode: ExitCode.failure, code };
  return {
    message: `Unexpected error: ${message}`,
    hint: 'Set FINETUNE_KIT_DEBUG=1 to print the stack trace, and please report it.',
    exitCode: ExitCode.failure,
    code: 'unexpected_error',
  };
}

function describeApiError(error: ApiErrorShape, context: ErrorContext): ErrorDescription {
  // The SDK prefixes its message with the status ("401 Incorrect API key provided"); say it once.
  const detail = redactSecrets(error.message.replace(/^\d{3}\s*/, '').trim()) || 'no details given';
  const keyVariable = context.azure ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY';
  const code = `http_${error.status}`;
  const apiCode = error.apiCode ?? (error.code === 'api_error' ? null : error.code) ?? null;
  const param = error.param ? ` (param: ${error.param})` : '';
  switch (true) {
    case error.status === 401:
      return {
        message: `The API refused the key (401): ${detail}`,
        hint: `Check ${keyVariable}${context.azure ? '' : ' (and OPENAI_BASE_URL if you set one)'}.`,
        exitCode: ExitCode.auth,
        code,
      };
    case error.status === 403:
      return {
        message: `Permission denied (403): ${detail}`,
        hint: "The key's project or role cannot do this (deleting a model needs the Owner role).",
        exitCode: ExitCode.auth,
        code,
      };
    case error.status === 404:
      return {
        message: `Not found (404): ${detail}`,
        hint: 'Check the id: `finetune-kit list` shows your jobs.',
        exitCode: ExitCode.failure,
        code,
      };
    case error.status === 429:
      return {
        message: `Rate limited (429), still after retrying: ${detail}`,
        hint:
          apiCode === 'insufficient_quota'
            ? 'The account is out of quota: check billing, then run the command again.'
            : 'Wait a minute and run the command again.',
        exitCode: ExitCode.unavailable,
        code,
      };
    case error.status >= 500:
      return {
        message: `The API failed (${error.status}), still after retrying: ${detail}`,
        hint: 'This is on the server side; try again later.',
        exitCode: ExitCode.unavailable,
        code,
      };
    default:
      return {
        message: `The API rejected the request (${error.status}${apiCode ? ` ${apiCode}` : ''}): ${detail}${param}`,
        hint: undefined,
        exitCode: ExitCode.failure,
        code,
      };
  }
}

function codeOf(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : fallback;
}

function isFinetuneKitError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && Symbol.for('finetune-kit.error') in error;
}

/** The SDK's `APIError`: a status and the response headers. */
function isSdkApiError(error: unknown): error is ApiErrorShape {
  return (
    error instanceof Error &&
    errorStatus(error) !== undefined &&
    'headers' in error &&
    codeOf(error, '') !== 'api_error'
  );
}

/** The SDK's `APIError` (status + headers), or finetune-kit's `FinetuneKitApiError` with a status. */
function isApiError(error: unknown): error is ApiErrorShape {
  if (!(error instanceof Error) || errorStatus(error) === undefined) return false;
  if (codeOf(error, '') === 'api_error') return true;
  return 'headers' in error && /Error$/.test(error.name);
}

/** The SDK's connection errors, or a `FinetuneKitApiError` for a call that got no response. */
function isConnectionError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (codeOf(error, '') === 'api_error' && (error as { status?: unknown }).status === null) return true;
  // undici's own failures, when a command reads a body outside the SDK's wrapping (a cut connection).
  if (error instanceof TypeError && /^(fetch failed|terminated|other side closed)$/.test(error.message))
    return true;
  return /^APIConnection(Timeout)?Error$/.test(error.constructor.name);
}

function isAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'AbortError' ||
    error.constructor.name === 'APIUserAbortError' ||
    codeOf(error, '') === 'aborted'
  );
}

function findInChain<T>(error: unknown, predicate: (value: unknown) => value is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth += 1) {
    if (predicate(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
