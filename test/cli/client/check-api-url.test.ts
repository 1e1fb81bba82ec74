import { describe, expect, it } from 'vitest';
import { FETCH_BLOCKED_PORTS, requireFetchableURL } from '../../../src/cli/client/check-api-url.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';

function failure(value: string): { message: string; hint: string | undefined; exitCode: number } {
  try {
    requireFetchableURL('OPENAI_BASE_URL', value, 'OPENAI_API_KEY');
  } catch (error) {
    const { message, hint, exitCode } = error as { message: string; hint?: string; exitCode: number };
    return { message, hint, exitCode };
  }
  throw new Error(`${value} was accepted`);
}

describe('requireFetchableURL', () => {
  it('accepts ordinary API URLs', () => {
    for (const url of ['https://api.openai.com/v1', 'http://127.0.0.1:8787/v1', 'http://localhost/v1']) {
      expect(() => requireFetchableURL('OPENAI_BASE_URL', url, 'OPENAI_API_KEY')).not.toThrow();
    }
  });

  it('refuses credentials in the URL without ever printing them', () => {
    const withPassword = failure('http://alice:s3cret-pass@proxy.internal:8080/v1');
    expect(withPassword).toEqual({
      message:
        'OPENAI_BASE_URL contains credentials (http://***@proxy.internal:8080/v1): fetch never sends a request to such a URL.',
      hint: 'Remove the user:password@ part; the key goes in OPENAI_API_KEY.',
      exitCode: ExitCode.usage,
    });
    const userOnly = failure('https://sk-abc123@api.example.com/v1');
    expect(userOnly.message).toContain('(https://***@api.example.com/v1)');
    expect(JSON.stringify([withPassword, userOnly])).not.toMatch(/alice|s3cret|sk-abc123/);
  });

  it("refuses fetch's blocked ports and what is not a URL", () => {
    expect(FETCH_BLOCKED_PORTS.has(9)).toBe(true);
    expect(failure('http://127.0.0.1:9/v1').message).toBe(
      'OPENAI_BASE_URL uses port 9, which fetch never connects to (a "bad port" of the Fetch standard).',
    );
    expect(failure('api.openai.com/v1').message).toBe(
      'OPENAI_BASE_URL is not a URL: expected e.g. https://api.example.com/v1.',
    );
  });
});
