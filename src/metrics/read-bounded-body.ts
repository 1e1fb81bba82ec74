/**
 * Reads an HTTP response body up to a size limit, stopping the download as soon as the limit is
 * passed, so an oversized body is never held in memory whole. Web APIs only.
 *
 * @module
 */

/**
 * Reads `response`'s body into one buffer of at most `limit` bytes. A `Content-Length` above the
 * limit is refused before reading; otherwise the stream is read chunk by chunk and cancelled once
 * the bytes read pass the limit.
 *
 * @param response - A web `Response` (e.g. from `client.files.content(id)`).
 * @param limit - The largest body accepted, in bytes.
 * @param tooLarge - Builds the error to throw, from the size known so far and whether that size is
 *   only a lower bound (the download was stopped early).
 * @returns The body bytes.
 * @throws The error of `tooLarge` when the body is larger than `limit`.
 */
export async function readBoundedBody(
  response: Response,
  limit: number,
  tooLarge: (size: number, atLeast: boolean) => Error,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isSafeInteger(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared, false);
  }
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > limit) throw tooLarge(bytes.length, false);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(total, true);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
