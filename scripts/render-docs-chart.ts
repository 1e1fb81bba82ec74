/**
 * Regenerates the chart in docs/metrics.md from a simulated job: runs a supervised job with a
 * validation file in finetune-kit's API simulator, fetches it with `Metrics.fromJob` through the
 * real `openai` SDK, and writes `docs/metrics-chart.svg`. Also prints the terminal chart, the
 * findings and the checkpoint advice that the doc quotes.
 *
 * Usage: npx tsx scripts/render-docs-chart.ts
 */
import { writeFile } from 'node:fs/promises';
import OpenAI, { toFile } from 'openai';
import { Metrics } from '../src/metrics/index.js';
import { createSimulator } from '../src/testing/index.js';

const SYSTEM = 'You are Pip, the support assistant of Larkspur Bikes. Answer briefly and kindly.';
const PAIRS: readonly (readonly [string, string])[] = [
  ['How do I reset my bike computer?', 'Hold the MODE button for 8 seconds until the screen blinks.'],
  ['What is your return policy?', 'Unused items can be returned within 30 days with the receipt.'],
  ['Do you ship to Canada?', 'Yes. Delivery to Canada takes 5 to 8 business days.'],
  ['My chain keeps slipping.', 'A worn chain or cassette is likely. Bring it in for a free check.'],
  ['How often should I service my e-bike?', 'Every 1,000 km or once a year, whichever comes first.'],
  ['Where is my order?', 'Use the tracking link in your shipping email.'],
  ['Do you offer student discounts?', 'Yes, 10% off with a valid student email at checkout.'],
  ['How long does the battery last?', 'About 80 km in eco mode and 45 km in turbo mode.'],
];

function jsonl(count: number, offset = 0): string {
  return `${Array.from({ length: count }, (_, index) => {
    const [question, answer] = PAIRS[(index + offset) % PAIRS.length] as readonly [string, string];
    return JSON.stringify({
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: `${question} (#${index + offset})` },
        { role: 'assistant', content: answer },
      ],
    });
  }).join('\n')}\n`;
}

const sim = createSimulator({ seed: 42, clock: 'manual', training: { validationEvery: 10 } });
const client = new OpenAI({ apiKey: 'sk-sim-docs', baseURL: sim.baseURL, fetch: sim.fetch, maxRetries: 0 });
async function upload(text: string, name: string): Promise<string> {
  const file = await client.files.create({
    file: await toFile(new TextEncoder().encode(text), name),
    purpose: 'fine-tune',
  });
  sim.clock.advance(sim.options.timing.fileProcessingMs);
  return file.id;
}
const job = await client.fineTuning.jobs.create({
  model: 'gpt-4o-mini',
  training_file: await upload(jsonl(60), 'support-train.jsonl'),
  validation_file: await upload(jsonl(12, 60), 'support-valid.jsonl'),
  suffix: 'pip',
  method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 4 } } },
});
sim.advanceJob(job.id, { to: 'succeeded' });

const metrics = await Metrics.fromJob(client, job.id);
const svg = metrics.toSVG({ title: 'Simulated supervised job (finetune-kit API simulator, seed 42)' });
await writeFile(new URL('../docs/metrics-chart.svg', import.meta.url), svg);
console.log(
  `wrote docs/metrics-chart.svg (${svg.length} bytes) for ${job.id}: ${metrics.totalSteps} steps, ${metrics.epochs.length} epochs`,
);
console.log(metrics.toTerminalChart({ width: 64, height: 12, title: 'Simulated supervised job' }));
console.log(
  metrics.toTerminalChart({ width: 64, height: 12, title: 'Simulated supervised job', ascii: true }),
);
console.log(
  JSON.stringify(
    metrics.epochAggregates().map(({ metrics: _all, ...epoch }) => epoch),
    null,
    2,
  ),
);
for (const finding of metrics.diagnose()) console.log(finding);
console.log(metrics.earlyStopping({ semantics: 'keras', patience: 0 }).message);
console.log(metrics.bestCheckpoint().notes.join('\n'));
