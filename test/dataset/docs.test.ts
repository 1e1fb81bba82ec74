import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FIX_FOR_CODE, ISSUE_CODES } from '../../src/dataset/index.js';

describe('docs/dataset.md', () => {
  it('documents every issue code with its default severity and fix', async () => {
    const doc = await readFile(new URL('../../docs/dataset.md', import.meta.url), 'utf8');
    for (const [code, definition] of Object.entries(ISSUE_CODES)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, code).toBeDefined();
      expect(row!.split('|')[2]!.trim(), code).toBe(definition.severity);
      const fix = FIX_FOR_CODE[code as keyof typeof FIX_FOR_CODE];
      if (fix && fix !== 'split') expect(row, code).toContain(`fix \`${fix}\``);
    }
  });
});
