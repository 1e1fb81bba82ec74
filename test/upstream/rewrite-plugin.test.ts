import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPECTED, PLACEHOLDERS } from './helpers/placeholders.js';
import { rewriteVendoredTest } from './helpers/rewrite-plugin.js';

const vendored = (file: string) =>
  readFileSync(new URL(`./openai-node/api-resources/${file}`, import.meta.url), 'utf8');

describe('the load-time rewrite of the vendored openai-node tests', () => {
  it('swaps every listed placeholder and keeps the line numbers', () => {
    for (const [file, placeholders] of Object.entries(PLACEHOLDERS)) {
      const source = vendored(file);
      const rewritten = rewriteVendoredTest(source, file);
      expect(rewritten.split('\n')).toHaveLength(source.split('\n').length);
      for (const placeholder of placeholders) {
        expect(rewritten, `${file}: ${placeholder.find}`).not.toContain(placeholder.find);
      }
      expect(rewritten).toContain(`__upstreamValue(${JSON.stringify(file)}, ${placeholders.length - 1})`);
    }
  });

  it('marks the listed tests', () => {
    const file = 'chat/completions/completions.test.ts';
    const rewritten = rewriteVendoredTest(vendored(file), file);
    for (const [title, expected] of Object.entries(EXPECTED[file] ?? {})) {
      const runner = expected.mode === 'skip' ? 'test.skip' : '__upstreamRefused';
      expect(rewritten).toContain(`${runner}('${title}',`);
    }
  });

  it('fails loudly when a vendored file no longer has a listed placeholder or test', () => {
    const file = 'files.test.ts';
    const stale = vendored(file).replaceAll("'file_id'", "'file-abc'");
    expect(() => rewriteVendoredTest(stale, file)).toThrow(/has no 'file_id' any more/);
    const renamed = vendored('chat/completions/completions.test.ts').replace(
      "test('retrieve',",
      "test('get',",
    );
    expect(() => rewriteVendoredTest(renamed, 'chat/completions/completions.test.ts')).toThrow(
      /has no test\('retrieve',/,
    );
  });
});
