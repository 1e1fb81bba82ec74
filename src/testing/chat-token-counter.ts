/**
 * Token counts for simulated chat completions (`usage`): finetune-kit's own exact counter (equal to
 * tiktoken) and the cookbook framing, so the simulator bills what the dataset module estimates. The
 * encoding loads on the first completion, so importing the simulator loads no tokenizer.
 *
 * The counter only counts, so the tokens of a reply (for `max_completion_tokens` cuts, `logprobs`
 * entries and stream deltas) are found from the counts of its prefixes: a token starts where the
 * count of the prefix grows. That reproduces tiktoken's split for ordinary text, and always gives as
 * many pieces as the reply has tokens, so `usage` and the pieces agree.
 *
 * @module
 */
import { countExampleTokens, loadTokenCounter } from '../dataset/tokens/index.js';
import { encodingForModel } from '../models/index.js';

/** One token of a reply: its text and its UTF-8 bytes (a character split over tokens has partial bytes). */
export interface ReplyToken {
  /** The token's text; `bytes:\xNN…` when its bytes are not whole characters (as the API shows them). */
  readonly token: string;
  readonly bytes: readonly number[];
}

/** The token counter of one model. */
export interface ChatTokenCounter {
  /** Tokens of the request messages with the cookbook framing. */
  prompt(messages: readonly { role: string; content: string; name?: string }[]): number;
  /** Tokens of a text. */
  text(text: string): number;
  /** The tokens of a text, in order; as many as {@link ChatTokenCounter.text} counts. */
  tokens(text: string): readonly ReplyToken[];
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function tokenOf(bytes: readonly number[]): ReplyToken {
  try {
    return { token: strictDecoder.decode(new Uint8Array(bytes)), bytes };
  } catch {
    return {
      token: `bytes:${bytes.map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('')}`,
      bytes,
    };
  }
}

/** Splits `bytes` into `parts` nearly equal, non-empty runs (fewer when there are fewer bytes). */
function splitBytes(bytes: readonly number[], parts: number): number[][] {
  const runs: number[][] = [];
  const count = Math.max(1, Math.min(parts, bytes.length));
  let start = 0;
  for (let index = 0; index < count; index++) {
    const end = Math.round(((index + 1) * bytes.length) / count);
    runs.push(bytes.slice(start, end));
    start = end;
  }
  return runs;
}

function splitIntoTokens(count: (text: string) => number, text: string): ReplyToken[] {
  const characters = Array.from(text);
  const total = count(text);
  // pieces[k] is the text of token starts; repeats[k] how many tokens began at that start.
  const pieces: string[] = [];
  const repeats: number[] = [];
  let prefix = '';
  let reached = 0;
  for (const character of characters) {
    prefix += character;
    const now = count(prefix);
    if (now > reached || pieces.length === 0) {
      pieces.push(character);
      repeats.push(Math.max(1, now - reached));
      reached = Math.max(reached, now);
    } else {
      pieces[pieces.length - 1] += character;
    }
  }
  const tokens: ReplyToken[] = [];
  pieces.forEach((piece, index) => {
    for (const run of splitBytes([...encoder.encode(piece)], repeats[index] ?? 1)) tokens.push(tokenOf(run));
  });
  // A prefix can count more than the whole text (a later character merges earlier ones): join the
  // last pieces so that the pieces and the count agree.
  while (tokens.length > Math.max(total, 1) && tokens.length >= 2) {
    const last = tokens.pop() as ReplyToken;
    const before = tokens.pop() as ReplyToken;
    tokens.push(tokenOf([...before.bytes, ...last.bytes]));
  }
  return text === '' ? [] : tokens;
}

// Replies repeat (n choices, checkpoints answering from the same data, evaluations re-run): split
// each text once per encoding. Bounded: cleared when full.
const splitCache = new Map<string, Map<string, readonly ReplyToken[]>>();

/**
 * Counts the tokens of chat messages with the cookbook framing (3 per message plus its role and
 * content, 1 more per `name`, 3 for the reply priming), and of a reply; splits a reply into tokens.
 *
 * @param model - The model name (its encoding is used; o200k_base when unknown).
 */
export async function chatTokenCounter(model: string): Promise<ChatTokenCounter> {
  const encoding = encodingForModel(model) ?? 'o200k_base';
  const counter = await loadTokenCounter(encoding);
  const count = (text: string) => counter.count(text);
  let cache = splitCache.get(encoding);
  if (!cache) {
    cache = new Map();
    splitCache.set(encoding, cache);
  }
  return {
    prompt(messages) {
      return countExampleTokens({ messages }, { counter, framing: { countToolDefinitions: false } });
    },
    text: count,
    tokens(text) {
      let tokens = cache.get(text);
      if (!tokens) {
        tokens = splitIntoTokens(count, text);
        if (cache.size >= 512) cache.clear();
        cache.set(text, tokens);
      }
      return tokens;
    },
  };
}
