/**
 * The patterns of secrets and personal data, each a global regular expression plus a confirmation
 * step that rejects look-alikes (placeholders, test values, numbers failing their check digits).
 * Kept apart from the scan (`sensitive-data.ts`) so the table reads as a list of what is detected.
 *
 * Sources for the formats: the providers' documentation of their key prefixes (OpenAI `sk-`/
 * `sk-proj-`, Anthropic `sk-ant-`, AWS access key ids `AKIA`/`ASIA`, GitHub `ghp_`/`gho_`/`ghs_`/
 * `github_pat_`, Slack `xox?-`, Stripe `sk_live_`/`rk_live_`, Google `AIza`), RFC 7468 (PEM
 * private keys), RFC 7519 (JWTs), RFC 3986 (user information in URLs), RFC 5322 (addresses),
 * ITU-T E.164 (phone numbers) and the rules in `pii-validators.ts`.
 *
 * @module
 */
import {
  isIban,
  isNanpNumber,
  isPaymentCardNumber,
  isSpanishNationalId,
  isUsSocialSecurityNumber,
} from './pii-validators.js';

/** Kinds of `possible_secret`. */
export type SecretKind =
  | 'openai_api_key'
  | 'anthropic_api_key'
  | 'aws_access_key_id'
  | 'aws_secret_access_key'
  | 'github_token'
  | 'slack_token'
  | 'stripe_secret_key'
  | 'google_api_key'
  | 'private_key'
  | 'jwt'
  | 'url_password';

/** Kinds of `possible_pii`. */
export type PiiKind = 'email' | 'phone' | 'payment_card' | 'iban' | 'us_ssn' | 'es_national_id';

/** Every kind of sensitive data finetune-kit detects. */
export type SensitiveKind = SecretKind | PiiKind;

/** A found range, before it is confirmed or located in a value. */
export interface PatternMatch {
  readonly start: number;
  readonly end: number;
}

/** One detector: a global regular expression and a confirmation of each match. */
export interface SensitivePattern {
  readonly kind: SensitiveKind;
  readonly regex: RegExp;
  /**
   * The prefilter test the string must pass (see `sensitive-data.ts`): an `@`, a run of seven
   * digits, or a key prefix.
   */
  readonly group: 'at' | 'digits' | 'key';
  /** Text the string must also contain before `regex` runs: a cheap test that skips most strings. */
  readonly trigger: string | RegExp;
  /**
   * The range to report for a match, or `null` to reject it. Defaults to the whole match.
   * `text` is the whole string, for checks that look around the match.
   */
  readonly confirm?: (match: RegExpExecArray, text: string) => PatternMatch | null;
  /** Finds the matches itself instead of `regex` (for patterns anchored on one character). */
  readonly scan?: (text: string) => PatternMatch[];
}

/** True when a token mixes upper case, lower case and digits, as generated keys do and placeholders do not. */
function looksRandom(token: string): boolean {
  return /\d/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token);
}

const whole = (match: RegExpExecArray): PatternMatch => ({
  start: match.index,
  end: match.index + match[0].length,
});

/** A match confirmed when `test` holds for its text. */
const when =
  (test: (text: string) => boolean) =>
  (match: RegExpExecArray): PatternMatch | null =>
    test(match[0]) ? whole(match) : null;

/** Domains reserved for documentation (RFC 2606, RFC 6761): addresses there are placeholders. */
const RESERVED_DOMAIN = /(?:^|\.)(?:example|test|invalid|localhost|local)(?:\.|$)/i;
/** "Top-level domains" that are file extensions: `logo@2x.png`, `module@1.0.js`. */
const FILE_EXTENSION_TLD =
  /\.(?:png|jpe?g|gif|svg|webp|ico|bmp|js|mjs|cjs|ts|tsx|jsx|css|scss|map|json|txt|md|html?|pdf|zip|gz|tgz|tar|py|rb|go|rs|java|php|lock|ya?ml|toml|xml|csv|log)$/i;

/** The domain after an `@`: labels, a dot, letters; not followed by more name characters. */
const EMAIL_DOMAIN =
  /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/y;

