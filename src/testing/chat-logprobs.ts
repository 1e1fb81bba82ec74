/**
 * Simulated `logprobs` of a chat completion (spec `ChatCompletionTokenLogprob`): one entry per
 * token of the reply, with its text, UTF-8 bytes and a log probability ≤ 0, and `top_logprobs`
 * alternatives sorted from most to least likely with the chosen token first. Probabilities are
 * plausible (most tokens near-certain, some hesitant) and the alternatives' mass never exceeds what
 * the chosen token leaves. Deterministic: drawn from the choice's seeded generator.
 *
 * @module
 */
import type { SeededRandom } from '../internal/seeded-random.js';
import type { ReplyToken } from './chat-token-counter.js';

/** One `top_logprobs` item. */
export interface TopLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly bytes: number[] | null;
}

/** One `logprobs.content` entry. */
export interface TokenLogprob extends TopLogprob {
  readonly top_logprobs: TopLogprob[];
}

/** Tokens a model commonly hesitates towards, as alternatives. */
const COMMON_TOKENS = [
  ' the',
  ',',
  '.',
  ' and',
  ' a',
  ' to',
  ' you',
  ' is',
  ' of',
  ' in',
  ' we',
  ' for',
  ' it',
  ' can',
  ' your',
  ' on',
  ' with',
  ' be',
  ' this',
  ' our',
  ' at',
  ' or',
  ' if',
  ' please',
  ' will',
  '!',
  ' I',
];

const encoder = new TextEncoder();

function alternativesOf(chosen: string, count: number, random: SeededRandom): string[] {
  const trimmed = chosen.trim();
  const variants = [
    trimmed,
    ` ${trimmed}`,
    trimmed.charAt(0).toUpperCase() + trimmed.slice(1),
    trimmed.toLowerCase(),
  ];
  const pool = [...variants];
  const start = Math.floor(random.next() * COMMON_TOKENS.length);
  for (let index = 0; index < COMMON_TOKENS.length; index++)
    pool.push(COMMON_TOKENS[(start + index) % COMMON_TOKENS.length] ?? '');
  const picked: string[] = [];
  for (const token of pool) {
    if (picked.length >= count) break;
    if (token !== '' && token !== chosen && !picked.includes(token)) picked.push(token);
  }
  return picked;
}

/**
 * The `logprobs.content` of a reply.
 *
 * @param tokens - The reply's tokens.
 * @param topLogprobs - Alternatives per position (0–20; the chosen token counts as one).
 * @param random - The choice's generator for log probabilities.
 */
export function tokenLogprobs(
  tokens: readonly ReplyToken[],
  topLogprobs: number,
  random: SeededRandom,
): TokenLogprob[] {
  return tokens.map((token) => {
    // Mostly near-certain tokens, a few hesitant ones: p in [0.4, 1).
    const chosen = 1 - 0.6 * random.next() ** 3;
    const entry: TopLogprob = { token: token.token, logprob: Math.log(chosen), bytes: [...token.bytes] };
    const top: TopLogprob[] = topLogprobs > 0 ? [entry] : [];
    let left = 1 - chosen;
    const alternatives: TopLogprob[] = [];
    for (const alternative of alternativesOf(token.token, topLogprobs - 1, random)) {
      // Each alternative takes at most 60 % of what is left (< 0.36 < the chosen token's 0.4), so the
      // chosen token leads and the probabilities sum below 1.
      const probability = left * (0.3 + 0.3 * random.next());
      left -= probability;
      alternatives.push({
        token: alternative,
        logprob: Math.log(Math.max(probability, Number.MIN_VALUE)),
        bytes: [...encoder.encode(alternative)],
      });
    }
    top.push(...alternatives.sort((first, second) => second.logprob - first.logprob));
    return { ...entry, top_logprobs: top };
  });
}
