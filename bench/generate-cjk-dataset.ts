/**
 * Generates chat fine-tuning JSONL in Korean, Japanese and Chinese for the benchmarks, and the
 * worst cases for every cache (random Hangul syllables, random Han characters, random Cyrillic
 * words). Deterministic for a seed and a set of catalogues.
 *
 * Realistic data: a "support assistant" for a Linux system. The user quotes a message and asks; the
 * assistant answers with several translated messages, a command and connecting sentences. The
 * sentences are the translations Debian ships for its base packages (coreutils, dpkg, apt, bash, tar,
 * grep, sed, findutils, diffutils; GPL/LGPL, `/usr/share/locale/<language>/LC_MESSAGES/*.mo`, read
 * by `bench/mo-catalog.ts`): real prose with Latin options, file names and numbers mixed in, with
 * `printf` directives filled with realistic values.
 *
 * Run: `npx tsx bench/generate-cjk-dataset.ts <out.jsonl> <ko|ja|zh|random-hangul|random-han|random-cyrillic> <megabytes> [seed]`.
 */

import { createRandom } from '../src/internal/seeded-random.js';
import { writeExamples } from './generate-dataset.js';
import { loadCatalogues } from './mo-catalog.js';

/** The data sets this module generates. */
export const CJK_DATASETS = Object.freeze([
  'ko',
  'ja',
  'zh',
  'random-hangul',
  'random-han',
  'random-cyrillic',
] as const);

/** One of {@link CJK_DATASETS}. */
export type CjkDataset = (typeof CJK_DATASETS)[number];

/** Thrown when the message catalogues of a language are not installed. */
export class MissingCataloguesError extends Error {
  constructor(language: string) {
    super(
      `no message catalogues for "${language}" under /usr/share/locale/${language}/LC_MESSAGES/: ` +
        'install the Debian package coreutils (Essential; also dpkg, apt, bash, tar, grep, sed, findutils, ' +
        'diffutils) and check that dpkg does not exclude /usr/share/locale (/etc/dpkg/dpkg.cfg.d/).',
    );
    this.name = 'MissingCataloguesError';
  }
}

interface LanguageTemplates {
  readonly locale: string;
  readonly systems: readonly string[];
  /** `{message}` and `{command}` are replaced. */
  readonly questions: readonly string[];
  readonly openings: readonly string[];
  readonly links: readonly string[];
  readonly closings: readonly string[];
  /** Joins sentences (Japanese and Chinese write none between them). */
  readonly joiner: string;
}

