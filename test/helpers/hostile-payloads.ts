/**
 * Hostile data for the redaction and escaping tests: terminal escape sequences that retitle the
 * terminal, clear it or fake a line of output, and a fetch wrapper that rewrites the simulator's JSON
 * answers (a server or proxy sending what it likes).
 */

/** Sequences a hostile server or dataset could send. Each must never reach a terminal raw. */
export const ESCAPES = {
  retitle: '\u001B]0;pwned\u0007',
  clearScreen: '\u001B[2J',
  carriageReturn: '\r✓ valid',
  cursorUp: '\u001B[1A✓ valid',
  newline: '\n✓ valid',
  c1Csi: '\u009B2J',
  bidi: '\u202Egnp.exe',
  del: '\u007F',
} as const;

/** All of {@link ESCAPES} in one string. */
export const ALL_ESCAPES = Object.values(ESCAPES).join('');

/**
 * Control characters that must not appear raw in terminal output: C0 (except the newlines that end
 * lines), DEL, C1 and the bidi overrides. The CLI's own colour codes (`ESC [ … m`) are allowed.
 */
export function rawControls(output: string): string[] {
  const withoutOwnColours = output.replace(/\u001B\[[0-9;]*m/g, '');
  return [
    ...withoutOwnColours.matchAll(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g),
  ].map((match) => `U+${match[0].codePointAt(0)?.toString(16).padStart(4, '0')}`);
}

/** Rewrites a parsed JSON answer: return the new body (or the same one). */
export type Tamper = (path: string, body: unknown, method: string) => unknown;

/**
 * Wraps `fetch` so that every JSON answer passes through `tamper` first; other answers (file
 * contents) are passed through unchanged.
 */
export function tamperingFetch(inner: typeof fetch, tamper: Tamper): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!(response.headers.get('content-type') ?? '').includes('json')) return response;
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.replace(/^\/v1/, '');
    const body = tamper(path, await response.json(), request.method);
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(body), { status: response.status, headers });
  };
}

/** Applies `change` to each item of a list answer (`{ data: [...] }`), or to a single object. */
export function eachItem(body: unknown, change: (item: Record<string, unknown>) => void): unknown {
  const record = body as { data?: unknown };
  const items = Array.isArray(record?.data) ? record.data : [body];
  for (const item of items)
    if (typeof item === 'object' && item !== null) change(item as Record<string, unknown>);
  return body;
}

/**
 * Endless pagination: every list answer says `has_more: true`, and the `after` cursor is ignored,
 * so each page repeats the first one (its ids included).
 */
export function repeatingPages(inner: typeof fetch): typeof fetch {
  const tampered = tamperingFetch(inner, (_path, body) => {
    const list = body as { data?: unknown; has_more?: unknown };
    if (Array.isArray(list?.data)) list.has_more = true;
    return body;
  });
  return (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    url.searchParams.delete('after');
    return tampered(new Request(url, request));
  };
}
