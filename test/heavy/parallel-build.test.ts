/**
 * Worker threads must load from the shipped bundles, not only from sources: builds the package
 * with the project's tsup config into a private folder, then validates a 12 MB file with the ESM
 * and the CommonJS build in child processes, counting the workers that started and answered, and
 * compares the reports with the same validation run from sources on one thread.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../bench/generate-dataset.js';
import { Dataset } from '../../src/dataset/dataset.js';
import config from '../../tsup.config.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
// Inside node_modules so the bundles resolve their dependencies (gpt-tokenizer, zod) as installed.
const outDir = join(root, 'node_modules/.cache/finetune-kit-heavy-build');
const work = join(tmpdir(), `finetune-kit-parallel-build-${process.pid}`);
const dataFile = join(work, 'train.jsonl');
const checkScript = join(work, 'check.cjs');

const CHECK = `
const threads = require('node:worker_threads');
const Original = threads.Worker;
let started = 0, answers = 0;
threads.Worker = class extends Original {
  constructor(...args) { super(...args); started++; this.on('message', () => answers++); }
};
(async () => {
  const [entry, file] = process.argv.slice(2);
  const lib = entry.endsWith('.cjs') ? require(entry) : await import(entry);
  const report = await lib.Dataset.fromFile(file).validate({ model: 'gpt-4o-mini', workers: 2 });
  console.log(JSON.stringify({ started, answers, report: report.toJSON() }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

beforeAll(async () => {
  mkdirSync(work, { recursive: true });
  writeFileSync(checkScript, CHECK);
  // Large enough that the calling thread cannot finish alone before the workers are up, even on a
  // loaded machine (it analyses batches itself until they are).
  await generateDataset(dataFile, 40, 5);
  await build({
    ...(config as object),
    outDir,
    dts: false,
    sourcemap: false,
    clean: true,
    silent: true,
  } as never);
}, 300_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('parallel validation from the built package', () => {
  for (const entry of ['dataset/index.js', 'dataset/index.cjs']) {
    it(`starts workers and matches the single-thread report (${entry})`, async () => {
      const { stdout } = await run(process.execPath, [checkScript, join(outDir, entry), dataFile], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        started: number;
        answers: number;
        report: { examples: number; tokens: { total: number } };
      };
      const sequential = await Dataset.fromFile(dataFile).validate({ model: 'gpt-4o-mini', workers: 0 });
      expect(result.started).toBe(2);
      // 'ready' from each worker plus at least one batch answered.
      expect(result.answers).toBeGreaterThan(2);
      expect(result.report.examples).toBe(sequential.examples);
      expect(result.report.tokens.total).toBe(sequential.tokens.total);
      expect(JSON.parse(JSON.stringify(result.report))).toEqual(
        JSON.parse(JSON.stringify(sequential.toJSON())),
      );
    });
  }
});
