/**
 * How a simulated base model answers a grader's prompt (`score_model`, `label_model`, or any "rate
 * this answer" prompt): it finds the reference and the answer to grade in the prompt (labelled
 * lines such as `Reference answer: …` / `Model answer: …`, or tags such as `<reference>…</reference>`)
 * and scores their word overlap, so a good answer gets a high score and a wrong one a low score. The
 * score is put on the scale the prompt or the response schema asks for (`between 1 and 10`,
 * `minimum`/`maximum`); without a pair to compare, a plausible score from the seed.
 *
 * @module
 */
import type { SeededRandom } from '../internal/seeded-random.js';

/** The grading a prompt asks for, when it is a grader's prompt. */
export interface GraderPrompt {
  /** The agreement of the graded answer with the reference, 0–1 (`null` when the prompt has no pair). */
  readonly agreement: number | null;
  /** The scale from the prompt (`between 0 and 10`), or `null`. */
  readonly scale: readonly [number, number] | null;
}

const GRADING_WORDS = /\b(score|grade|grading|rate|rating|evaluate|assess|judge|label|classify)\b/i;
const REFERENCE_LABEL = /reference|expected|correct|ground[ _-]?truth|gold|ideal|target|solution|item/i;
const CANDIDATE_LABEL =
  /model|candidate|student|response|output|sample|submission|prediction|generated|actual|answer|completion/i;
const LABEL_LINE =
  /^\s*(?:#{1,6}\s*)?(?:\*\*)?([A-Za-z][A-Za-z0-9 _.-]{0,40}?)(?:\*\*)?\s*:(?:\*\*)?\s*(.*)$/;

/** Labelled sections of a prompt: `Label: text` lines (text may go on until the next label) and `<tag>text</tag>`. */
function sections(text: string): { label: string; text: string }[] {
  const found: { label: string; text: string }[] = [];
  for (const match of text.matchAll(/<([A-Za-z_][\w-]{0,40})>([\s\S]*?)<\/\1>/g))
    found.push({ label: match[1] ?? '', text: (match[2] ?? '').trim() });
  let current: { label: string; lines: string[] } | null = null;
  const flush = () => {
    if (current) found.push({ label: current.label, text: current.lines.join('\n').trim() });
  };
  for (const line of text.split('\n')) {
    const match = LABEL_LINE.exec(line);
    if (match && (REFERENCE_LABEL.test(match[1] ?? '') || CANDIDATE_LABEL.test(match[1] ?? ''))) {
      flush();
      current = { label: match[1] ?? '', lines: [match[2] ?? ''] };
    } else if (current) {
      if (line.trim() === '' && current.lines.join('').trim() !== '') {
        flush();
        current = null;
      } else current.lines.push(line);
    }
  }
  flush();
  return found.filter((section) => section.text !== '');
}

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Word-overlap F1 of two texts (1 for the same words, 0 for none in common). */
export function wordOverlap(first: string, second: string): number {
  const a = wordsOf(first);
  const b = wordsOf(second);
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const word of a) counts.set(word, (counts.get(word) ?? 0) + 1);
  let common = 0;
  for (const word of b) {
    const left = counts.get(word) ?? 0;
    if (left > 0) {
      common++;
      counts.set(word, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / b.length;
  const recall = common / a.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Reads a grader's prompt.
 *
 * @param text - All message texts of the request.
 * @param asksForNumber - The response schema has a numeric field (a grader's structured output).
 * @returns The grading asked for, or `null` when the prompt does not read as a grader's.
 */
export function readGraderPrompt(text: string, asksForNumber = false): GraderPrompt | null {
  if (!GRADING_WORDS.test(text)) return null;
  const found = sections(text);
  const reference = found.find((section) => REFERENCE_LABEL.test(section.label));
  const candidate = found.find(
    (section) =>
      section !== reference && CANDIDATE_LABEL.test(section.label) && !REFERENCE_LABEL.test(section.label),
  );
  const range = /\b(?:between|from)\s+(-?\d+(?:\.\d+)?)\s+(?:and|to)\s+(-?\d+(?:\.\d+)?)/i.exec(text);
  const scale: [number, number] | null =
    range && Number(range[1]) < Number(range[2]) ? [Number(range[1]), Number(range[2])] : null;
  const agreement = reference && candidate ? wordOverlap(reference.text, candidate.text) : null;
  if (agreement === null && scale === null && !asksForNumber) return null;
  return { agreement, scale };
}

/**
 * The verdict of a simulated grader on 0–1: the agreement, slightly noisy (exact agreement and
 * none stay 1 and 0), or a plausible value from `random` when the prompt has no pair to compare.
 */
export function graderVerdict(prompt: GraderPrompt, random: SeededRandom): number {
  const { agreement } = prompt;
  if (agreement === null) return 0.45 + 0.45 * random.next();
  if (agreement === 0 || agreement === 1) return agreement;
  return Math.min(1, Math.max(0, agreement + (random.next() - 0.5) * 0.1));
}

/** A 0–1 verdict on the scale `[min, max]`: integers on scales wider than 1, two decimals otherwise. */
export function onScale(verdict: number, [min, max]: readonly [number, number]): number {
  const value = min + verdict * (max - min);
  return max - min > 1 ? Math.round(value) : Math.round(value * 100) / 100;
}
