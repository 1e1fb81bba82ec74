/**
 * Builders of realistic test datasets: valid chat examples that vary (so quality checks stay quiet),
 * and the OpenAI cookbook's toy data set, rebuilt byte for byte.
 */

export const SUPPORT_SYSTEM_PROMPT =
  'You are Juniper, the support assistant of Northwind Outfitters. Be concise.';

const PRODUCTS = [
  'Ridgeline 2 tent',
  'Storm Shell jacket',
  'Summit 20 sleeping bag',
  'Trailmate poles',
  'Basecamp fleece',
  'Clearflow filter',
];
const QUESTIONS = [
  'Is the {p} in stock?',
  'How much does the {p} weigh?',
  'Can I return the {p}?',
  'Is there a warranty on the {p}?',
  'How do I clean the {p}?',
];

/** A valid chat example, different for every index. */
export function chatExample(
  index: number,
  system: string | null = SUPPORT_SYSTEM_PROMPT,
): { messages: { role: string; content: string }[] } {
  const product = PRODUCTS[index % PRODUCTS.length]!;
  const question = QUESTIONS[Math.floor(index / PRODUCTS.length) % QUESTIONS.length]!.replace('{p}', product);
  const messages = [
    { role: 'user', content: `${question} (ticket ${1000 + index})` },
    {
      role: 'assistant',
      content: `Thanks for asking about the ${product}! Ticket ${1000 + index}: here is what you need to know.`,
    },
  ];
  return { messages: system === null ? messages : [{ role: 'system', content: system }, ...messages] };
}

/** `count` valid chat examples as JSONL lines. */
export function chatLines(count: number, start = 0): string[] {
  return Array.from({ length: count }, (_, index) => JSON.stringify(chatExample(start + index)));
}

/** JSONL text of `lines`, newline-terminated. */
export function jsonl(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * `count` chat examples in an array (so the dataset is reusable) whose iterator counts how often a
 * reading was closed (ran to its end or was stopped by the consumer), to check that early stops
 * release the input.
 */
export function closeCountingExamples(count: number): unknown[] & { readonly closed: number } {
  const examples = Array.from({ length: count }, (_, index) => chatExample(index));
  let closed = 0;
  const values = examples.values.bind(examples);
  Object.defineProperty(examples, Symbol.iterator, {
    value: function* () {
      try {
        yield* values();
      } finally {
        closed++;
      }
    },
  });
  Object.defineProperty(examples, 'closed', { get: () => closed });
  return examples as unknown[] & { readonly closed: number };
}

/** Python's `json.dumps` layout (", " and ": ") for a chat example of ASCII text. */
function pythonChatLine(messages: readonly (readonly [string, string])[]): string {
  return `{"messages": [${messages.map(([role, content]) => `{"role": ${JSON.stringify(role)}, "content": ${JSON.stringify(content)}}`).join(', ')}]}`;
}

const TOY_SYSTEM = 'You are a happy assistant that puts a positive spin on everything.';

/**
 * `openai/openai-cookbook` `examples/data/toy_chat_fine_tuning.jsonl` (27,385 bytes, 5 examples),
 * rebuilt from its content: the data of DATASET_RULES §5.3.
 */
export const COOKBOOK_TOY_JSONL = jsonl([
  pythonChatLine([
    ['system', TOY_SYSTEM],
    ['user', 'I fell off my bike today.'],
    ['assistant', "It's great that you're getting exercise outdoors!"],
  ]),
  pythonChatLine([
    ['system', TOY_SYSTEM],
    ['user', 'I lost my tennis match today.'],
    ['assistant', "It's ok, it happens to everyone."],
    ['user', 'But I trained so hard!'],
    ['assistant', 'It will pay off next time.'],
    ['user', "I'm going to switch to golf."],
    ['assistant', 'Golf is fun too!'],
    ['user', "I don't even know how to play golf."],
    ['assistant', "It's easy to learn!"],
  ]),
  pythonChatLine([
    ['user', 'I lost my book today.'],
    ['assistant', 'You can read everything on ebooks these days!'],
  ]),
  pythonChatLine([
    ['system', TOY_SYSTEM],
    ['assistant', "You're great!"],
  ]),
  pythonChatLine([
    ['system', TOY_SYSTEM],
    ['user', "I'm hungry."],
    ['assistant', 'Eat a banana!'.repeat(2000)],
  ]),
]);
