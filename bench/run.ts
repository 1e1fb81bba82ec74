/**
 * `npm run bench`: throughput and peak memory of each stage of validation, per file size, each
 * method in its own process.
 *
 *   npm run bench                          # 1 MB and 100 MB (generated)
 *   npm run bench -- --sizes 1,100,1000    # adds 1 GB
 *   npm run bench -- --file my.jsonl       # your own file instead of generated ones
 *   npm run bench -- --methods parse,validate --runs 3
 *   npm run bench -- --data ko,random-hangul   # some data sets only (default: all below)
 *
 * Data sets: `chat` (English-heavy, `bench/generate-dataset.ts`), `ko`, `ja`, `zh` (support-assistant
 * chats built from Debian's translations, `bench/generate-cjk-dataset.ts`; skipped with the package
 * to install when the catalogues are missing), `random-hangul`, `random-han`, `random-cyrillic`
 * (random syllables and characters, the worst case for every cache).
 *
 * Methods: (a) read = stream + split lines, (b) parse = + JSON.parse, (c) gpt-tokenizer = + stock
 * gpt-tokenizer one thread, (d) tiktoken = + tiktoken WASM one thread, count = + finetune-kit's
 * counter one thread, (e) validate = Dataset.validate() (default: workers for large files),
 * validate-1 = Dataset.validate({ workers: 0 }), validate-wcores = one worker per core with the
 * calling thread reading and aggregating only (not in the default list); validate-halves = each half
 * of the file validated by validate-1 in its own thread, both at once (two cores with no coordination:
 * the reference for the pool's speed-up); validate-1-sensitive = the same with the secret and
 * personal-data scan, validate-1-near = with the near-duplicate check (not in the default list:
 * `--methods validate-1,validate-1-sensitive,validate-1-near`).
 * Results go to bench/results/<file>.json.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLibrary, buildMethods } from './build-library.js';
import {
  CJK_DATASETS,
  type CjkDataset,
  generateCjkDataset,
  MissingCataloguesError,
} from './generate-cjk-dataset.js';
import { generateDataset } from './generate-dataset.js';
import type { MethodResult } from './methods.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DATA = join(here, '.data');
const ALL_METHODS = [
  'read',
  'parse',
  'gpt-tokenizer',
  'tiktoken',
  'count',
  'validate',
  'validate-1',
  'validate-halves',
];
const ALL_DATA = ['chat', ...CJK_DATASETS];
const GENERATOR_VERSION = 1;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/**
 * Reads the file once, discarding it, so that every method starts with the file in the page
 * cache: on the shared benchmark machine the kernel reclaims cold pages between runs (DAMON), and
 * a method that read from disk spent a second or more waiting (its CPU time below its wall time).
 */
function warmPageCache(file: string): void {
  const handle = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 22);
    while (readSync(handle, buffer, 0, buffer.length, null) > 0) {
      // discard
    }
  } finally {
    closeSync(handle);
  }
}

function runMethod(runner: string, method: string, file: string, library: string): Promise<MethodResult> {
  warmPageCache(file);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', runner, method, file, library], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${method} on ${basename(file)} exited with ${code}`));
      const line = output.trim().split('\n').at(-1) ?? '';
      resolve(JSON.parse(line) as MethodResult);
    });
  });
}

