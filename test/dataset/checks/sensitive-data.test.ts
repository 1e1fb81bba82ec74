import { describe, expect, it } from 'vitest';
import {
  isIban,
  isPaymentCardNumber,
  isSpanishNationalId,
  isUsSocialSecurityNumber,
  passesLuhn,
} from '../../../src/dataset/checks/pii-validators.js';
import {
  findSensitiveData,
  redactSensitiveText,
  redactSensitiveValue,
} from '../../../src/dataset/checks/sensitive-data.js';
import { analyze, assistant, chat, system, user } from '../helpers/analyze.js';

/** `kind:text` of each finding. */
function found(text: string): string[] {
  return findSensitiveData(text).map((match) => `${match.kind}:${text.slice(match.start, match.end)}`);
}

describe('findSensitiveData: secrets', () => {
  it.each([
    [
      'key sk-proj-4fGh8KlM2nPq6RsT0vWx3yZa5bCd7eFg9hIj here',
      'openai_api_key:sk-proj-4fGh8KlM2nPq6RsT0vWx3yZa5bCd7eFg9hIj',
    ],
    [
      'legacy sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l',
      'openai_api_key:sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l',
    ],
    [
      'ANTHROPIC_API_KEY=sk-ant-api03-Xy7pQ2rS9tU4vW1xY6zA3bC8dE5fG0hI2jK7lM4nO9pQ1rS6tU3v',
      'anthropic_api_key:sk-ant-api03-Xy7pQ2rS9tU4vW1xY6zA3bC8dE5fG0hI2jK7lM4nO9pQ1rS6tU3v',
    ],
    ['aws_access_key_id = AKIA2OGYBAH6VNO4HQXK', 'aws_access_key_id:AKIA2OGYBAH6VNO4HQXK'],
    [
      'token ghp_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ12 ok',
      'github_token:ghp_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ12',
    ],
    [
      'SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp',
      'slack_token:xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp',
    ],
    ['stripe sk_live_51H8xYzAbC2dEfGhIjKlMnOp3Q', 'stripe_secret_key:sk_live_51H8xYzAbC2dEfGhIjKlMnOp3Q'],
    [
      'maps AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
      'google_api_key:AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
    ],
    [
      'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'jwt:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['DATABASE_URL=postgres://app:Tr0ub4dor3x@db.internal:5432/prod', 'url_password:Tr0ub4dor3x'],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  it('finds an AWS secret access key next to its key id', () => {
    const text = 'AKIA2OGYBAH6VNO4HQXK / wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz3xKEYab1';
    expect(found(text)).toEqual([
      'aws_access_key_id:AKIA2OGYBAH6VNO4HQXK',
      'aws_secret_access_key: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',
    ]);
  });

  it('finds a PEM private key block, with or without its END line', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
    const block = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
    expect(found(`key:\n${block}\nthanks`)).toEqual([`private_key:${block}`]);
    expect(findSensitiveData(`-----BEGIN RSA PRIVATE KEY-----\\n${body}`)[0]?.kind).toBe('private_key');
  });

  it.each([
    'export OPENAI_API_KEY=sk-your-api-key-here',
    'sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    'AKIAIOSFODNN7EXAMPLE',
    'postgres://user:password@localhost:5432/db',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell placeholder, as written in real docs
    'redis://default:${REDIS_PASSWORD}@cache:6379',
    'https://user:<password>@example.com',
    '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    'eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N', // header has no alg
    'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  ])('ignores the placeholder %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('findSensitiveData: personal data', () => {
  it.each([
    ['Write to ana.lopez@gmail.com today.', 'email:ana.lopez@gmail.com'],
    ['Call +44 20 7946 0958 after 5.', 'phone:+44 20 7946 0958'],
    ['Call (415) 555-2671.', 'phone:(415) 555-2671'],
    ['Call 212-736-5000.', 'phone:212-736-5000'],
    ['Tel. 06 12 34 56 78', 'phone:06 12 34 56 78'],
    ['Visa 4111 1111 1111 1111 exp 12/27', 'payment_card:4111 1111 1111 1111'],
    ['Amex 378282246310005', 'payment_card:378282246310005'],
    ['IBAN DE89 3704 0044 0532 0130 00 please', 'iban:DE89 3704 0044 0532 0130 00'],
    ['GB82WEST12345698765432', 'iban:GB82WEST12345698765432'],
    ['SSN 536-22-1234.', 'us_ssn:536-22-1234'],
    ['DNI 12345678Z', 'es_national_id:12345678Z'],
    ['NIE X1234567L', 'es_national_id:X1234567L'],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  it.each([
    // Code, logs and prose full of numbers that are not personal data.
    'const id = "550e8400-e29b-41d4-a716-446655440000"; // uuid',
    'commit 3f786850e387550fdab836ed7e6dc881de23001b (HEAD -> main)',
    '2024-03-15T10:22:31.512Z INFO request_id=8f14e45f ms=1234 status=200 bytes=5120394',
    'Released v2.14.3 on 2024-03-15; requires node >= 20.19.0 and npm 10.8.2.',
    'Total: $1,299.00 (was $1,349.99), order #100234567, 3 items.',
    'ts 1700000000000 and 4111111111111112 (Luhn fails)',
    'Contact john.doe@example.com or admin@test for the demo.',
    'Use the image logo@2x.png and the package lodash@4.17.21.',
    'IBAN DE89 3704 0044 0532 0130 01 (wrong check digits)',
    'The ZIP code 94105-1804 and ISBN 978-3-16-148410-0.',
    'SSN format is 000-12-3456 or 123-45-6789 in the textbook.',
    'pi is 3.14159265358979 and e is 2.718281828459045',
    'Matrix [[1, 2, 3], [4, 5, 6]] and coordinates 48.8566, 2.3522',
  ])('finds nothing in %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('check digits', () => {
  it('Luhn, card ranges, IBAN, SSN and DNI rules', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
    expect(isPaymentCardNumber('5555555555554444')).toBe(true);
    expect(isPaymentCardNumber('1234567812345670')).toBe(false); // Luhn passes, no issuer 1
    expect(isPaymentCardNumber('4111111111111')).toBe(false); // Visa length 13 but Luhn fails
    expect(isIban('FR1420041010050500013M02606')).toBe(true);
    expect(isIban('FR1420041010050500013M02607')).toBe(false);
    expect(isIban('DE8937040044053201300')).toBe(false); // one character short
    expect(isUsSocialSecurityNumber('666-12-3456')).toBe(false);
    expect(isUsSocialSecurityNumber('912-12-3456')).toBe(false);
    expect(isUsSocialSecurityNumber('536-00-1234')).toBe(false);
    expect(isSpanishNationalId('12345678Z')).toBe(true);
    expect(isSpanishNationalId('12345678A')).toBe(false);
  });
});

describe('possible_secret and possible_pii issues', () => {
  const key = 'sk-proj-4fGh8KlM2nPq6RsT0vWx3yZa5bCd7eFg9hIj';
  const line = chat([system, user(`Key ${key}, mail me at li.wei@proton.me`), assistant('Done.')]);

  it('point at the string, give kind and range, and never quote the value', () => {
    const issues = analyze(line, { sensitiveData: true }).issues.filter((issue) =>
      issue.code.startsWith('possible_'),
    );
    expect(issues.map((issue) => [issue.code, issue.path, issue.details])).toEqual([
      [
        'possible_secret',
        'messages[1].content',
        { kind: 'openai_api_key', start: 4, end: 4 + key.length, masked: 'sk-p…' },
      ],
      [
        'possible_pii',
        'messages[1].content',
        { kind: 'email', start: key.length + 17, end: key.length + 33, masked: 'li.w…' },
      ],
    ]);
    for (const issue of issues) {
      expect(issue.message).not.toContain(key.slice(0, 8));
      expect(issue.message).not.toContain('li.wei@');
    }
  });

  it('caps the issues of one example and says how many more there were', () => {
    const addresses = Array.from({ length: 25 }, (_, index) => `user${index}@mailbox.org`).join(', ');
    const issues = analyze(chat([system, user(addresses), assistant('Ok.')]), { sensitiveData: true }).issues;
    const pii = issues.filter((issue) => issue.code === 'possible_pii');
    expect(pii).toHaveLength(20);
    expect(pii.at(-1)?.message).toMatch(/\(5 more in this example\)$/);
  });

  it('skips base64 image payloads', () => {
    const image = `data:image/png;base64,${'AKIA2OGYBAH6VNO4HQXK'.repeat(4)}`;
    const value = chat([
      system,
      { role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] },
      assistant('A cat.'),
    ]);
    expect(analyze(value, { sensitiveData: true }).issues.map((issue) => issue.code)).not.toContain(
      'possible_secret',
    );
  });
});

describe('redaction', () => {
  it('replaces each finding with its typed placeholder and counts kinds', () => {
    const counts = {};
    const text =
      'Mail ana.lopez@gmail.com, call +44 20 7946 0958, card 4111 1111 1111 1111, key AKIA2OGYBAH6VNO4HQXK, db postgres://app:Tr0ub4dor3x@db:5432/x';
    expect(redactSensitiveText(text, counts)).toBe(
      'Mail [EMAIL], call [PHONE], card [CARD], key [SECRET], db postgres://app:[PASSWORD]@db:5432/x',
    );
    expect(counts).toEqual({ email: 1, phone: 1, payment_card: 1, aws_access_key_id: 1, url_password: 1 });
  });

  it('copies only what changes, and leaves keys alone', () => {
    const value = {
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'a@b.co.uk' },
      ],
    };
    const redacted = redactSensitiveValue(value);
    expect(redacted).toEqual({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '[EMAIL]' },
      ],
    });
    expect(redacted.messages[0]).toBe(value.messages[0]);
    const clean = { messages: [{ role: 'user', content: 'hi' }] };
    expect(redactSensitiveValue(clean)).toBe(clean);
  });
});
