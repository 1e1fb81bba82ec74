import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixCommand } from '../../../src/cli/commands/fix.js';
import { FIX_FLAGS } from '../../../src/cli/render/issue-remedy.js';
import type { DatasetReportData } from '../../../src/dataset/index.js';
import { runCliInProcess } from '../helpers/run-cli-in-process.js';
import { runCliProcess } from '../helpers/run-cli-process.js';

describe('finetune-kit validate (spawned)', () => {
  it('reports a valid file with tokens and the estimate, and exits 0', async () => {
    const run = await runCliProcess(['validate', 'examples/data/chat-support.jsonl']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Training file: examples/data/chat-support.jsonl  ✓ valid');
    expect(run.stdout).toMatch(/data +chat · 60 examples · 60 lines/);
    expect(run.stdout).toContain(
      'model   gpt-4o-mini-2024-07-18 (o200k_base, up to 65,536 tokens per example)',
    );
    expect(run.stdout).toMatch(
      /Tokens per example \(o200k_base\)\n +min +p5 +median +mean +p95 +max\n +tokens +\d+/,
    );
    expect(run.stdout).toMatch(/epochs +3 \(n_epochs "auto"/);
    expect(run.stdout).toMatch(/cost +\$\d+\.\d{2} at \$3 per 1M training tokens/);
    // No colour in a pipe.
    expect(run.stdout).not.toContain('\u001B[');
  });

  it('lists the issues of a broken file by code with line numbers, and exits 1; --json is the report', async () => {
    const [human, json] = await Promise.all([
      runCliProcess(['validate', 'examples/data/broken.jsonl', '--max-issues', '1']),
      runCliProcess(['validate', 'examples/data/broken.jsonl', '--json']),
    ]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/✗ \d+ errors/);
    expect(human.stdout).toContain('Errors\n');
    expect(human.stdout).toContain('  invalid_json ×1\n    Line 3 is not valid JSON');
    expect(human.stdout).toMatch(
      / {2}invalid_role ×2\n {4}line 6: messages\[1\]\.role: unrecognized role 'bot'.*\n {4}… and 1 more \(see --json\)/,
    );

    expect(json.code).toBe(1);
    const report = json.json<DatasetReportData>();
    expect(report.ok).toBe(false);
    expect(report.countsByCode.invalid_json).toBe(1);
    expect(report.issues.find((issue) => issue.code === 'invalid_json')).toMatchObject({
      line: 3,
      severity: 'error',
      details: { column: 177 },
    });
    // Every issue has a details object, `{}` for a code without details.
    expect(report.issues.find((issue) => issue.code === 'invalid_weight')?.details).toEqual({ weight: 2 });
    expect(report.issues.filter((issue) => typeof issue.details !== 'object')).toEqual([]);
    expect(report.estimate.epochs).toBeGreaterThan(0);
    // --json keeps stdout pure JSON: nothing else is written there.
    expect(json.stdout.trim().startsWith('{')).toBe(true);
  });

  it('checks a validation file too, with its own section', async () => {
    const run = await runCliProcess([
      'validate',
      'examples/data/chat-support.jsonl',
      '--validation-file',
      'examples/data/chat-support-validation.jsonl',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = run.json<DatasetReportData>();
    expect(report.validation?.examples).toBe(12);
    expect(report.validation?.ok).toBe(true);
  });
});

describe('finetune-kit validate (in-process)', () => {
  it('exits 2 with a clear line on usage errors', async () => {
    const missing = await runCliInProcess(['validate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'Error: Missing argument <file>: the training file (.jsonl), or - for standard input.\nRun `finetune-kit validate --help` for usage.\n',
    );
    const model = await runCliInProcess(['validate', 'examples/data/chat-support.jsonl', '--model', 'gpt-9']);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain(
      'Error: Unknown model "gpt-9".\nKnown models: gpt-4o-mini, gpt-4o, gpt-4.1, gpt-4.1-mini,',
    );
    const method = await runCliInProcess(['validate', 'examples/data/chat-support.jsonl', '--method', 'sft']);
    expect(method.code).toBe(2);
    expect(method.stderr).toContain('--method must be one of supervised, dpo, reinforcement (got "sft").');
    const epochs = await runCliInProcess([
      'validate',
      'examples/data/chat-support.jsonl',
      '--n-epochs',
      '99',
    ]);
    expect(epochs.stderr).toContain('--n-epochs must be an integer from 1 to 50 or "auto" (got 99).');
    const unknown = await runCliInProcess(['validate', 'x.jsonl', '--modle', 'gpt-4o']);
    expect(unknown.stderr).toContain('Unknown option --modle for "validate". Did you mean --model?');
    expect(unknown.stdout).toBe('');
  });

  it('answers a directory, a CSV file or a mistyped model with one line and exit 2, not a report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'finetune-kit-input-'));
    try {
      const directory = await runCliInProcess(['validate', dir]);
      expect(directory.code).toBe(2);
      expect(directory.stdout).toBe('');
      expect(directory.stderr).toBe(
        `Error: ${dir} is a directory, not a JSONL file.\nRun \`finetune-kit validate --help\` for usage.\n`,
      );
      const validation = await runCliInProcess([
        'validate',
        'examples/data/chat-support.jsonl',
        '--validation-file',
        dir,
      ]);
      expect(validation.code).toBe(2);
      expect(validation.stderr).toContain(
        `Error: --validation-file ${dir} is a directory, not a JSONL file.\n`,
      );
      const csv = join(dir, 'reviews.csv');
      await writeFile(csv, 'id,prompt,completion\n1,"Great tent",positive\n2,Leaks,negative\n');
      const run = await runCliInProcess(['validate', csv]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `Error: ${csv} looks like CSV (header: id, prompt, completion), not JSONL; convert it to JSONL first: finetune-kit convert ${csv} --from csv\nEach line of a JSONL training file is one example, such as {"messages": [...]}.\n`,
      );
      const tsv = join(dir, 'reviews.jsonl');
      await writeFile(tsv, 'prompt\tcompletion\nGreat tent\tpositive\n');
      expect((await runCliInProcess(['estimate', tsv])).stderr).toMatch(
        /^Error: .*reviews\.jsonl looks like TSV \(header: prompt, completion\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const typo = await runCliInProcess([
      'validate',
      'examples/data/chat-support.jsonl',
      '--model',
      'gpt4o-mini',
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(
      /^Error: Unknown model "gpt4o-mini"\. Did you mean "gpt-4o-mini"\?\nKnown models: /,
    );
    const far = await runCliInProcess(['validate', 'examples/data/chat-support.jsonl', '--model', 'llama']);
    expect(far.stderr).toMatch(/^Error: Unknown model "llama"\.\nKnown models: /);
    const snapshot = await runCliInProcess(['validate', 'x.jsonl', '--model', 'gpt-4o-mini-2024-07-81']);
    expect(snapshot.stderr).toMatch(
      /^Error: Unknown model "gpt-4o-mini-2024-07-81"\. Did you mean "gpt-4o-mini-2024-07-18"\?\n/,
    );
    // Another version number is another model, not a typo.
    expect((await runCliInProcess(['validate', 'x.jsonl', '--model', 'gpt-5'])).stderr).toMatch(
      /^Error: Unknown model "gpt-5"\.\n/,
    );
  });

  it('reports a missing file as data (exit 1), and honours --n-epochs and another model', async () => {
    const missing = await runCliInProcess(['validate', 'does-not-exist.jsonl']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('file_not_found');
    const run = await runCliInProcess([
      'validate',
      'examples/data/chat-support.jsonl',
      '--model',
      'gpt-4.1-mini',
      '--n-epochs',
      '2',
      '--json',
    ]);
    const report = JSON.parse(run.stdout) as DatasetReportData;
    expect(report.model?.snapshot).toBe('gpt-4.1-mini-2025-04-14');
    expect(report.estimate).toMatchObject({ epochs: 2, epochsSource: 'hyperparameters', pricePer1M: 5 });
    expect(report.estimate.billedTokens).toBe(report.estimate.billablePerEpoch * 2);
  });

  it('colours only when asked or on a terminal, and respects NO_COLOR', async () => {
    const forced = await runCliInProcess(['validate', 'examples/data/chat-support.jsonl'], {
      env: { FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toContain('\u001B[32m✓ valid\u001B[39m');
    const tty = await runCliInProcess(['validate', 'examples/data/chat-support.jsonl'], {
      tty: true,
      env: {},
    });
    expect(tty.stdout).toContain('\u001B[');
    const noColor = await runCliInProcess(['validate', 'examples/data/chat-support.jsonl'], { tty: true });
    expect(noColor.stdout).not.toContain('\u001B[');
    const flag = await runCliInProcess(['validate', 'examples/data/chat-support.jsonl', '--no-color'], {
      tty: true,
      env: {},
    });
    expect(flag.stdout).not.toContain('\u001B[');
  });
});

describe('finetune-kit validate - (standard input)', () => {
  async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
    const bytes = new TextEncoder().encode(text);
    for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
  }

  it('validates what arrives on standard input, chunked anywhere, like the same file', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile('examples/data/broken.jsonl', 'utf8');
    const [fromStdin, fromFile] = await Promise.all([
      runCliInProcess(['validate', '-', '--json'], { stdin: chunks(text, 7) }),
      runCliInProcess(['validate', 'examples/data/broken.jsonl', '--json']),
    ]);
    expect(fromStdin.code).toBe(1);
    const stdinReport = JSON.parse(fromStdin.stdout) as DatasetReportData;
    const fileReport = JSON.parse(fromFile.stdout) as DatasetReportData;
    // The same issues on the same lines; only the file name (and so the extension check) differs.
    expect(stdinReport.countsByCode).toEqual(fileReport.countsByCode);
    expect(stdinReport.issues.map((issue) => [issue.code, issue.line])).toEqual(
      fileReport.issues.map((issue) => [issue.code, issue.line]),
    );
    const human = await runCliInProcess(['validate', '-'], { stdin: chunks(text, 64) });
    expect(human.stdout).toContain('Training file: standard input');
  });

  it('on a terminal, says where it reads from, and the first Ctrl-C ends it and closes standard input', async () => {
    const controller = new AbortController();
    let destroyed = false;
    // A terminal with nothing typed: a read that never completes until standard input is closed.
    const terminal = {
      isTTY: true,
      destroy: () => {
        destroyed = true;
      },
      [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<string>>(() => {}) }),
    };
    const running = runCliInProcess(['validate', '-'], { stdin: terminal, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const run = await running;
    expect(run.code).toBe(130);
    expect(run.stderr).toBe(
      'Reading JSONL from standard input; end with Ctrl-D, or pass a file.\nError: Interrupted.\n',
    );
    expect(destroyed).toBe(true);
    // Piped data gets no hint: it is not waiting for anyone to type.
    async function* piped(): AsyncGenerator<string> {
      yield `${JSON.stringify({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello.' },
        ],
      })}\n`;
    }
    const quiet = await runCliInProcess(['validate', '-'], { stdin: piped() });
    expect(quiet.stderr).toBe('');
  });

  it('is a usage error (exit 2) when there is no standard input', async () => {
    const run = await runCliInProcess(['validate', '-']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no standard input');
  });
});

describe('finetune-kit validate: remedies in CLI terms', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'finetune-kit-remedy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const chat = (index: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `Question ${index}?` },
        { role: 'assistant', content: `Answer ${index}.` },
      ],
    });

  it('names the fix and split commands with the file, never the library functions', async () => {
    const file = join(dir, 'my train.jsonl');
    const lines = Array.from({ length: 60 }, (_, index) => chat(index % 55));
    await writeFile(file, `\uFEFF${lines.join('\n')}\n`);
    const run = await runCliInProcess(['validate', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      / {2}duplicate_example ×5\n( {4}Line \d+ repeats the example on line \d+; duplicates weigh that example twice\.\n){5} {4}Leave such lines out with `finetune-kit fix '.*my train\.jsonl' --dedupe`\.\n/,
    );
    expect(run.stdout).toContain(
      "  utf8_bom ×1\n    line 1: The file starts with a UTF-8 byte-order mark; it was ignored.\n    Repair with `finetune-kit fix '",
    );
    expect(run.stdout).toMatch(
      /split_suggestion {2}No validation file: hold out 12 of 60 examples \(min\(1000, 20 %\)\) to see overfitting in the validation loss\. Split with `finetune-kit split '.*my train\.jsonl'` and train on '.*my train\.train\.jsonl' with `--validation-file '.*my train\.validation\.jsonl'`\./,
    );
    expect(run.stdout).not.toMatch(/dataset\.(fix|split)|stripBom|validationFile/);
    // --json keeps the library's message and adds the structured remedy.
    const json = JSON.parse(
      (await runCliInProcess(['validate', file, '--json'])).stdout,
    ) as DatasetReportData;
    expect(json.issues.find((issue) => issue.code === 'utf8_bom')).toMatchObject({
      remedy: { kind: 'fix', fix: 'stripBom' },
      message:
        'The file starts with a UTF-8 byte-order mark; it was ignored. Repair: dataset.fix() (its stripBom fix).',
    });
  });

  it('names the convert command for prompt/completion data on a chat model', async () => {
    const run = await runCliInProcess(['validate', 'examples/data/prompt-completion.jsonl']);
    expect(run.stdout).toContain(
      '  format_method_mismatch  Prompt/completion data trains only babbage-002 and davinci-002; gpt-4o-mini-2024-07-18 needs chat data. Convert with `finetune-kit convert examples/data/prompt-completion.jsonl`.\n',
    );
  });

  it('says <file> for standard input, whose name no command can take', async () => {
    const text = `${Array.from({ length: 60 }, (_, index) => chat(index)).join('\r\n')}\r\n`;
    async function* stdin(): AsyncGenerator<string> {
      yield text;
    }
    const run = await runCliInProcess(['validate', '-'], { stdin: stdin() });
    expect(run.stdout).toContain('Repair with `finetune-kit fix <file>`.');
    expect(run.stdout).toContain('Split with `finetune-kit split <file>` and train on its two outputs');
  });

  it('only names flags that the fix command has', () => {
    for (const flag of Object.values(FIX_FLAGS).filter(Boolean)) {
      expect(Object.keys(fixCommand.options ?? {}).map((name) => `--${name}`)).toContain(flag);
    }
  });
});