const format = (value: number, digits = 1) => value.toFixed(digits);

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  const methods = (argument('methods') ?? ALL_METHODS.join(',')).split(',');
  const runs = Number(argument('runs') ?? 1);
  const files: string[] = [];
  const custom = argument('file');
  if (custom) files.push(custom);
  else {
    const data = (argument('data') ?? ALL_DATA.join(',')).split(',');
    for (const size of (argument('sizes') ?? '1,100').split(',').map(Number)) {
      for (const name of data) {
        if (!ALL_DATA.includes(name)) throw new Error(`unknown data set ${name} (${ALL_DATA.join(', ')})`);
        const file = join(DATA, `${name}-v${GENERATOR_VERSION}-${size}mb.jsonl`);
        if (!existsSync(file)) {
          process.stderr.write(`generating ${basename(file)}…\n`);
          try {
            if (name === 'chat') await generateDataset(file, size, 1);
            else await generateCjkDataset(file, name as CjkDataset, size, 1);
          } catch (error) {
            if (!(error instanceof MissingCataloguesError)) throw error;
            console.log(`skipping ${name}: ${error.message}`);
            continue;
          }
        }
        files.push(file);
      }
    }
  }
  process.stderr.write('building the library (esbuild, as tsup)…\n');
  const library = await buildLibrary(join(DATA, 'build'));
  // Plain JavaScript for the measured processes (no tsx loader thread in their RSS).
  const runner = await buildMethods(join(DATA, 'runner'));

  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Number(format(totalmem() / 2 ** 30)),
    freeMemoryGb: Number(format(freemem() / 2 ** 30)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}`,
  );
  console.log(
    `Load average before the run: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(', ')}`,
  );
  const report: { machine: typeof machine; date: string; files: Record<string, MethodResult[]> } = {
    machine,
    date: new Date().toISOString(),
    files: {},
  };

  for (const file of files) {
    const results: MethodResult[] = [];
    console.log(`\n${basename(file)}`);
    console.log('method          MB/s  peak RSS MB   seconds  CPU s   examples   tokens');
    for (const method of methods) {
      // Stock gpt-tokenizer needs minutes on random text (386 s for 100 MB of random Hangul: its
      // merge cache thrashes); by default it runs on the 1 MB random files only.
      if (
        method === 'gpt-tokenizer' &&
        argument('methods') === undefined &&
        basename(file).startsWith('random-') &&
        statSync(file).size > 10e6
      ) {
        console.log('gpt-tokenizer   skipped on random text over 10 MB (minutes); --methods runs it');
        continue;
      }
      let best: MethodResult | null = null;
      for (let attempt = 0; attempt < runs; attempt++) {
        const result = await runMethod(runner, method, file, library);
        if (best === null || result.seconds < best.seconds) best = result;
      }
      if (!best) continue;
      results.push(best);
      console.log(
        `${method.padEnd(14)} ${format(best.mbPerSecond).padStart(5)} ${format(best.peakRssMb, 0).padStart(12)} ${format(best.seconds, 2).padStart(9)} ${format(best.cpuSeconds, 1).padStart(6)} ${String(best.examples).padStart(10)}   ${best.tokens ?? ''}`,
      );
    }
    const find = (method: string) => results.find((result) => result.method === method);
    const validate = find('validate');
    const reference = find('tiktoken');
    const ratio = (label: string, a: MethodResult | undefined, b: MethodResult | undefined) => {
      if (a && b) console.log(`${label.padEnd(42)} ${format(a.mbPerSecond / b.mbPerSecond, 2)}×`);
    };
    ratio('(e)/(c) validate vs stock gpt-tokenizer:', validate, find('gpt-tokenizer'));
    ratio('(e)/(d) validate vs tiktoken:', validate, reference);
    ratio('(e)/(b) validate vs read+JSON.parse:', validate, find('parse'));
    ratio('(e)/validate-1 workers vs one thread:', validate, find('validate-1'));
    ratio('validate-halves/validate-1 (no coordination):', find('validate-halves'), find('validate-1'));
    if (reference) {
      for (const result of results) {
        if (result === reference || result.tokens === null) continue;
        console.log(
          `tokens ${result.method.padEnd(14)} ${result.tokens} ${result.tokens === reference.tokens ? '==' : '!='} (d) tiktoken ${reference.tokens}`,
        );
      }
    }
    report.files[basename(file)] = results;
    // One record per file, so runs of different sizes do not overwrite each other.
    const resultsDir = join(here, 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, `${basename(file, '.jsonl')}.json`),
      `${JSON.stringify({ machine, date: report.date, loadAverage: loadavg(), results }, null, 2)}\n`,
    );
  }
}

await main();
