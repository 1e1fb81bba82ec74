import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactDeep,
  redactSecrets,
  rememberClientSecrets,
  rememberSecret,
} from '../../src/internal/redact-secrets.js';

describe('redactSecrets patterns', () => {
  it.each([
    ['sk-proj-Zq8LrT2mWv9XcB4nKd7HsJ3fGy6PaE1u', 'Incorrect API key provided: [redacted].'],
    ['sk-svcacct-AbCdEf0123456789_xyz', 'Incorrect API key provided: [redacted].'],
    ['sk-admin-AbCdEf0123456789', 'Incorrect API key provided: [redacted].'],
    ['sess-AbCdEf0123456789', 'Incorrect API key provided: [redacted].'],
    ['Bearer abc.def-123456', 'Incorrect API key provided: [redacted].'],
    ['bearer abc.def-123456', 'Incorrect API key provided: [redacted].'],
    ['0123456789abcdef0123456789ABCDEF', 'Incorrect API key provided: [redacted].'],
  ])('redacts %s', (secret, expected) => {
    expect(redactSecrets(`Incorrect API key provided: ${secret}.`)).toBe(expected);
  });

  it('keeps the name of a header and removes its value', () => {
    expect(redactSecrets('sent api-key: 3f2a9cc1b7e0 and Authorization: Basic dXNlcjpwYXNz')).toBe(
      'sent api-key: [redacted] and Authorization: [redacted]',
    );
    expect(redactSecrets('{"x-api-key":"abcdefgh12"}')).toBe('{"x-api-key":"[redacted]"}');
  });

  it('removes credentials and key-like parameters from URLs', () => {
    expect(redactSecrets('proxy https://alice:s3cr3t@proxy.example.com:8080/v1 failed')).toBe(
      'proxy https://[redacted]@proxy.example.com:8080/v1 failed',
    );
    expect(redactSecrets('GET https://x.example.com/v1/files?api-key=abc123def&limit=2')).toBe(
      'GET https://x.example.com/v1/files?api-key=[redacted]&limit=2',
    );
  });

  it('leaves ids, request ids, checkpoints and hashes users need alone', () => {
    const kept = [
      'req_0123456789abcdef0123456789abcdef',
      'ftjob-0123456789abcdef0123456789abcdef',
      'file-abc123DEF456ghi789JKL0',
      'ft:gpt-4o-mini-2024-07-18:acme:support:AbC12xyz:ckpt-step-100',
      'commit 0123456789abcdef0123456789abcdef01234567',
      'task-abcdef123456',
      '01234567890123456789012345678901',
      'abcdefabcdefabcdefabcdefabcdefab',
      'authorization failed for this project',
    ];
    for (const text of kept) expect(redactSecrets(text)).toBe(text);
  });

  it('keeps JSON valid when redacting serialised text', () => {
    const value = { message: 'key "sk-live0123456789" and https://u:p@h.example and api-key: "abcdefgh1"' };
    const parsed = JSON.parse(redactSecrets(JSON.stringify(value))) as { message: string };
    expect(parsed.message).toBe(
      'key "[redacted]" and https://[redacted]@h.example and api-key: "[redacted]"',
    );
  });
});

describe('known secrets', () => {
  it('redacts a remembered key whatever its shape, longest first', () => {
    const key = 'Zx9-unusual.Shape~Key-that/no#pattern';
    expect(redactSecrets(`echo ${key}!`)).toBe(`echo ${key}!`);
    rememberSecret(key);
    expect(redactSecrets(`echo ${key}!`)).toBe(`echo ${REDACTED}!`);
  });

  it("reads an OpenAI or Azure client's apiKey, ignoring short values and placeholders", () => {
    const azureKey = 'AzUrEkEy84charsLongFormatWithoutAnyPatternXyZ';
    rememberClientSecrets({ apiKey: azureKey });
    rememberClientSecrets({ apiKey: 'short' });
    rememberClientSecrets({ apiKey: '<Missing Key>' });
    rememberClientSecrets({
      get apiKey(): string {
        throw new Error('no key');
      },
    });
    rememberClientSecrets(null);
    expect(redactSecrets(`key ${azureKey} short <Missing Key>`)).toBe('key [redacted] short <Missing Key>');
  });

  it('takes extra secrets per call', () => {
    expect(redactSecrets('token qwertyuiop1 here', ['qwertyuiop1'])).toBe('token [redacted] here');
  });

  it('does not show the remembered keys when globalThis is printed', () => {
    rememberSecret('visible-if-enumerable-0001');
    expect(Object.keys(globalThis).join(' ')).not.toContain('secret');
    expect(JSON.stringify(Object.getOwnPropertySymbols(globalThis).map(String))).toContain(
      'finetune-kit.known-secrets',
    );
  });
});

describe('redactDeep', () => {
  it('cleans every string, keys included, without changing the input', () => {
    const input = Object.freeze({
      id: 'ftevent-1',
      level: 'info',
      message: 'using sk-proj-Zq8LrT2mWv9XcB4nKd7H',
      data: { step: 3, list: ['Bearer qwerty123456', null, true] },
    });
    expect(redactDeep(input)).toEqual({
      id: 'ftevent-1',
      level: 'info',
      message: 'using [redacted]',
      data: { step: 3, list: ['[redacted]', null, true] },
    });
    expect(input.message).toBe('using sk-proj-Zq8LrT2mWv9XcB4nKd7H');
  });
});

describe('line boundaries', () => {
  it('never takes the next line as the value of an empty header', () => {
    expect(redactSecrets('api-key: \n  error  x\nBearer\nnext-line-word')).toBe(
      'api-key: \n  error  x\nBearer\nnext-line-word',
    );
  });
});
