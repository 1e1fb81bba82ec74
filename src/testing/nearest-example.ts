/**
 * How a simulated fine-tuned model "answers": it finds the training example whose prompt is
 * closest to the request (cosine similarity of TF-IDF word vectors) and replies with that example's
 * assistant answer. Enough for a demo to show that the model learned its data, and deterministic.
 *
 * @module
 */

/** A function call an assistant answer makes. */
export interface AnswerToolCall {
  readonly name: string;
  /** The arguments, as the JSON text of the example. */
  readonly arguments: string;
}

/** One training example reduced to what answering needs. */
export interface PromptAnswerPair {
  /** The text of the user messages before the answer. */
  readonly prompt: string;
  /** The final assistant answer (empty when the answer is only tool calls). */
  readonly answer: string;
  /** The tool calls of the final assistant answer, when it makes some. */
  readonly toolCalls?: readonly AnswerToolCall[];
}

type Message = { role?: unknown; content?: unknown; tool_calls?: unknown };

/** The function calls of an assistant message (`tool_calls`), or an empty list. */
function toolCallsOf(message: Message | undefined): AnswerToolCall[] {
  if (!Array.isArray(message?.tool_calls)) return [];
  const calls: AnswerToolCall[] = [];
  for (const call of message.tool_calls as unknown[]) {
    const fn =
      typeof call === 'object' && call !== null ? (call as { function?: unknown }).function : undefined;
    if (typeof fn !== 'object' || fn === null) continue;
    const { name, arguments: args } = fn as { name?: unknown; arguments?: unknown };
    if (typeof name !== 'string' || name === '') continue;
    calls.push({ name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) });
  }
  return calls;
}

/** The text of a message `content`: a string, or the text parts of an array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'object' && part !== null && typeof part.text === 'string' ? part.text : '',
      )
      .filter((text) => text !== '')
      .join('\n');
  }
  return '';
}

function pairOf(messages: unknown, answerOverride?: unknown): PromptAnswerPair | null {
  if (!Array.isArray(messages)) return null;
  const list = messages as Message[];
  let answerIndex = -1;
  if (answerOverride === undefined) {
    for (let index = list.length - 1; index >= 0; index--) {
      const message = list[index];
      if (
        message?.role === 'assistant' &&
        (contentText(message.content) !== '' || toolCallsOf(message).length > 0)
      ) {
        answerIndex = index;
        break;
      }
    }
    if (answerIndex === -1) return null;
  }
  const before = answerOverride === undefined ? list.slice(0, answerIndex) : list;
  const prompt = before
    .filter((message) => message?.role === 'user')
    .map((message) => contentText(message.content))
    .join('\n');
  if (answerOverride !== undefined) {
    const answer = contentText(answerOverride);
    return answer === '' ? null : { prompt, answer };
  }
  const answer = contentText(list[answerIndex]?.content);
  const toolCalls = toolCallsOf(list[answerIndex]);
  return toolCalls.length > 0 ? { prompt, answer, toolCalls } : { prompt, answer };
}

/** The first grader field of a reinforcement example that reads as an answer (a string or a number). */
function referenceAnswer(example: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(example)) {
    if (key === 'messages' || key === 'tools') continue;
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/**
 * Reads prompt/answer pairs from JSONL training data: chat (`messages`), reinforcement (`messages`
 * and a reference field), preference (`input.messages` + `preferred_output`) and prompt/completion
 * lines. Lines that do not parse are skipped: the file already passed validation, and answering
 * must never fail.
 *
 * @param source - The training file's text, or its lines.
 */
export function extractPromptAnswerPairs(source: string | Iterable<string>): PromptAnswerPair[] {
  const pairs: PromptAnswerPair[] = [];
  for (const line of typeof source === 'string' ? source.split('\n') : source) {
    if (line.trim() === '') continue;
    let example: unknown;
    try {
      example = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof example !== 'object' || example === null) continue;
    const record = example as Record<string, unknown>;
    let pair: PromptAnswerPair | null = null;
    if (Array.isArray(record.messages)) {
      pair = pairOf(record.messages);
      // Reinforcement data has no assistant answer: the reference the grader compares with (the first
      // field besides `messages` and `tools`, e.g. `reference_answer`) is what the model learned to say.
      pair ??= pairOf(record.messages, referenceAnswer(record) ?? '');
    } else if (
      typeof record.input === 'object' &&
      record.input !== null &&
      Array.isArray(record.preferred_output)
    ) {
      const preferred = (record.preferred_output as Message[]).find(
        (message) => message?.role === 'assistant',
      );
      pair = pairOf((record.input as { messages?: unknown }).messages, preferred?.content ?? '');
    } else if (typeof record.prompt === 'string' && typeof record.completion === 'string') {
      pair = { prompt: record.prompt, answer: record.completion };
    }
    if (pair) pairs.push(pair);
  }
  return pairs;
}

/**
 * A light English stemmer: plural and inflected forms match their base ("discounts" ~ "discount",
 * "shipping" ~ "ship", "ordered" ~ "order", "changing" ~ "changes", "charged" ~ "charges",
 * "applied" ~ "apply"). Enough for the simulator's nearest-question lookup.
 */
function stem(word: string): string {
  if (word.length > 4 && /ie[sd]$/.test(word)) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed']) {
    if (word.length > suffix.length + 3 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length);
      // "shipping" → "shipp" → "ship": undo the doubled consonant.
      return base.length > 3 && base.at(-1) === base.at(-2) && !/[aeiou]/.test(base.at(-1) ?? '')
        ? base.slice(0, -1)
        : base;
    }
  }
  const singular = word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  // "charge" → "charg", as "charged" → "charg" above: a silent final e is what -ing and -ed drop.
  return singular.length > 3 && singular.endsWith('e') && !singular.endsWith('ee')
    ? singular.slice(0, -1)
    : singular;
}

