/**
 * The cost of the content checks on the per-example analysis, in-process: the same examples
 * analysed (with token counting) without them, with the secret and personal-data scan, and with
 * near-duplicate sketches, in alternating rounds so that machine load hits all variants alike; the
 * fastest round of each counts.
 *
 *   npx tsx bench/tools/content-checks-cost.ts [file.jsonl] [examples]
 *
 * Default: the first 3,000 lines of bench/.data/chat-v1-20mb.jsonl (`npm run bench -- --sizes 20`
 * generates it). docs/performance.md (content checks) reports its output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeExample } from '../../src/dataset/analyze-example.js';
import { DEFAULT_TOKEN_FRAMING } from '../../src/dataset/tokens/example-tokens.js';
import { tokenCounterSync } from '../../src/dataset/tokens/load-token-counter.js';
import type { AnalyzeContext } from '../../src/dataset/types.js';

const file = process.argv[2] ?? join(import.meta.dirname, '..', '.data', 'chat-v1-20mb.jsonl');
const count = Number(process.argv[3] ?? 3000);
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, count);
const values = lines.map((line) => JSON.parse(line) as unknown);
const counter = tokenCounterSync('o200k_base');
const base: AnalyzeContext = { profile: 'openai', framing: DEFAULT_TOKEN_FRAMING };
const variants: Record<string, AnalyzeContext> = {
  plain: base,
  'sensitive data': { ...base, sensitiveData: true },
  'near duplicates': { ...base, nearDuplicates: true },
  'plain again': base,
};
const totals: Record<string, number> = {};
const rounds = 8;
for (let round = 0; round < rounds; round++) {
  for (const [name, context] of Object.entries(variants)) {
    const started = performance.now();
    for (let index = 0; index < values.length; index++)
      analyzeExample(values[index], context, counter, lines[index]);
    // The first round warms the JIT up and is not counted.
    if (round > 0)
      totals[name] = Math.min(totals[name] ?? Number.POSITIVE_INFINITY, performance.now() - started);
  }
}
const plain = ((totals.plain ?? 0) + (totals['plain again'] ?? 0)) / 2;
for (const [name, total] of Object.entries(totals)) {
  console.log(
    `${name.padEnd(16)} ${total.toFixed(0).padStart(6)} ms  ${((total / plain - 1) * 100).toFixed(1)} %`,
  );
}
