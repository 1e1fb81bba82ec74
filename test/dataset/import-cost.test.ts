import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const hooks = new URL('../job/helpers/log-resolve.mjs', import.meta.url).href;

it('importing finetune-kit/dataset and validating loads no schema library, and no tokenizer until one is needed', async () => {
  const script = [
    "import { register } from 'node:module';",
    `register(${JSON.stringify(hooks)});`,
    "const { Dataset } = await import('./src/dataset/index.ts');",
    "process.stderr.write('IMPORTED\\n');",
    'const line = JSON.stringify({ messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!" }] });',
    "const report = await Dataset.fromString(line + '\\n').validate({ model: 'gpt-4o-mini', workers: 0 });",
    "process.stderr.write('TOKENS ' + report.tokens.total + '\\n');",
  ].join('\n');
  const { stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
  });
  const lines = stderr.split('\n');
  const imported = lines.indexOf('IMPORTED');
  expect(imported).toBeGreaterThan(0);
  const loaded = lines.filter((line) => line.startsWith('RESOLVED ')).map((line) => line.slice(9));
  const atImport = lines
    .slice(0, imported)
    .filter((line) => line.startsWith('RESOLVED '))
    .map((line) => line.slice(9));
  // zod's ESM build is about a hundred files: loading it took 85 ms of a fresh process.
  expect(loaded.filter((url) => url.includes('/node_modules/zod/'))).toEqual([]);
  expect(atImport.filter((url) => /\/node_modules\/(gpt-tokenizer|tiktoken|openai)\//.test(url))).toEqual([]);
  expect(lines.some((line) => /^TOKENS \d+$/.test(line))).toBe(true);
});
