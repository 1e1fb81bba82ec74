/**
 * Cleans thrown errors of secrets before they leave finetune-kit (job layer and metrics layer alike).
 *
 * @module
 */
import { isRecord } from './is-record.js';
import { redactDeep, redactSecrets } from './redact-secrets.js';

/**
 * Removes secrets (see `redactSecrets`: the clients' keys and anything key-shaped) from an error and
 * its whole `cause` chain, in place, before it is kept as a `cause`, handed to a listener or
 * rethrown: a server (or proxy) that echoes the key in its error body would otherwise put it in
 * `error.message`, `error.stack`, the parsed body (`error.error`) and the response headers, which
 * loggers and `util.inspect` print. The error keeps its class and every other field.
 *
 * @param error - Anything thrown; non-errors are returned as they are.
 * @returns The same error.
 */
export function redactErrorInPlace<T>(error: T): T {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Bounded: a cause chain is a handful of links, and a cycle must not loop forever.
  for (let depth = 0; depth < 8 && current instanceof Error && !seen.has(current); depth += 1) {
    seen.add(current);
    redactOneError(current);
    current = current.cause;
  }
  return error;
}

function redactOneError(error: Error): void {
  try {
    error.message = redactSecrets(error.message);
    if (typeof error.stack === 'string') error.stack = redactSecrets(error.stack);
    const holder = error as { error?: unknown; headers?: unknown };
    if (holder.error !== undefined) holder.error = redactDeep(holder.error);
    const headers = holder.headers;
    if (isRecord(headers) && typeof (headers as { entries?: unknown }).entries === 'function') {
      const entries = [...(headers as unknown as Headers).entries()];
      if (entries.some(([, value]) => redactSecrets(value) !== value)) {
        // A response's `Headers` is immutable: replace it with a cleaned copy.
        holder.headers = new Headers(
          entries.map(([name, value]): [string, string] => [name, redactSecrets(value)]),
        );
      }
    }
  } catch {
    // A frozen error cannot be cleaned; finetune-kit's own message about it is redacted anyway.
  }
}
