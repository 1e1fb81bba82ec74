/**
 * The metrics of the `text_similarity` grader, each computed by the standard definition of the
 * library OpenAI's graders guide names for it, on the rendered input (the candidate) and reference:
 *
 * - `fuzzy_match`: rapidfuzz's `fuzz.ratio` / 100, i.e. `2·LCS / (|a| + |b|)` over characters
 *   (the normalised Indel similarity; two empty strings score 1).
 * - `bleu`: NLTK's `sentence_bleu` with its defaults (uniform weights over 1- to 4-grams, clipped
 *   counts, brevity penalty `exp(1 − r/c)` when the candidate is shorter, no smoothing). Without a
 *   single matching n-gram of some order NLTK's result is below 1e-70 (it warns); here it is 0.
 * - `gleu`: NLTK's `sentence_gleu` (Google-BLEU): over all 1- to 4-grams, `min(matches / candidate
 *   n-grams, matches / reference n-grams)`.
 * - `meteor`: NLTK's `meteor_score` (α 0.9, β 3, γ 0.5, lower-cased): `Fmean · (1 − 0.5 · (chunks /
 *   matches)³)`, with `Fmean = P·R / (0.9·P + 0.1·R)`. Words are aligned as NLTK aligns them:
 *   exact words first, then Porter stems (NLTK's stemmer, `porter-stemmer.ts`). Limit: NLTK's third
 *   stage, WordNet synonyms, is not computed (no WordNet here), so a candidate that uses synonyms
 *   of the reference's words scores lower here.
 * - `rouge_1` … `rouge_5`, `rouge_l`: the F-measure of Google's `rouge-score` (`RougeScorer` without
 *   stemmer): its tokenizer lower-cases, replaces every run of characters other than `a-z0-9` with
 *   a space and splits; ROUGE-N counts clipped n-gram overlaps, ROUGE-L the longest common
 *   subsequence of tokens.
 * - `cosine`: the cosine of the two texts' embeddings. The API embeds them with an OpenAI
 *   embeddings model; locally there is none, so this needs an `embed` function from the caller.
 *
 * BLEU, GLEU and METEOR read whitespace-separated tokens (NLTK takes pre-tokenised input).
 *
 * @module
 */
import { porterStem } from './porter-stemmer.js';
import type { TextSimilarityMetric } from './types.js';

/** Code points of a string (so an emoji counts once, as in Python). */
function codePoints(text: string): string[] {
  return Array.from(text);
}