const TEMPLATES: Record<'ko' | 'ja' | 'zh', LanguageTemplates> = {
  ko: {
    locale: 'ko',
    systems: [
      '당신은 리눅스 서버 운영을 돕는 친절한 고객 지원 어시스턴트입니다. 정확하고 간결하게 답하세요.',
      '당신은 Debian 패키지 관리 전문가입니다. 명령어 예시와 함께 한국어로 설명하세요.',
      '사용자의 오류 메시지를 분석하고 해결 방법을 단계별로 안내하는 기술 지원 챗봇입니다.',
    ],
    questions: [
      '안녕하세요. `{command}` 명령을 실행했더니 "{message}"라는 메시지가 나옵니다. 무슨 뜻인가요?',
      '서버에서 다음 오류가 계속 발생합니다: {message} 어떻게 해결하면 좋을까요?',
      '`{command}`를 쓰려고 하는데 옵션이 헷갈립니다. "{message}" 부분을 자세히 설명해 주실 수 있나요?',
      '배포 스크립트가 실패했습니다. 로그 마지막 줄은 "{message}"입니다. 원인이 뭘까요?',
    ],
    openings: [
      '문의해 주셔서 감사합니다. 해당 메시지는 다음과 같은 의미입니다.',
      '좋은 질문입니다. 먼저 메시지의 내용을 확인해 보겠습니다.',
      '불편을 드려 죄송합니다. 아래 내용을 순서대로 확인해 주세요.',
    ],
    links: [
      '또한 다음 메시지가 함께 나올 수 있습니다.',
      '매뉴얼에는 이렇게 설명되어 있습니다.',
      '이 경우 다음 명령으로 상태를 확인할 수 있습니다.',
      '참고로 관련 옵션의 설명은 다음과 같습니다.',
    ],
    closings: [
      '그래도 문제가 해결되지 않으면 전체 로그를 보내 주세요.',
      '추가로 궁금한 점이 있으면 언제든지 문의해 주세요.',
      '작업 전에 반드시 설정 파일을 백업해 두시기 바랍니다.',
    ],
    joiner: ' ',
  },
  ja: {
    locale: 'ja',
    systems: [
      'あなたはLinuxサーバーの運用を支援するサポートアシスタントです。丁寧かつ簡潔に回答してください。',
      'あなたはDebianのパッケージ管理の専門家です。コマンド例を添えて日本語で説明してください。',
      'ユーザーのエラーメッセージを分析し、解決手順を案内する技術サポートのチャットボットです。',
    ],
    questions: [
      'こんにちは。`{command}` を実行すると「{message}」と表示されます。どういう意味でしょうか？',
      'サーバーで次のエラーが繰り返し発生しています：{message} どうすれば解決できますか？',
      '`{command}` のオプションがよく分かりません。「{message}」の部分を詳しく教えてください。',
      'デプロイ用のスクリプトが失敗しました。ログの最後の行は「{message}」です。原因は何でしょうか？',
    ],
    openings: [
      'お問い合わせいただきありがとうございます。このメッセージの意味は次のとおりです。',
      'ご質問ありがとうございます。まずメッセージの内容を確認しましょう。',
      'ご不便をおかけして申し訳ございません。以下を順番にご確認ください。',
    ],
    links: [
      'また、次のメッセージが同時に表示されることがあります。',
      'マニュアルには次のように説明されています。',
      'この場合、次のコマンドで状態を確認できます。',
      '参考までに、関連するオプションの説明は次のとおりです。',
    ],
    closings: [
      'それでも解決しない場合は、ログ全体をお送りください。',
      'ほかにご不明な点がございましたら、お気軽にお問い合わせください。',
      '作業の前に必ず設定ファイルをバックアップしてください。',
    ],
    joiner: '',
  },
  zh: {
    locale: 'zh_CN',
    systems: [
      '你是一名帮助运维 Linux 服务器的客服助手。请准确、简洁地回答。',
      '你是 Debian 软件包管理专家。请用中文并附上命令示例进行说明。',
      '你是一个分析用户错误信息并逐步给出解决方法的技术支持聊天机器人。',
    ],
    questions: [
      '你好。我运行 `{command}` 时出现了“{message}”这条信息。这是什么意思？',
      '服务器上反复出现下面的错误：{message} 应该怎么解决？',
      '我不太明白 `{command}` 的选项。能详细解释一下“{message}”这部分吗？',
      '部署脚本失败了，日志最后一行是“{message}”。可能是什么原因？',
    ],
    openings: [
      '感谢您的咨询。这条信息的含义如下。',
      '好问题。我们先来看一下信息的内容。',
      '很抱歉给您带来不便。请按顺序检查以下内容。',
    ],
    links: [
      '此外，可能还会同时出现下面的信息。',
      '手册中是这样说明的。',
      '这种情况下，可以用下面的命令检查状态。',
      '供参考，相关选项的说明如下。',
    ],
    closings: [
      '如果问题仍未解决，请把完整的日志发给我们。',
      '如有其他问题，请随时联系我们。',
      '操作之前请务必备份配置文件。',
    ],
    joiner: '',
  },
};

const COMMANDS = [
  'sudo apt-get install -y nginx',
  'apt update && apt upgrade',
  'dpkg -l | grep libssl3',
  'sudo dpkg --configure -a',
  'tar -xzf backup-2024-03-15.tar.gz -C /srv/data',
  'grep -rn "ERROR" /var/log/syslog',
  "sed -i 's/listen 80/listen 8080/' /etc/nginx/sites-available/default",
  'find /home -name "*.log" -mtime +30 -delete',
  'cp -a /etc/ssh/sshd_config /etc/ssh/sshd_config.bak',
  'ls -lh --time-style=long-iso /var/lib/postgresql/15/main',
  'diff -u config.yaml config.yaml.orig',
  'sort -k2,2n -t, sales-2023.csv | uniq -c',
  'du -sh /var/cache/apt/archives',
  'chmod 640 /etc/app/secrets.env',
];
const FILES = [
  '/etc/nginx/nginx.conf',
  '/var/log/syslog',
  'backup-2024-03-15.tar.gz',
  '/home/minji/projects/app/config.yaml',
  'data/train_v2.jsonl',
  '/usr/lib/x86_64-linux-gnu/libssl.so.3',
  'README.md',
  '/var/lib/dpkg/status',
];
const PACKAGES = ['nginx', 'postgresql-15', 'libssl3', 'python3-pip', 'openssh-server', 'git', 'curl'];

/** Fills `printf` directives (`%s`, `%2$s`, `%.250s`, `%lu`, `%%`, …) with realistic values. */
function fillDirectives(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return text.replace(
    /%(\d+\$)?[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|j|z|t|L|q)?([diouxXeEfgGcsp%])/g,
    (_match, _position, _width, _precision, _digits, _length, kind: string) => {
      switch (kind) {
        case '%':
          return '%';
        case 's':
          return random() < 0.5
            ? pick(FILES)
            : random() < 0.5
              ? pick(PACKAGES)
              : `'${pick(COMMANDS).split(' ')[0]}'`;
        case 'c':
          return pick(['x', '-', 'k', '/']);
        case 'p':
        case 'x':
        case 'X':
          return `0x${Math.floor(random() * 0xffffff).toString(16)}`;
        case 'e':
        case 'E':
        case 'f':
        case 'g':
        case 'G':
          return (random() * 1000).toFixed(2);
        default:
          return String(Math.floor(random() * (random() < 0.7 ? 100 : 1_000_000)));
      }
    },
  );
}

