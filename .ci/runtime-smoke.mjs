// Runs the built package on another runtime (Deno, Bun): validation with exact token counts, and a
// whole simulated fine-tuning job through the `openai` client and the simulator's fetch adapter.

import { countTokens, Dataset } from 'finetune-kit/dataset';
import { FineTuneJob } from 'finetune-kit/job';
import { createSimulator } from 'finetune-kit/testing';
import OpenAI from 'openai';

const runtime = globalThis.Deno
  ? `deno ${Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${Bun.version}`
    : `node ${process.version}`;
const check = (condition, what) => {
  if (!condition) throw new Error(`${runtime}: ${what}`);
};

const lines = Array.from({ length: 12 }, (_, index) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `What is ${index} + ${index}?` },
      { role: 'assistant', content: `${index + index}.` },
    ],
  }),
).join('\n');
const report = await Dataset.fromString(lines).validate({ model: 'gpt-4o-mini' });
check(report.ok && report.format === 'chat' && report.examples === 12, 'validation');
check(countTokens('hello world', { model: 'gpt-4o-mini' }) === 2, 'token count');
check(countTokens('\t\t\u0085', { encoding: 'o200k_base' }) === 3, 'U+0085 counted as tiktoken does');

const sim = createSimulator({ seed: 1 });
const client = new OpenAI({ apiKey: 'sk-sim', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
const job = await FineTuneJob.create(
  client,
  { model: 'gpt-4o-mini', training_file: lines },
  { clock: sim.clock },
);
let metricsEvents = 0;
job.on('metrics', () => metricsEvents++);
const done = await job.wait();
check(done.status === 'succeeded' && done.fine_tuned_model?.startsWith('ft:gpt-4o-mini'), 'job succeeded');
check(metricsEvents > 0, 'metrics events');
console.log(
  `ok ${runtime}: validate, count, and a simulated job (${metricsEvents} metrics events) → ${done.fine_tuned_model}`,
);