/** Length of the longest common subsequence of two sequences (two rows of the DP table). */
export function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (const itemA of a) {
    for (let j = 1; j <= b.length; j += 1) {
      current[j] =
        itemA === b[j - 1]
          ? (previous[j - 1] as number) + 1
          : Math.max(previous[j] as number, current[j - 1] as number);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/**
 * rapidfuzz's `fuzz.ratio` scaled to 0..1: `2·LCS / (|a| + |b|)` over code points.
 *
 * @example
 * ```ts
 * fuzzyMatch('this is a test', 'this is a test!'); // 28 / 29 ≈ 0.9655
 * ```
 */
export function fuzzyMatch(input: string, reference: string): number {
  const a = codePoints(input);
  const b = codePoints(reference);
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * lcsLength(a, b)) / total;
}

function whitespaceTokens(text: string): string[] {
  return text.split(/\s+/u).filter((token) => token.length > 0);
}

/** Counts of the n-grams of `tokens`, keyed by the tokens joined with U+0000. */
function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index + n <= tokens.length; index += 1) {
    const key = tokens.slice(index, index + n).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Sum over n-grams of min(candidate count, reference count): clipped matches. */
function clippedOverlap(candidate: Map<string, number>, reference: Map<string, number>): number {
  let overlap = 0;
  for (const [key, count] of candidate) overlap += Math.min(count, reference.get(key) ?? 0);
  return overlap;
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

/**
 * NLTK `sentence_bleu([reference], candidate)` with default weights, whitespace tokens.
 *
 * @example
 * ```ts
 * bleu('the cat sat on the mat', 'the cat sat on the mat'); // 1
 * ```
 */
export function bleu(input: string, reference: string, maxOrder = 4): number {
  const candidate = whitespaceTokens(input);
  const ref = whitespaceTokens(reference);
  if (candidate.length === 0) return 0;
  let logSum = 0;
  for (let n = 1; n <= maxOrder; n += 1) {
    const counts = ngramCounts(candidate, n);
    const matches = clippedOverlap(counts, ngramCounts(ref, n));
    // NLTK: no match of some order gives (with smoothing method 0) a score below 1e-70.
    if (matches === 0) return 0;
    logSum += Math.log(matches / total(counts)) / maxOrder;
  }
  const brevity = candidate.length > ref.length ? 1 : Math.exp(1 - ref.length / candidate.length);
  return brevity * Math.exp(logSum);
}

/**
 * NLTK `sentence_gleu([reference], candidate)` (1- to 4-grams), whitespace tokens.
 *
 * @example
 * ```ts
 * gleu('the cat sat', 'the cat sat on the mat'); // min(6/6, 6/18) ≈ 0.333
 * ```
 */
export function gleu(input: string, reference: string, minOrder = 1, maxOrder = 4): number {
  const candidate = whitespaceTokens(input);
  const ref = whitespaceTokens(reference);
  let matches = 0;
  let candidateCount = 0;
  let referenceCount = 0;
  for (let n = minOrder; n <= maxOrder; n += 1) {
    const candidateNgrams = ngramCounts(candidate, n);
    const referenceNgrams = ngramCounts(ref, n);
    matches += clippedOverlap(candidateNgrams, referenceNgrams);
    candidateCount += total(candidateNgrams);
    referenceCount += total(referenceNgrams);
  }
  if (candidateCount === 0 || referenceCount === 0) return 0;
  return Math.min(matches / candidateCount, matches / referenceCount);
}

/**
 * NLTK's `_match_enums`: candidate words from the last, each to the last unmatched equal reference
 * word. Returns the `[candidate index, reference index]` pairs and removes the matched words from
 * both lists.
 */
function matchWords(
  candidate: { word: string; index: number }[],
  reference: { word: string; index: number }[],
): [number, number][] {
  const matches: [number, number][] = [];
  for (let i = candidate.length - 1; i >= 0; i -= 1) {
    for (let j = reference.length - 1; j >= 0; j -= 1) {
      const hypothesis = candidate[i] as { word: string; index: number };
      const target = reference[j] as { word: string; index: number };
      if (hypothesis.word === target.word) {
        matches.push([hypothesis.index, target.index]);
        candidate.splice(i, 1);
        reference.splice(j, 1);
        break;
      }
    }
  }
  return matches;
}

/**
 * NLTK `meteor_score([reference], candidate)`: exact and Porter-stem stages (see the module comment).
 *
 * @example
 * ```ts
 * meteor('the cat sat on the mat', 'on the mat sat the cat'); // 0.5 (P = R = 1, 6 chunks of 6 matches)
 * ```
 */
export function meteor(input: string, reference: string): number {
  const candidate = whitespaceTokens(input.toLowerCase()).map((word, index) => ({ word, index }));
  const ref = whitespaceTokens(reference.toLowerCase()).map((word, index) => ({ word, index }));
  const candidateLength = candidate.length;
  const referenceLength = ref.length;
  // Stage 1, exact words; stage 2, Porter stems of the words left (NLTK's _enum_align_words).
  const matches = matchWords(candidate, ref);
  const stemmed = (words: { word: string; index: number }[]) =>
    words.map(({ word, index }) => ({ word: porterStem(word), index }));
  matches.push(...matchWords(stemmed(candidate), stemmed(ref)));
  if (matches.length === 0 || candidateLength === 0 || referenceLength === 0) return 0;
  matches.sort((left, right) => left[0] - right[0]);
  let chunks = 1;
  for (let index = 0; index + 1 < matches.length; index += 1) {
    const [hyp, refIndex] = matches[index] as [number, number];
    const [nextHyp, nextRef] = matches[index + 1] as [number, number];
    if (!(nextHyp === hyp + 1 && nextRef === refIndex + 1)) chunks += 1;
  }
  const precision = matches.length / candidateLength;
  const recall = matches.length / referenceLength;
  const fmean = (precision * recall) / (0.9 * precision + 0.1 * recall);
  const penalty = 0.5 * (chunks / matches.length) ** 3;
  return (1 - penalty) * fmean;
}

/** rouge-score's default tokenizer: lower-case, non-`[a-z0-9]` runs become spaces, split. */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((token) => token.length > 0);
}

function fMeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/**
 * rouge-score's ROUGE-N F-measure.
 *
 * @example
 * ```ts
 * rougeN('the cat was found under the bed', 'the cat was under the bed', 1); // 12/13 ≈ 0.923
 * ```
 */
export function rougeN(input: string, reference: string, n: number): number {
  const candidate = ngramCounts(rougeTokens(input), n);
  const target = ngramCounts(rougeTokens(reference), n);
  const overlap = clippedOverlap(candidate, target);
  return fMeasure(overlap / Math.max(total(candidate), 1), overlap / Math.max(total(target), 1));
}

/**
 * rouge-score's ROUGE-L F-measure (longest common subsequence of tokens).
 *
 * @example
 * ```ts
 * rougeL('the cat was found under the bed', 'the cat was under the bed'); // 12/13 ≈ 0.923
 * ```
 */
export function rougeL(input: string, reference: string): number {
  const candidate = rougeTokens(input);
  const target = rougeTokens(reference);
  if (candidate.length === 0 || target.length === 0) return 0;
  const lcs = lcsLength(candidate, target);
  return fMeasure(lcs / candidate.length, lcs / target.length);
}

/**
 * The cosine of two vectors.
 *
 * @returns A value in -1..1; 0 when either vector is all zeros.
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a[index] as number;
    const y = b[index] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** The metrics that need no embeddings model. */
export type LocalTextSimilarityMetric = Exclude<TextSimilarityMetric, 'cosine'>;

/**
 * Scores two texts with a metric that needs no model.
 *
 * @param input - The candidate (the rendered `input`).
 * @param reference - The rendered `reference`.
 * @param metric - Any metric but `cosine`.
 * @returns The score, 0..1.
 */
export function textSimilarity(input: string, reference: string, metric: LocalTextSimilarityMetric): number {
  switch (metric) {
    case 'fuzzy_match':
      return fuzzyMatch(input, reference);
    case 'bleu':
      return bleu(input, reference);
    case 'gleu':
      return gleu(input, reference);
    case 'meteor':
      return meteor(input, reference);
    case 'rouge_l':
      return rougeL(input, reference);
    default:
      return rougeN(input, reference, Number(metric.slice('rouge_'.length)));
  }
}
