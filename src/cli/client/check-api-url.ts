/**
 * Checks the API URL from the environment before any request is made, for the two mistakes that
 * `fetch` turns into endless "connection errors": credentials in the URL and a blocked port.
 *
 * @module
 */
import { CliUsageError } from '../cli-error.js';

/**
 * Ports `fetch` never connects to: the "bad port" list of the Fetch standard
 * (https://fetch.spec.whatwg.org/#bad-port), which Node's fetch (undici) applies.
 */
export const FETCH_BLOCKED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/**
 * Fails with a usage error (exit code 2) when `value` cannot be used as the API's URL: it does not
 * parse, carries credentials (`http://user:pass@host/v1`, which `fetch` refuses on every request), or
 * names a port `fetch` blocks. The URL is shown with any credentials replaced by `***`.
 *
 * @param variable - The environment variable, named in the message.
 * @param value - Its value.
 * @param keyVariable - Where the key belongs instead of the URL, for the hint.
 * @throws {CliUsageError} On any of the three.
 */
export function requireFetchableURL(variable: string, value: string, keyVariable: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliUsageError(
      `${variable} is not a URL: expected e.g. https://api.example.com/v1.`,
      undefined,
      `Fix or unset ${variable}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    url.username = '***';
    url.password = '';
    throw new CliUsageError(
      `${variable} contains credentials (${url.href}): fetch never sends a request to such a URL.`,
      undefined,
      `Remove the user:password@ part; the key goes in ${keyVariable}.`,
    );
  }
  if (url.port !== '' && FETCH_BLOCKED_PORTS.has(Number(url.port))) {
    throw new CliUsageError(
      `${variable} uses port ${url.port}, which fetch never connects to (a "bad port" of the Fetch standard).`,
      undefined,
      'Serve the API on another port.',
    );
  }
}
