import { describe, expect, it } from 'vitest';
import {
  bleu,
  cosineSimilarity,
  fuzzyMatch,
  gleu,
  meteor,
  rougeL,
  rougeN,
  rougeTokens,
  textSimilarity,
} from '../../src/graders/text-similarity.js';

// The NLTK documentation's running example (nltk.translate.bleu_score, meteor_score).
const hypothesis =
  'It is a guide to action which ensures that the military always obeys the commands of the party';
const reference = 'It is a guide to action that ensures that the military will forever heed Party commands';

describe('fuzzy_match (rapidfuzz fuzz.ratio / 100)', () => {
  it("gives rapidfuzz's documented example: ratio('this is a test', 'this is a test!') = 96.55", () => {
    expect(fuzzyMatch('this is a test', 'this is a test!')).toBeCloseTo(0.9655172413793103, 12);
  });

  it('is 2·LCS / (|a| + |b|) over characters', () => {
    // LCS('kitten', 'sitting') = 'ittn' (4): 2·4 / 13.
    expect(fuzzyMatch('kitten', 'sitting')).toBeCloseTo(8 / 13, 12);
    expect(fuzzyMatch('', '')).toBe(1);
    expect(fuzzyMatch('abc', '')).toBe(0);
    expect(fuzzyMatch('Paris', 'paris')).toBeCloseTo(8 / 10, 12);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(fuzzyMatch('👍 ok', '👍 ok')).toBe(1);
    expect(fuzzyMatch('👍', '👎')).toBe(0);
  });
});

describe('bleu (NLTK sentence_bleu, default weights)', () => {
  it("gives NLTK's value on its documentation's sentences (one reference)", () => {
    // NLTK 3.8: sentence_bleu([reference.split()], hypothesis.split()) = 0.41180376356915777.
    expect(bleu(hypothesis, reference)).toBeCloseTo(0.41180376356915777, 12);
  });

  it('applies the brevity penalty exp(1 - r/c) to a shorter candidate', () => {
    // 8 of 9 tokens; precisions 8/8, 6/7, 5/6, 4/5 (only n-grams ending in 'the dog' miss): BP = exp(1 - 9/8).
    const expected = Math.exp(1 - 9 / 8) * (1 * (6 / 7) * (5 / 6) * (4 / 5)) ** 0.25;
    expect(
      bleu('the quick brown fox jumps over the dog', 'the quick brown fox jumps over the lazy dog'),
    ).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(0.767279645960659, 12); // NLTK 3.8
  });

  it('is 1 for an exact match and 0 without any 4-gram match (NLTK: below 1e-70)', () => {
    expect(bleu('the cat sat on the mat', 'the cat sat on the mat')).toBe(1);
    expect(bleu('the cat sat', 'the cat sat on the mat')).toBe(0);
    expect(bleu('', 'anything')).toBe(0);
  });
});

describe('gleu (NLTK sentence_gleu, 1- to 4-grams)', () => {
  it("gives NLTK's value on its documentation's sentences", () => {
    expect(gleu(hypothesis, reference)).toBeCloseTo(0.4393939393939394, 12);
  });

  it('is min(matches / candidate n-grams, matches / reference n-grams)', () => {
    // 6 candidate n-grams (3+2+1), all match; the reference has 6+5+4+3 = 18.
    expect(gleu('the cat sat', 'the cat sat on the mat')).toBeCloseTo(6 / 18, 12);
    // Same words reordered: 6 unigrams + 3 bigrams ('the cat', 'on the', 'the mat') + 1 trigram: 10 / 18.
    expect(gleu('the cat sat on the mat', 'on the mat sat the cat')).toBeCloseTo(10 / 18, 12);
  });
});

