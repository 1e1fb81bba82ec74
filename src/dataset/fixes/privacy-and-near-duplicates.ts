/**
 * The two content fixes of `Dataset.fix()` that work on the text rather than the structure:
 * `redact` (typed placeholders for secrets and personal data) and `dedupeNear` (drop examples
 * nearly the same as an earlier one). Kept here so `fix-dataset.ts` only wires them in.
 *
 * @module
 */
import { exampleSketch } from '../checks/near-duplicate-sketch.js';
import { type RedactionCounts, redactSensitiveValue } from '../checks/sensitive-data.js';
import type { SensitiveKind } from '../checks/sensitive-patterns.js';
import { NearDuplicateIndex, type NearDuplicateMatch } from '../report/near-duplicate-index.js';

/**
 * A near-duplicate filter: returns the earlier line an example nearly repeats (the example is then
 * to be dropped), or `undefined` (it is kept and remembered). Same sketches and index as
 * validation, so `fix({ dedupeNear: true })` drops what `near_duplicate_example` reports.
 *
 * @param threshold - Minimum estimated Jaccard similarity.
 */
export function createNearDuplicateFilter(
  threshold: number,
): (value: unknown, line: number) => NearDuplicateMatch | undefined {
  const index = new NearDuplicateIndex();
  return (value, line) => {
    const sketch = exampleSketch(value);
    if (sketch === null) return undefined;
    const match = index.find(sketch, threshold);
    if (match === undefined) index.add(sketch, line);
    return match;
  };
}

/**
 * Redacts one example.
 *
 * @param value - A parsed example.
 * @param totals - Counts by kind over the whole run, incremented.
 * @returns The redacted example and what was replaced in it, or `null` when nothing was found.
 */
export function redactExample<T>(value: T, totals: RedactionCounts): { value: T; reason: string } | null {
  const counts: RedactionCounts = {};
  const redacted = redactSensitiveValue(value, counts);
  if (redacted === value) return null;
  const parts: string[] = [];
  for (const [kind, count] of Object.entries(counts) as [SensitiveKind, number][]) {
    totals[kind] = (totals[kind] ?? 0) + count;
    parts.push(`${count} ${kind}`);
  }
  return { value: redacted, reason: `redacted ${parts.join(', ')}` };
}