/** True for the characters of a local part (RFC 5322 dot-atom, the common subset). */
function isLocalPartCharacter(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 46 || // .
    code === 95 || // _
    code === 37 || // %
    code === 43 || // +
    code === 45 // -
  );
}

/** E-mail addresses, found from each `@`: the local part backwards, the domain forwards. */
function findEmails(text: string): PatternMatch[] {
  const found: PatternMatch[] = [];
  for (let at = text.indexOf('@'); at > 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 65 && isLocalPartCharacter(text.charCodeAt(start - 1))) start--;
    if (start === at || at - start > 64) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text);
    if (domain === null) continue;
    const local = text.slice(start, at);
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) continue;
    // `git@github.com:owner/repo` is an SSH remote, not a person.
    if (local === 'git') continue;
    if (RESERVED_DOMAIN.test(domain[0]) || FILE_EXTENSION_TLD.test(domain[0])) continue;
    found.push({ start, end: at + 1 + domain[0].length });
  }
  return found;
}

/** Separators used consistently: all the same character, or none. */
function consistentSeparators(text: string): boolean {
  const separators = text.replace(/\d/g, '');
  return separators.length === 0 || /^( +|-+)$/.test(separators);
}

function confirmCard(match: RegExpExecArray): PatternMatch | null {
  if (!consistentSeparators(match[0])) return null;
  return isPaymentCardNumber(match[0].replace(/\D/g, '')) ? whole(match) : null;
}

function confirmIban(match: RegExpExecArray): PatternMatch | null {
  const text = match[0];
  const compact = text.replace(/ /g, '');
  // The pattern may run into the next word ("… 00 IS"): try the country's length first.
  for (let length = Math.min(compact.length, 34); length >= 15; length--) {
    const candidate = compact.slice(0, length);
    if (!isIban(candidate)) continue;
    let seen = 0;
    let end = 0;
    while (seen < length) if (text[end++] !== ' ') seen++;
    // The IBAN must end at a word boundary, not inside a longer token.
    const next = text[end];
    if (next !== undefined && next !== ' ') return null;
    return { start: match.index, end: match.index + end };
  }
  return null;
}

function confirmInternationalPhone(match: RegExpExecArray): PatternMatch | null {
  const text = match[0];
  const digits = text.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return null;
  // One separator between digit groups (", " or ") " aside); runs of dots are versions or ellipses.
  if (/[ .-]{2,}|\.\d+\.\d+\.\d+\.\d/.test(text.replace(/\) /g, ')'))) return null;
  return whole(match);
}

function confirmNanp(match: RegExpExecArray): PatternMatch | null {
  const digits = match[0].replace(/\D/g, '');
  return isNanpNumber(digits) ? whole(match) : null;
}

const PLACEHOLDER_PASSWORD =
  /^(?:\*+|x+|\.+|…|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|\$\{?\w+\}?|%[sd]|:?\w*pass(?:word)?\w*|pwd|secret|changeme|your\w*|\w*_?password)$/i;

/** The host after `@` in a URL: a documentation host means a sample URL. */
const URL_HOST = /[\w.-]+/y;

function confirmUrlPassword(match: RegExpExecArray, text: string): PatternMatch | null {
  const password = match[2]!;
  if (password.length < 4 || PLACEHOLDER_PASSWORD.test(password)) return null;
  URL_HOST.lastIndex = match.index + match[0].length;
  const host = URL_HOST.exec(text)?.[0] ?? '';
  if (RESERVED_DOMAIN.test(host)) return null;
  const start = match.index + match[0].length - 1 - password.length;
  return { start, end: start + password.length };
}

function confirmJwt(match: RegExpExecArray): PatternMatch | null {
  const header = match[0].slice(0, match[0].indexOf('.'));
  try {
    const base64 = header.replace(/-/g, '+').replace(/_/g, '/');
    const decoded = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))) as unknown;
    const alg = (decoded as { alg?: unknown } | null)?.alg;
    return typeof alg === 'string' ? whole(match) : null;
  } catch {
    return null;
  }
}

/** A 40-character AWS secret access key within this many characters of an access key id or its name. */
const AWS_SECRET_WINDOW = 300;
const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_CONTEXT = /(?:AKIA|ASIA)[A-Z2-7]{16}|secret_?access_?key/i;