describe('meteor (NLTK meteor_score: exact and stem matches)', () => {
  it("gives NLTK's documented 0.6944 on its example", () => {
    expect(meteor(hypothesis, reference)).toBeCloseTo(0.6944444444444445, 12);
  });

  it('aligns the words left after exact matches by their Porter stems, as NLTK does', () => {
    // Exact: 'the', 'fast'; stems: cats/cat, running/runs. 4 matches in 2 chunks, P 4/5, R 1.
    const fmean = 0.8 / (0.9 * 0.8 + 0.1);
    expect(meteor('the cats were running fast', 'the cat runs fast')).toBeCloseTo(
      fmean * (1 - 0.5 * (2 / 4) ** 3),
      12,
    );
    expect(meteor('the cats were running fast', 'the cat runs fast')).toBeCloseTo(0.9146341463414633, 12); // NLTK 3.8
  });

  it('penalises fragmentation: the same words in 6 chunks lose half the score', () => {
    // P = R = 1, Fmean = 1; 6 chunks of 6 matches: penalty 0.5 · 1³.
    expect(meteor('the cat sat on the mat', 'on the mat sat the cat')).toBeCloseTo(0.5, 12);
  });

  it('weights recall 9:1, lower-cases, and aligns each word to the last free equal word as NLTK does', () => {
    // 3 of 3 candidate words, 3 of 6 reference words: Fmean = P·R / (0.9P + 0.1R). NLTK aligns from
    // the end: 'sat'→2, 'cat'→1, then 'the'→4 (the last free 'the'), so 2 chunks of 3 matches.
    const fmean = (1 * 0.5) / (0.9 * 1 + 0.1 * 0.5);
    expect(meteor('The Cat sat', 'the cat sat on the mat')).toBeCloseTo(fmean * (1 - 0.5 * (2 / 3) ** 3), 12);
    expect(meteor('The Cat sat', 'the cat sat on the mat')).toBeCloseTo(0.44834307992202727, 12); // NLTK 3.8
    expect(meteor('dog', 'cat')).toBe(0);
  });
});

describe('rouge (Google rouge-score, F-measure, no stemmer)', () => {
  // rouge-score's README: scorer.score(target, prediction) with these two sentences.
  const target = 'The quick brown fox jumps over the lazy dog';
  const prediction = 'The quick brown dog jumps on the log.';

  it("gives the README's rouge1 (P 0.75, R 0.667, F 0.706) and rougeL (F 0.588)", () => {
    expect(rougeN(prediction, target, 1)).toBeCloseTo((2 * 0.75 * (6 / 9)) / (0.75 + 6 / 9), 12);
    expect(rougeN(prediction, target, 1)).toBeCloseTo(0.7058823529411765, 12);
    expect(rougeL(prediction, target)).toBeCloseTo(0.5882352941176471, 12);
  });

  it('counts clipped n-grams for rouge_2 … rouge_5', () => {
    // Bigrams of the prediction (7): 'the quick', 'quick brown' match: P 2/7, R 2/8.
    expect(rougeN(prediction, target, 2)).toBeCloseTo((2 * (2 / 7) * (2 / 8)) / (2 / 7 + 2 / 8), 12);
    // 'the quick brown' is the only common trigram.
    expect(rougeN(prediction, target, 3)).toBeCloseTo((2 * (1 / 6) * (1 / 7)) / (1 / 6 + 1 / 7), 12);
    expect(rougeN(prediction, target, 4)).toBe(0);
    expect(rougeN('a b c d e f', 'a b c d e f', 5)).toBe(1);
  });

  it('tokenises like rouge-score: lower-case, runs of non-[a-z0-9] split, accents dropped', () => {
    expect(rougeTokens("Don't PANIC, it's 42!")).toEqual(['don', 't', 'panic', 'it', 's', '42']);
    expect(rougeTokens('café')).toEqual(['caf']);
  });
});

describe('textSimilarity', () => {
  it('dispatches every local metric', () => {
    const a = 'the cat sat on the mat';
    for (const metric of [
      'fuzzy_match',
      'bleu',
      'gleu',
      'meteor',
      'rouge_1',
      'rouge_2',
      'rouge_3',
      'rouge_4',
      'rouge_5',
      'rouge_l',
    ] as const) {
      // METEOR keeps a fragmentation penalty of 0.5·(1/6)³ even for an exact match (NLTK: 0.99768…).
      expect(textSimilarity(a, a, metric), metric).toBeCloseTo(
        metric === 'meteor' ? 0.9976851851851852 : 1,
        12,
      );
    }
  });

  it('computes the cosine of two vectors', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});
