import { expect, it } from 'vitest';
import { resolvedUrls, runLoggingResolves } from '../helpers/resolved-modules.js';

it('importing finetune-kit/dataset and validating loads no schema library, and no tokenizer until one is needed', async () => {
  const lines = await runLoggingResolves([
    "const { Dataset } = await import('./src/dataset/index.ts');",
    "process.stderr.write('IMPORTED\\n');",
    'const line = JSON.stringify({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!" }] });',
    "const report = await Dataset.fromString(line + '\\n').validate({ model: 'gpt-4o-mini', workers: 0 });",
    "process.stderr.write('TOKENS ' + report.tokens.total + '\\n');",
  ]);
  const imported = lines.indexOf('IMPORTED');
  expect(imported).toBeGreaterThan(0);
  const loaded = resolvedUrls(lines);
  const atImport = resolvedUrls(lines.slice(0, imported));
  // zod's ESM build is about a hundred files: loading it took 85 ms of a fresh process.
  expect(loaded.filter((url) => url.includes('/node_modules/zod/'))).toEqual([]);
  expect(atImport.filter((url) => /\/node_modules\/(gpt-tokenizer|tiktoken|openai)\//.test(url))).toEqual([]);
  expect(lines.some((line) => /^TOKENS \d+$/.test(line))).toBe(true);
});