function confirmAwsSecret(match: RegExpExecArray, text: string): PatternMatch | null {
  const key = match[0];
  if (!looksRandom(key) || key.includes('EXAMPLE')) return null;
  const around = text.slice(Math.max(0, match.index - AWS_SECRET_WINDOW), match.index);
  return AWS_CONTEXT.test(around) ? whole(match) : null;
}

/**
 * The detectors, secrets first: where two overlap (a key inside a URL), the earlier wins.
 * Every regex is global and used with `lastIndex`, never shared between concurrent scans (a scan
 * is synchronous).
 */
export const SENSITIVE_PATTERNS: readonly SensitivePattern[] = [
  {
    kind: 'private_key',
    group: 'key',
    trigger: '-----BEGIN',
    regex:
      /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\:,-]{32,}?(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----|(?=[^A-Za-z0-9+/=\s\\:,-]|$))/g,
    confirm: (match) => (/[A-Za-z0-9+/]{32}/.test(match[0]) ? whole(match) : null),
  },
  {
    kind: 'anthropic_api_key',
    group: 'key',
    trigger: 'sk-ant-',
    regex: /(?<![\w-])sk-ant-[a-z]{3,8}\d{2}-[A-Za-z0-9_-]{32,}/g,
    confirm: when((text) => looksRandom(text.slice(14))),
  },
  {
    kind: 'openai_api_key',
    group: 'key',
    trigger: 'sk-',
    regex: /(?<![\w-])sk-(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,}/g,
    confirm: when((text) => looksRandom(text.slice(3))),
  },
  {
    kind: 'aws_access_key_id',
    group: 'key',
    trigger: /AKIA|ASIA/,
    regex: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
    confirm: when((text) => !text.endsWith('EXAMPLE')),
  },
  {
    kind: 'aws_secret_access_key',
    group: 'key',
    trigger: /AKIA|ASIA|ecret_?[Aa]ccess|ECRET_ACCESS/,
    regex: AWS_SECRET,
    confirm: confirmAwsSecret,
  },
  {
    kind: 'github_token',
    group: 'key',
    trigger: /gh[pousr]_|github_pat_/,
    regex: /(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![\w])/g,
    confirm: when((text) => /\d/.test(text) && !/^(\w)\1+$/.test(text.slice(4))),
  },
  {
    kind: 'slack_token',
    group: 'key',
    trigger: 'xox',
    regex: /(?<![\w-])xox[abpr]-\d{6,}-[A-Za-z0-9-]{8,}/g,
  },
  {
    kind: 'stripe_secret_key',
    group: 'key',
    trigger: 'k_live_',
    regex: /(?<![\w])[rs]k_live_[0-9A-Za-z]{20,247}(?![\w])/g,
    confirm: when((text) => looksRandom(text.slice(8))),
  },
  {
    kind: 'google_api_key',
    group: 'key',
    trigger: 'AIza',
    regex: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g,
    confirm: when((text) => /\d/.test(text)),
  },
  {
    kind: 'jwt',
    group: 'key',
    trigger: 'eyJ',
    regex: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![\w-])/g,
    confirm: confirmJwt,
  },
  {
    kind: 'url_password',
    group: 'at',
    trigger: '://',
    regex: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}:\/\/([^\s:@/?#"'<>]{1,64}):([^\s@/?#"'<>]{1,128})@(?=[\w[])/g,
    confirm: confirmUrlPassword,
  },
  {
    kind: 'email',
    group: 'at',
    trigger: '@',
    // Scanned from each `@` outwards (see `findEmails`): a regex starting anywhere is ten times slower.
    regex: /(?!)/g,
    scan: findEmails,
  },
  {
    kind: 'iban',
    group: 'digits',
    trigger: /[A-Z]{2}\d\d/,
    regex: /(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![a-z0-9])/g,
    confirm: confirmIban,
  },
  {
    kind: 'payment_card',
    group: 'digits',
    trigger: /\d{4}/,
    regex: /(?<![\w.,+-])\d(?:[ -]?\d){12,18}(?![\w-]|[.,]\d)/g,
    confirm: confirmCard,
  },
  {
    kind: 'us_ssn',
    group: 'digits',
    trigger: /\d{3}-\d\d-/,
    regex: /(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w-]|\.\d)/g,
    confirm: when(isUsSocialSecurityNumber),
  },
  {
    kind: 'es_national_id',
    group: 'digits',
    trigger: /\d{7}/,
    regex: /(?<![\w-])(?:\d{8}|[XYZ]\d{7})-?[A-Z](?![\w-])/g,
    confirm: when((text) => isSpanishNationalId(text.replace('-', ''))),
  },
  {
    kind: 'phone',
    group: 'digits',
    trigger: '+',
    regex: /(?<![\w+.-])\+[1-9]\d{0,3}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\w-]|\.\d)/g,
    confirm: confirmInternationalPhone,
  },
  {
    // North American: (415) 555-2671, 415-555-2671, 415.555.2671.
    kind: 'phone',
    group: 'digits',
    trigger: /\d{3}[-.)]/,
    regex: /(?<![\w.(-])(?:\(\d{3}\) ?\d{3}-|\d{3}-\d{3}-|\d{3}\.\d{3}\.)\d{4}(?![\w-]|\.\d)/g,
    confirm: confirmNanp,
  },
  {
    // European national formats with spaces: 020 7946 0958, 0161 496 0000, 06 12 34 56 78, 030 12345678.
    kind: 'phone',
    group: 'digits',
    trigger: /(?<!\d)0\d/,
    regex:
      /(?<![\w.-]|[\dA-Fa-f]{2} )0(?:\d{2} \d{4} \d{4}|\d{3} \d{3} \d{4}|\d{4} \d{6}|[1-9](?: \d{2}){4}|[1-9](?:\.\d{2}){4}|[1-9]\d{1,3}[ /]\d{6,8})(?![\w-]|[.,]\d| [\dA-Fa-f]{2}\b)/g,
  },
];