/** Builds one realistic example per call, in `language`. */
export function cjkExampleGenerator(language: 'ko' | 'ja' | 'zh', seed: number): () => unknown {
  const templates = TEMPLATES[language];
  const catalogues = loadCatalogues(templates.locale);
  const translations = catalogues.messages.flatMap((message) => message.translations);
  if (translations.length === 0) throw new MissingCataloguesError(templates.locale);
  // Short ones for quoting in a question; any for answers (help texts run to many lines).
  const short = translations.filter((text) => text.length >= 8 && text.length <= 120 && !text.includes('\n'));
  const long = translations.filter((text) => text.length >= 20);
  const generator = createRandom(seed);
  const random = () => generator.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const message = (pool: readonly string[]) => fillDirectives(pick(pool), random).trim();
  const answer = () => {
    const parts = [pick(templates.openings), message(long)];
    const more = 1 + Math.floor(random() * 4);
    for (let index = 0; index < more; index++) {
      parts.push(pick(templates.links));
      parts.push(random() < 0.3 ? `\`\`\`sh\n${pick(COMMANDS)}\n\`\`\`` : message(long));
    }
    parts.push(pick(templates.closings));
    return parts.join(random() < 0.5 ? '\n\n' : templates.joiner);
  };
  return () => {
    const messages: Record<string, unknown>[] = [{ role: 'system', content: pick(templates.systems) }];
    const turns = 1 + Math.floor(random() * 3);
    for (let turn = 0; turn < turns; turn++) {
      messages.push({
        role: 'user',
        content: pick(templates.questions)
          .replace('{command}', pick(COMMANDS))
          .replace('{message}', message(short)),
      });
      messages.push({ role: 'assistant', content: answer() });
    }
    return { messages };
  };
}

/** Builds one example of random text per call: no cache of pieces can help. */
export function randomScriptExampleGenerator(
  script: 'random-hangul' | 'random-han' | 'random-cyrillic',
  seed: number,
): () => unknown {
  const generator = createRandom(seed);
  const random = () => generator.next();
  const between = (start: number, span: number) => String.fromCodePoint(start + Math.floor(random() * span));
  const word = (): string => {
    const length = 1 + Math.floor(random() * (script === 'random-han' ? 12 : 6));
    let text = '';
    for (let index = 0; index < length; index++) {
      if (script === 'random-hangul') text += between(0xac00, 11_172);
      else if (script === 'random-han') text += between(0x4e00, 0x5200);
      else text += index === 0 && random() < 0.2 ? between(0x410, 32) : between(0x430, 32);
    }
    return text;
  };
  const sentence = () => {
    const words = Array.from({ length: 3 + Math.floor(random() * 10) }, word);
    if (script === 'random-han') return `${words.join(random() < 0.7 ? '，' : '、')}。`;
    return `${words.join(' ')}${random() < 0.8 ? '.' : '?'}`;
  };
  const paragraph = (sentences: number) =>
    Array.from({ length: sentences }, sentence).join(script === 'random-han' ? '' : ' ');
  return () => {
    const messages: Record<string, unknown>[] = [{ role: 'system', content: paragraph(1) }];
    const turns = 1 + Math.floor(random() * 3);
    for (let turn = 0; turn < turns; turn++) {
      messages.push({ role: 'user', content: paragraph(1 + Math.floor(random() * 3)) });
      messages.push({ role: 'assistant', content: paragraph(3 + Math.floor(random() * 10)) });
    }
    return { messages };
  };
}

/**
 * Writes a JSONL file of about `megabytes` MB (10^6 bytes) of `dataset`.
 *
 * @returns Bytes and examples written.
 * @throws {MissingCataloguesError} When the language's catalogues are not installed.
 */
export function generateCjkDataset(
  path: string,
  dataset: CjkDataset,
  megabytes: number,
  seed = 1,
): Promise<{ bytes: number; examples: number }> {
  const next =
    dataset === 'ko' || dataset === 'ja' || dataset === 'zh'
      ? cjkExampleGenerator(dataset, seed)
      : randomScriptExampleGenerator(dataset, seed);
  return writeExamples(path, megabytes, next);
}

if (process.argv[1]?.endsWith('generate-cjk-dataset.ts')) {
  const [path, dataset, megabytes, seed] = process.argv.slice(2);
  if (!path || !dataset || !megabytes || !(CJK_DATASETS as readonly string[]).includes(dataset)) {
    console.error(
      `usage: tsx bench/generate-cjk-dataset.ts <out.jsonl> <${CJK_DATASETS.join('|')}> <megabytes> [seed]`,
    );
    process.exit(2);
  }
  const result = await generateCjkDataset(path, dataset as CjkDataset, Number(megabytes), Number(seed ?? 1));
  console.log(`${path}: ${result.bytes} bytes, ${result.examples} examples`);
}