/**
 * Words that carry no topic. Questions share them ("do you offer …"), so without this list the
 * shape of a question would outweigh its subject.
 */
const STOP_WORDS = new Set(
  "a an and are can could do does for from get have help how i i'm is it know like me my need of offer on or our please tell that the there this to want was we what when where which will with would you your".split(
    ' ',
  ),
);

const words = (text: string) =>
  (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [])
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word !== '' && !STOP_WORDS.has(word))
    .map(stem);

/**
 * A prompt reduced to what makes two prompts "the same": lower case, words only, single spaces
 * ("Do you offer free shipping?" = "do you offer free shipping").
 */
export function normalizePrompt(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).join(' ');
}

/**
 * The topic words of a text in their written form (stop words dropped, not stemmed), e.g. for a
 * generic answer that names the subject: "Do you ship to Canada?" → `['ship', 'canada']`.
 */
export function topicWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter(
    (word) => !STOP_WORDS.has(word) && word.length > 1,
  );
}

/** Weight of an answer word against a prompt word in an example's vector. */
const ANSWER_WEIGHT = 0.35;

/** A searchable set of prompt/answer pairs. */
export class NearestExampleIndex {
  readonly #pairs: readonly PromptAnswerPair[];
  /** Normalised prompt → first example with it: an exact training prompt always finds its own answer. */
  readonly #exact = new Map<string, number>();
  readonly #vectors: Map<string, number>[];
  readonly #norms: number[];
  readonly #idf = new Map<string, number>();

  /** @param pairs - The examples to answer from. */
  constructor(pairs: readonly PromptAnswerPair[]) {
    this.#pairs = pairs;
    pairs.forEach((pair, index) => {
      const key = normalizePrompt(pair.prompt);
      if (!this.#exact.has(key)) this.#exact.set(key, index);
    });
    const counts = pairs.map((pair) => {
      const frequencies = new Map<string, number>();
      for (const word of words(pair.prompt)) frequencies.set(word, (frequencies.get(word) ?? 0) + 1);
      // The answer's words count a little: a question the data does not ask ("free shipping?") then
      // finds the example whose answer talks about it, rather than any prompt sharing one word.
      for (const word of words(pair.answer))
        frequencies.set(word, (frequencies.get(word) ?? 0) + ANSWER_WEIGHT);
      return frequencies;
    });
    const documentFrequency = new Map<string, number>();
    for (const frequencies of counts) {
      for (const word of frequencies.keys())
        documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    }
    for (const [word, count] of documentFrequency)
      this.#idf.set(word, Math.log((1 + pairs.length) / (1 + count)) + 1);
    this.#vectors = counts.map((frequencies) => this.#weigh(frequencies));
    this.#norms = this.#vectors.map(norm);
  }

  #weigh(frequencies: Map<string, number>): Map<string, number> {
    const vector = new Map<string, number>();
    for (const [word, count] of frequencies) vector.set(word, count * (this.#idf.get(word) ?? 1));
    return vector;
  }

  /** Number of examples. */
  get size(): number {
    return this.#pairs.length;
  }

  /** The example at `index` (0 ≤ index < size). */
  at(index: number): PromptAnswerPair | undefined {
    return this.#pairs[index];
  }

  /**
   * The example closest to `prompt`: the first example with the same normalised prompt when there
   * is one (score 1), otherwise the best TF-IDF cosine; ties go to the earlier example.
   *
   * @returns The pair, its index and its cosine similarity (0–1), or `null` when there are no examples.
   */
  nearest(prompt: string): { pair: PromptAnswerPair; index: number; score: number } | null {
    const exact = this.#exact.get(normalizePrompt(prompt));
    const exactPair = exact === undefined ? undefined : this.#pairs[exact];
    if (exact !== undefined && exactPair) return { pair: exactPair, index: exact, score: 1 };
    const frequencies = new Map<string, number>();
    for (const word of words(prompt)) frequencies.set(word, (frequencies.get(word) ?? 0) + 1);
    const query = this.#weigh(frequencies);
    const queryNorm = norm(query);
    let best = -1;
    let bestScore = -1;
    this.#vectors.forEach((vector, index) => {
      let dot = 0;
      for (const [word, weight] of query) dot += weight * (vector.get(word) ?? 0);
      const denominator = queryNorm * (this.#norms[index] ?? 0);
      const score = denominator === 0 ? 0 : dot / denominator;
      if (score > bestScore) {
        best = index;
        bestScore = score;
      }
    });
    const pair = this.#pairs[best];
    return pair ? { pair, index: best, score: Math.max(0, bestScore) } : null;
  }
}

function norm(vector: Map<string, number>): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}