/** The placeholder `redact` writes for each kind. */
export const REDACTION_PLACEHOLDERS: Readonly<Record<SensitiveKind, string>> = {
  openai_api_key: '[SECRET]',
  anthropic_api_key: '[SECRET]',
  aws_access_key_id: '[SECRET]',
  aws_secret_access_key: '[SECRET]',
  github_token: '[SECRET]',
  slack_token: '[SECRET]',
  stripe_secret_key: '[SECRET]',
  google_api_key: '[SECRET]',
  jwt: '[SECRET]',
  url_password: '[PASSWORD]',
  private_key: '[PRIVATE_KEY]',
  email: '[EMAIL]',
  phone: '[PHONE]',
  payment_card: '[CARD]',
  iban: '[IBAN]',
  us_ssn: '[NATIONAL_ID]',
  es_national_id: '[NATIONAL_ID]',
};

/** Human names of the kinds, for messages. */
export const SENSITIVE_KIND_NAMES: Readonly<Record<SensitiveKind, string>> = {
  openai_api_key: 'OpenAI API key',
  anthropic_api_key: 'Anthropic API key',
  aws_access_key_id: 'AWS access key id',
  aws_secret_access_key: 'AWS secret access key',
  github_token: 'GitHub token',
  slack_token: 'Slack token',
  stripe_secret_key: 'Stripe live secret key',
  google_api_key: 'Google API key',
  private_key: 'private key block',
  jwt: 'JSON Web Token',
  url_password: 'password in a URL',
  email: 'e-mail address',
  phone: 'phone number',
  payment_card: 'payment card number',
  iban: 'IBAN',
  us_ssn: 'US Social Security number',
  es_national_id: 'Spanish DNI/NIE number',
};

/** True when the kind is a secret (`possible_secret`), false for personal data (`possible_pii`). */
export function isSecretKind(kind: SensitiveKind): kind is SecretKind {
  return !(kind in PII_KINDS);
}

const PII_KINDS: Readonly<Record<PiiKind, true>> = {
  email: true,
  phone: true,
  payment_card: true,
  iban: true,
  us_ssn: true,
  es_national_id: true,
};
