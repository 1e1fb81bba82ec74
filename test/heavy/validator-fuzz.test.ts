import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/dataset/index.js';
import { createRandom, type SeededRandom } from '../../src/internal/seeded-random.js';

// Seeded fuzzing of Dataset.validate() on mutations of the example data: byte flips, truncation,
// deep nesting, huge numbers, long runs, invalid UTF-8, control characters, plus one planted defect
// at a known line per input. Whatever the input: validate() never throws, a report comes back, the
// planted defect is reported on its line, and every issue message is a single line.

const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
const ROUNDS = 10;
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const DEBUG_RUN = process.env.FUZZ_DEBUG_RUN === undefined ? -1 : Number(process.env.FUZZ_DEBUG_RUN);

const DATA = join(import.meta.dirname, '../../examples/data');
const SOURCES: readonly (readonly string[])[] = readdirSync(DATA)
  .filter((name) => name.endsWith('.jsonl'))
  .map((name) =>
    readFileSync(join(DATA, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0),
  );
const encoder = new TextEncoder();
/** Lines that are JSON objects: a first line of anything else can make the file read as one JSON document. */
const FIRST_LINES = SOURCES.flat().filter((line) => {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
});

const RUN_CHARACTERS = ['a', ' ', '中', 'ب', 'Ä', '😀', '\u0301', '9', '!', '\\n', '\u0085', '\u3000'];

/** Planted defects: a line text and the code it must be reported under on its line. */
const DEFECTS = [
  { text: '{"messages": [{"role": "user", "content": "unterminated', code: 'invalid_json' },
  { text: '[1, 2, 3]', code: 'not_an_object' },
  { text: '"just a string"', code: 'not_an_object' },
  { text: '   ', code: 'blank_line' },
  {
    text: '{"messages": [{"role": "user", "content": "a"}, {"role": "assistant" "content": "b"}]}',
    code: 'invalid_json',
  },
] as const;

/** One mutation of a line's UTF-8 bytes; never adds a line break, so line numbers stay put. */
function mutate(bytes: Uint8Array, random: SeededRandom): Uint8Array {
  const kind = random.int(0, 7);
  const text = new TextDecoder().decode(bytes);
  switch (kind) {
    case 0: {
      // Byte flips (any value except \n and \r).
      const copy = bytes.slice();
      for (let flips = random.int(1, 4); flips > 0 && copy.length > 0; flips--) {
        let value = random.int(0, 255);
        if (value === 0x0a || value === 0x0d) value = 0xff;
        copy[random.int(0, copy.length - 1)] = value;
      }
      return copy;
    }
    case 1:
      return bytes.subarray(0, random.int(0, bytes.length));
    case 2: {
      // Deep nesting: the content wrapped in thousands of arrays.
      const depth = random.int(100, 20_000);
      return encoder.encode(`{"messages": ${'['.repeat(depth)}${text}${']'.repeat(depth)}}`);
    }
    case 3: {
      const number = random.int(0, 1) === 0 ? '1e400' : '123456789012345678901234567890123456789';
      return encoder.encode(text.replace(/"content": "/, `"weight": ${number}, "content": "`));
    }
    case 4: {
      // A long run of one character inside a content string.
      const character = RUN_CHARACTERS[random.int(0, RUN_CHARACTERS.length - 1)] as string;
      const length = random.int(0, 9) === 0 ? random.int(50_000, 300_000) : random.int(100, 5_000);
      return encoder.encode(text.replace(/"content": "/, `"content": "${character.repeat(length)}`));
    }
    case 5: {
      // Invalid UTF-8: a lone continuation byte, a cut sequence, an overlong form, 0xFF.
      const invalid = [[0x80], [0xe4, 0xb8], [0xc0, 0xaf], [0xff], [0xed, 0xa0, 0x80]][random.int(0, 4)]!;
      const at = random.int(0, bytes.length);
      const out = new Uint8Array(bytes.length + invalid.length);
      out.set(bytes.subarray(0, at));
      out.set(invalid, at);
      out.set(bytes.subarray(at), at + invalid.length);
      return out;
    }
    case 6: {
      // A raw control character (not \n or \r).
      let code = random.int(0, 31);
      if (code === 0x0a || code === 0x0d) code = 0;
      const at = random.int(0, text.length);
      return encoder.encode(`${text.slice(0, at)}${String.fromCharCode(code)}${text.slice(at)}`);
    }
    default: {
      // Structure swaps: roles, types and keys that checks must handle without crashing.
      const swaps: readonly [RegExp, string][] = [
        [/"role": "\w+"/, '"role": 42'],
        [/"content": "[^"]*"/, '"content": {"nested": [null, true, 1.5]}'],
        [/"messages": \[/, '"messages": {"0": '],
        [/"tool_calls": \[/, '"tool_calls": ['],
        [/"content": "/, '"content": ["'],
      ];
      const [pattern, replacement] = swaps[random.int(0, swaps.length - 1)]!;
      return encoder.encode(text.replace(pattern, replacement));
    }
  }
}

interface FuzzInput {
  readonly bytes: Uint8Array;
  readonly plantedLine: number;
  readonly plantedCode: string;
}

function fuzzInput(random: SeededRandom): FuzzInput {
  const source = SOURCES[random.int(0, SOURCES.length - 1)]!;
  const count = random.int(3, 14);
  const lines: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    lines.push(encoder.encode(source[random.int(0, source.length - 1)]!));
  }
  lines[0] = encoder.encode(FIRST_LINES[random.int(0, FIRST_LINES.length - 1)]!);
  // Line 1 stays intact so the file reads as JSONL (a mutated first line can look like a JSON
  // document, which moves issue lines); the defect goes on a line before the last.
  for (let mutations = random.int(1, 4); mutations > 0; mutations--) {
    const index = random.int(1, count - 1);
    lines[index] = mutate(lines[index]!, random);
  }
  const defect = DEFECTS[random.int(0, DEFECTS.length - 1)]!;
  const planted = random.int(1, count - 2);
  lines[planted] = encoder.encode(defect.text);
  const separator = random.int(0, 4) === 0 ? [0x0d, 0x0a] : [0x0a];
  const bytes = new Uint8Array(lines.reduce((sum, line) => sum + line.length + separator.length, 0));
  let offset = 0;
  for (const line of lines) {
    bytes.set(line, offset);
    bytes.set(separator, offset + line.length);
    offset += line.length + separator.length;
  }
  return { bytes, plantedLine: planted + 1, plantedCode: defect.code };
}

describe('validate() on fuzzed example data', () => {
  const perRound = Math.ceil(RUNS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    it(`never throws, always reports, finds the planted defect and writes single-line messages (round ${round + 1}/${ROUNDS})`, async () => {
      const random = createRandom(SEED + round);
      for (let run = 0; run < perRound; run++) {
        const input = fuzzInput(random);
        const context = `seed ${SEED + round}, run ${run}`;
        if (run === DEBUG_RUN)
          console.log(context, JSON.stringify(new TextDecoder().decode(input.bytes)).slice(0, 3000));
        let report: Awaited<ReturnType<Dataset['validate']>>;
        try {
          report = await Dataset.fromBytes(input.bytes, { name: 'fuzz.jsonl' }).validate({
            model: 'gpt-4o-mini',
            workers: 0,
          });
        } catch (error) {
          throw new Error(`${context}: validate() threw ${String(error)}`);
        }
        expect(report.lines, context).toBeGreaterThanOrEqual(input.plantedLine);
        const planted = report.issues.some(
          (issue) => issue.line === input.plantedLine && issue.code === input.plantedCode,
        );
        expect(planted, `${context}: ${input.plantedCode} on line ${input.plantedLine}`).toBe(true);
        for (const issue of report.issues) {
          if (/[\n\v\f\r\u0085\u2028\u2029]/.test(issue.message)) {
            throw new Error(
              `${context}: multi-line message for ${issue.code}: ${JSON.stringify(issue.message)}`,
            );
          }
        }
      }
    });
  }
});
