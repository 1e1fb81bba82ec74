/**
 * The HTTP status of an error thrown by the `openai` SDK (or anything shaped like its `APIError`),
 * read structurally so it works across SDK versions and duplicate installs.
 *
 * @module
 */

/**
 * The HTTP status of an SDK error, or `undefined` when there was no response (a connection error,
 * an abort) or `error` is not an object.
 *
 * @param error - Anything thrown.
 * @returns The status, e.g. `404`.
 */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}
