import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/dataset/index.js';
import { chatLines } from '../helpers/datasets.js';

// Files saved with classic Mac OS line endings end each line with a lone `\r`. They were read as one
// line: validation reported one invalid line and `fix` wrote 0 of 20 examples, reporting success.
const LINES = chatLines(20);
const CR_FILE = `${LINES.join('\r')}\r`;

describe('lone-CR line endings', () => {
  it('validates each line of a CR-only file as an example and reports the line endings once', async () => {
    const report = await Dataset.fromString(CR_FILE, { name: 'mac.jsonl' }).validate({ workers: 0 });
    expect(report.examples).toBe(20);
    expect(report.lines).toBe(20);
    expect(report.countsByCode.invalid_json ?? 0).toBe(0);
    const endings = report.issues.filter((issue) => issue.code === 'crlf_line_endings');
    expect(endings).toHaveLength(1);
    expect(endings[0]?.message).toMatch(
      /^20 of 20 lines end in a lone CR \(\\r, classic Mac OS line endings\); they were read as line breaks, but other JSONL readers may see one long line\./,
    );
    expect(endings[0]?.message).not.toContain('\n');
    expect(endings[0]?.severity).toBe('info');
  });

  it('fix() writes all 20 examples with \\n line endings and counts the normalised lines', async () => {
    const { text, result } = await Dataset.fromString(CR_FILE).fix().text();
    expect(text).toBe(`${LINES.join('\n')}\n`);
    expect(result.read).toBe(20);
    expect(result.written).toBe(20);
    expect(result.applied.normalizeLineEndings).toBe(20);
  });

  it('reads the same CR file from bytes cut into one-byte chunks', async () => {
    const bytes = new TextEncoder().encode(CR_FILE);
    async function* oneByteChunks() {
      for (let index = 0; index < bytes.length; index++) yield bytes.subarray(index, index + 1);
    }
    const report = await Dataset.fromStream(oneByteChunks()).validate({ workers: 0 });
    expect(report.examples).toBe(20);
    expect(report.countsByCode.crlf_line_endings).toBe(1);
  });
});
