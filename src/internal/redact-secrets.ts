/**
 * Secret redaction for everything finetune-kit shows or stores: error messages, events, archives
 * and the CLI's output. Two rules work together:
 *
 * - **Known secrets**: the API key of every client finetune-kit was given (`client.apiKey`, which is
 *   also where `AzureOpenAI` keeps the Azure key) is replaced wherever it appears, whatever it looks
 *   like. Keys are remembered for the life of the process, in a non-enumerable global slot shared by
 *   every copy of the package, so an error built far from the client is still cleaned.
 * - **Patterns**: key-shaped text from anywhere (a proxy echoing another key, a key pasted into a job
 *   suffix): `sk-…` (including `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`), `sess-…`, `Bearer …`,
 *   header values (`Authorization:`, `api-key:`, `x-api-key:`), Azure-style keys (a standalone run of
 *   exactly 32 hex digits), credentials in URLs (`https://user:pass@host`) and key-like query
 *   parameters (`?api-key=…`, `&token=…`, `&sig=…`).
 *
 * The replacement never contains `"` or `\` and no pattern matches across them, so redacting
 * serialised JSON keeps it valid. See docs/security.md for the rules and their limits.
 *
 * @module
 */

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Shortest value remembered as a known secret: shorter ones would mask ordinary words. */
const MIN_SECRET_LENGTH = 8;
/** Known secrets kept at most (oldest forgotten first), so a long-lived process cannot grow it. */
const MAX_KNOWN_SECRETS = 32;
const REGISTRY = Symbol.for('finetune-kit.known-secrets');

/**
 * Key-shaped text. Every alternative stops at whitespace, quotes and backslashes (JSON stays valid).
 * The 32-hex rule needs a letter and a digit and no id character on either side, so `req_<32 hex>`
 * request ids, `ftjob-…`/`file-…` ids and 40-hex commit hashes are left alone.
 */
const SECRET_PATTERN = new RegExp(
  [
    /\b(?:sk|sess)-[A-Za-z0-9_-]{6,}/.source,
    /\b[Bb]earer[ \t]+[A-Za-z0-9._~+/-]{5,}[A-Za-z0-9_~+/-]=*/.source,
    /(?<![A-Za-z0-9_-])(?=[0-9A-Fa-f]*[A-Fa-f])(?=[0-9A-Fa-f]*[0-9])[0-9A-Fa-f]{32}(?![A-Za-z0-9_-])/.source,
  ].join('|'),
  'g',
);

/**
 * `api-key: value`, `Authorization: Basic value`: the header name is kept, its value goes. Spaces
 * and tabs only: a value is never looked for on the next line (that would eat the next line's text).
 */
const HEADER_PATTERN =
  /\b(authorization|proxy-authorization|x-api-key|api-key|ocp-apim-subscription-key)((?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?["'])?)(?:(?:Basic|Bearer|Token)[ \t]+)?[^\s"'\\,;&#]+/gi;

/** `scheme://user:pass@host`: the user information goes. */
const URL_CREDENTIALS_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'\\<>]+@/gi;

/** `?api-key=…`, `&token=…`, `&sig=…` (Azure SAS): the value goes. */
const QUERY_SECRET_PATTERN = /([?&](?:api[-_]?key|access[-_]?token|token|key|sig|password)=)[^&#\s"'\\<>]+/gi;

function knownSecrets(): Set<string> {
  const holder = globalThis as { [REGISTRY]?: Set<string> };
  let secrets = holder[REGISTRY];
  if (!secrets) {
    secrets = new Set();
    // Non-enumerable, so printing `globalThis` never shows the keys.
    Object.defineProperty(globalThis, REGISTRY, { value: secrets, enumerable: false });
  }
  return secrets;
}

/**
 * Remembers `secret` so that {@link redactSecrets} replaces it wherever it appears from now on.
 * Values shorter than 8 characters or containing whitespace (placeholders) are ignored.
 *
 * @param secret - An API key or token; anything else is ignored.
 */
export function rememberSecret(secret: unknown): void {
  if (typeof secret !== 'string') return;
  const value = secret.trim();
  if (value.length < MIN_SECRET_LENGTH || /\s/.test(value)) return;
  const secrets = knownSecrets();
  if (secrets.has(value)) return;
  secrets.add(value);
  if (secrets.size > MAX_KNOWN_SECRETS) {
    const oldest = secrets.values().next().value;
    if (oldest !== undefined) secrets.delete(oldest);
  }
}

/**
 * Remembers the keys of an `openai` client (`OpenAI` and `AzureOpenAI` both keep it in `apiKey`;
 * `OpenAI` also has `adminAPIKey`, used by checkpoint permissions). Never throws, whatever `client` is.
 *
 * @param client - The client finetune-kit was given.
 */
export function rememberClientSecrets(client: unknown): void {
  if (typeof client !== 'object' || client === null) return;
  try {
    rememberSecret((client as { apiKey?: unknown }).apiKey);
    rememberSecret((client as { adminAPIKey?: unknown }).adminAPIKey);
  } catch {
    // A getter that throws is the client's business; redaction by pattern still applies.
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One expression matching any of `secrets`, longest first (a key containing another goes whole). */
function secretsPattern(secrets: readonly string[]): RegExp | null {
  if (secrets.length === 0) return null;
  const alternatives = [...new Set(secrets)].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(alternatives.join('|'), 'g');
}

let cached: { readonly key: string; readonly pattern: RegExp | null } | undefined;

/** The known secrets' expression, rebuilt only when the set changed (redaction runs per event). */
function cachedPattern(): RegExp | null {
  const secrets = [...knownSecrets()];
  const key = secrets.join('\u0000');
  if (cached?.key !== key) cached = { key, pattern: secretsPattern(secrets) };
  return cached.pattern;
}

/**
 * Replaces secrets in `text` with `[redacted]`: every known secret (see {@link rememberSecret}),
 * the `extra` ones, and anything key-shaped.
 *
 * @param text - Any text that may be shown to a user, logged or stored.
 * @param extra - More secrets to replace, e.g. a key not given to finetune-kit.
 * @returns The text with secrets masked.
 */
export function redactSecrets(text: string, extra: Iterable<string> = []): string {
  const extraSecrets = [...extra].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  const known =
    extraSecrets.length > 0 ? secretsPattern([...knownSecrets(), ...extraSecrets]) : cachedPattern();
  const result = known ? text.replace(known, REDACTED) : text;
  return result
    .replace(URL_CREDENTIALS_PATTERN, `$1${REDACTED}@`)
    .replace(HEADER_PATTERN, `$1$2${REDACTED}`)
    .replace(QUERY_SECRET_PATTERN, `$1${REDACTED}`)
    .replace(SECRET_PATTERN, REDACTED);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of a JSON-like value with every string (keys included) passed through
 * {@link redactSecrets}; other values are kept as they are. Deeper than 64 levels is kept as is.
 *
 * @param value - A parsed API object, an event, a record to store.
 * @returns The cleaned copy (the input is not changed).
 */
export function redactDeep<T>(value: T): T {
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[redactSecrets(key)] = redactValue(item, depth + 1);
    return copy;
  }
  return value;
}
